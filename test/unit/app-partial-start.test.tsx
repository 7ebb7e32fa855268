// The app on a start from the cache that shows its newest entries first: the list becomes whole behind the first
// frame, and a reload (r) asked for before then compares the whole list with the disk, not the first part.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {render} from 'ink-testing-library';
import {App} from '../../source/app/app.js';
import {initialState} from '../../source/app/state.js';
import {Catalog} from '../../source/core/catalog/catalog.js';
import {openMarks} from '../../source/core/marks/marks-store.js';
import {datedArchive} from '../helpers/dated-archive.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-app-partial-'));
after(() => rmSync(temp, {recursive: true, force: true}));
const root = path.join(temp, 'archive');
const cacheFile = path.join(temp, 'cache', 'archive.cache');
const count = 6000;
await datedArchive(root, cacheFile, count);

async function until(frame: () => string | undefined, pattern: RegExp): Promise<string> {
	for (let waited = 0; waited < 20_000; waited += 20) {
		const text = frame() ?? '';
		if (pattern.test(text)) return text;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	assert.fail(`never ${pattern}:\n${frame()}`);
}

test('r during a partial start: the reload waits for the whole list and counts against it', async () => {
	const catalog = await Catalog.open(root, {cacheFile, quickStart: true, newestFirst: {}});
	assert.ok(catalog.partial);
	const marks = openMarks(root, {enabled: false});
	const initial = initialState(catalog.articles, {search: catalog.search, marks, listing: catalog.listing});
	const view = render(<App initial={initial} root={root} catalog={catalog} marks={marks} />);
	assert.match(view.lastFrame()!, / 1 \/ 5000\+ /);
	assert.match(view.lastFrame()!, /读取中 \d+%/);
	// At once: the rest of the cache is read in slices after this frame.
	view.stdin.write('r');
	const frame = await until(view.lastFrame, /已重新读取/);
	assert.match(frame, new RegExp(`已重新读取：${count} 篇(?!（)`), 'nothing was added to the whole list');
	assert.match(frame, new RegExp(` 1 / ${count} `));
	assert.doesNotMatch(frame, /读取中/);
	view.unmount();
});
