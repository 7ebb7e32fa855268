// The filter's syntax in the app: typed into the filter, the list follows it and a mistake shows in the status line.
import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {App} from '../../source/app/app.js';
import {initialState} from '../../source/app/state.js';
import {loadArchive} from '../../source/core/reading/load.js';

const seeds = path.resolve(import.meta.dirname, '../../articles');
const archive = await loadArchive(seeds);

type View = {stdin: {write: (data: string) => void}; lastFrame: () => string | undefined};

/** Write, then wait until the frame shows `pattern` (or a second passes). */
async function type(view: View, text: string, pattern: RegExp) {
	// One key at a time, as a person types; each changes the frame (the input line at least).
	for (const key of text) {
		const before = view.lastFrame();
		view.stdin.write(key);
		for (let waited = 0; waited < 1000 && view.lastFrame() === before; waited += 10)
			await new Promise((resolve) => setTimeout(resolve, 10));
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	for (let waited = 0; waited < 1000 && !pattern.test(view.lastFrame() ?? ''); waited += 10)
		await new Promise((resolve) => setTimeout(resolve, 10));
	return view.lastFrame() ?? '';
}

test('the app filters with the syntax and shows a mistake in the status line, typing and after', async () => {
	const view = render(<App initial={initialState(archive.articles, {warnings: archive.warnings})} root={seeds} />);
	await new Promise((resolve) => setTimeout(resolve, 80));
	let frame = await type(view, '/', /^\/ /m);
	frame = await type(view, '微信 -圈子 after:2021-06', /1 \/ 1/);
	assert.match(frame, /注意！微信暂停新用户注册/);
	assert.doesNotMatch(frame, /微信官方：微信圈子/);
	frame = await type(view, ' foo:x', /未知字段 foo:/);
	assert.match(frame.split('\n').at(-1)!, /^\/ 微信 -圈子 after:2021-06 foo:x +未知字段 foo:/);
	assert.match(frame, /1 \/ 1/, 'the bad term is left out');
	frame = await type(view, '\r', /过滤有误：未知字段 foo:/);
	assert.match(frame.split('\n').at(-1)!, /^过滤有误：未知字段 foo:/);
	view.unmount();
});
