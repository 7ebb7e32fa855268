// The renderer is loaded after the first frame (renderer.ts): an article open before it has loaded is shown once it
// has, not an error. In a process of its own, since the unit tests load the renderer before they run.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {test} from 'node:test';

test('an article opened before the renderer has loaded is shown when it has', () => {
	const script = path.resolve(import.meta.dirname, '../helpers/open-before-renderer.tsx');
	const output = execFileSync(process.execPath, ['--import', 'tsx', script], {encoding: 'utf8', timeout: 30_000});
	const {loadedAtStart, first, last} = JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, unknown>;
	assert.equal(loadedAtStart, false, 'the renderer was not loaded when the app started');
	assert.doesNotMatch(String(first), /近日，不少网友反映/, 'no body before the renderer');
	assert.match(String(last), /每经网 · 2021-07-28 05:27 · 金融 › 每经网 › 分类/);
	assert.match(String(last), /近日，不少网友反映/, 'the body, once it has loaded');
});

test('a key right after the frame that shows an article (before the effects run) acts on that article', () => {
	const script = path.resolve(import.meta.dirname, '../helpers/key-after-async-frame.tsx');
	const output = execFileSync(process.execPath, ['--import', 'tsx', script], {encoding: 'utf8', timeout: 30_000});
	const {pressed, copied} = JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, unknown>;
	assert.equal(pressed, true, 'the article was shown');
	assert.equal(copied, true, 'c copied its source');
});

test('a saved reading position is kept when the article opens before the renderer has loaded', () => {
	const script = path.resolve(import.meta.dirname, '../helpers/open-before-renderer.tsx');
	const output = execFileSync(process.execPath, ['--import', 'tsx', script, '5'], {encoding: 'utf8', timeout: 30_000});
	const {loadedAtStart, title, last} = JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, string>;
	assert.equal(loadedAtStart, false, 'the renderer was not loaded when the app started');
	assert.match(last!, /近日，不少网友反映/, 'the body is shown');
	// Scrolled down five lines: the title and byline at the document's top are above the window.
	assert.ok(!last!.split('\n').some((line) => line.trim() === title), `scrolled to the saved line:\n${last}`);
	assert.match(last!, /\d+\/\d+ 行/);
});
