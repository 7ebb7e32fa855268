import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {App} from '../../source/app/app.js';
import {initialState, reduce} from '../../source/app/state.js';
import {StatusLine} from '../../source/app/status-line.js';
import {keyHintList} from '../../source/app/keys/key-to-command.js';
import {loadArchive} from '../../source/core/reading/load.js';

const seeds = path.resolve(import.meta.dirname, '../../articles');
const archive = await loadArchive(seeds);

// Ink 6 re-subscribes to input after each render: after each key, wait until the frame changes (or a second passes).
const settle = () => new Promise((resolve) => setTimeout(resolve, 80));

type View = {stdin: {write: (data: string) => void}; lastFrame: () => string | undefined};

async function press(view: View, ...keys: string[]) {
	for (const key of keys) {
		const before = view.lastFrame();
		view.stdin.write(key);
		for (let waited = 0; waited < 1000 && view.lastFrame() === before; waited += 10) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const keys = {enter: '\r', escape: '\u001B', down: '\u001B[B', up: '\u001B[A', tab: '\t', pageDown: '\u001B[6~'};

function setup() {
	const view = render(<App initial={initialState(archive.articles, {warnings: archive.warnings})} root={seeds} />);
	return view;
}

test('first frame: header, category tree with counts, newest article selected', async () => {
	const {lastFrame, unmount} = setup();
	await settle();
	const frame = lastFrame()!;
	assert.match(frame, /wxnews {2}全部文章/);
	assert.match(frame, /1 \/ 4/);
	assert.match(frame, /全部文章\s+4\/4/, 'unread beside the total');
	assert.match(frame, /新媒体\s+1\/1/);
	assert.match(frame, /未分类\s+2\/2/);
	const selected = frame.split('\n').find((line) => /> N {2}2021/.test(line));
	assert.ok(selected?.includes('注意！微信暂停新用户注册'), 'the newest article is selected');
	for (const line of frame.split('\n')) assert.ok(stringWidth(line) <= 100, `line too wide: ${line}`);
	unmount();
});

test('Enter opens the reader; q goes back; n/p move between articles', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, keys.enter);
	let frame = lastFrame()!;
	assert.match(frame, /每经网 · 2021-07-28 05:27 · 金融 › 每经网 › 分类/);
	assert.match(frame, /近日，不少网友反映/);
	assert.match(frame, /行 \d+%/);
	await press(view, 'n');
	frame = lastFrame()!;
	assert.match(frame, /微信官方：微信圈子将停止运营/);
	assert.match(frame, /IT 之家 · 2021-05-28 19:52/);
	await press(view, 'p');
	assert.match(lastFrame()!, /近日，不少网友反映/);
	await press(view, 'q');
	frame = lastFrame()!;
	assert.match(frame, /wxnews {2}全部文章/);
	assert.match(frame, /1 \/ 4/);
	unmount();
});

test('the reader scrolls by line and by page and shows its position', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, keys.enter);
	const position = () => /(\d+)\/(\d+) 行/.exec(lastFrame()!)!;
	const start = Number(position()[1]);
	await press(view, 'j');
	assert.equal(Number(position()[1]), start + 1);
	await press(view, ' ');
	assert.ok(Number(position()[1]) > start + 10);
	await press(view, 'G');
	assert.match(lastFrame()!, /100%/);
	await press(view, 'g');
	assert.equal(Number(position()[1]), start);
	unmount();
});

test('/ filters live with Chinese, highlights, Enter keeps and Esc clears', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, '/');
	await press(view, '圈子');
	let frame = lastFrame()!;
	assert.match(frame, /1 \/ 1/);
	assert.match(frame, /微信官方：微信圈子将停止运营/);
	assert.doesNotMatch(frame, /注意！微信暂停新用户注册/);
	await press(view, keys.enter);
	frame = lastFrame()!;
	assert.match(frame, /过滤：圈子/);
	assert.match(frame, /1 \/ 1/);
	await press(view, keys.escape);
	// Clearing keeps the article that was selected selected: it is the second newest.
	frame = lastFrame()!;
	assert.match(frame, /2 \/ 4/);
	assert.match(frame, /> . {2}2021-05-28 {2}微信官方/);
	unmount();
});

test('the category pane narrows the list', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	// Past 收藏 (the starred articles, none yet) to the first category.
	await press(view, keys.tab, 'j');
	assert.match(lastFrame()!, /wxnews {2}收藏 {3}0 \/ 0/);
	await press(view, 'j');
	let frame = lastFrame()!;
	assert.match(frame, /wxnews {2}全部文章 › 金融/);
	assert.match(frame, /1 \/ 1/);
	await press(view, 'G');
	frame = lastFrame()!;
	assert.match(frame, /未分类/);
	assert.match(frame, /1 \/ 2/);
	assert.match(frame, /微信将关停这个功能/);
	await press(view, keys.enter, keys.enter);
	assert.match(lastFrame()!, /小小莫理 · 莫理/);
	unmount();
});

test('a footnote number shows the full URL', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, 'j', keys.enter, '1', keys.enter);
	const frame = lastFrame()!;
	// The URL is an OSC 8 hyperlink (TERM is not one that shows it as garbage); the text is the same without it.
	assert.ok(
		frame.includes('\u001B]8;id=wxnews-1;https://www.ithome.com/\u001B\\https://www.ithome.com/\u001B]8;;\u001B\\'),
	);
	assert.match(withoutOsc8(frame), /\[1\] 链接 https:\/\/www\.ithome\.com\//);
	assert.match(frame, /c 复制链接/);
	unmount();
});

const withoutOsc8 = (text: string) => text.replace(/\u001B\]8;[^\u001B]*\u001B\\/g, '');

test('OSC 8 inside <Text> keeps every frame line one line, as wide as without it', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, 'j', keys.enter, 'G');
	const frame = lastFrame()!;
	const lines = frame.split('\n');
	const linkRows = lines.filter((line) => line.includes('\u001B]8;'));
	assert.ok(linkRows.length > 0, `the link list has hyperlinks:\n${frame}`);
	for (const line of linkRows) {
		assert.ok(stringWidth(withoutOsc8(line)) <= 100, `too wide: ${line}`);
		// Each link opened on a line is closed on it: nothing carries over to the next line.
		assert.equal(line.split('\u001B]8;id=').length - 1, line.split('\u001B]8;;\u001B\\').length - 1);
	}
	const before = process.env['WXNEWS_HYPERLINKS'];
	process.env['WXNEWS_HYPERLINKS'] = '0';
	try {
		await press(view, 'k', 'G');
		const plain = lastFrame()!;
		assert.ok(!plain.includes('\u001B]8;'), 'WXNEWS_HYPERLINKS=0: none');
		assert.equal(plain.split('\n').length, lines.length);
		assert.deepEqual(
			plain.split('\n').map((line) => stringWidth(line)),
			lines.map((line) => stringWidth(withoutOsc8(line))),
		);
	} finally {
		if (before === undefined) delete process.env['WXNEWS_HYPERLINKS'];
		else process.env['WXNEWS_HYPERLINKS'] = before;
	}
	unmount();
});

test('/ in the reader highlights the matches, n goes to the next, the status line counts', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, keys.enter, '/');
	assert.match(lastFrame()!.split('\n').at(-1)!, /^查找 /);
	view.stdin.write('微信');
	await press(view, keys.enter);
	// The matches come a frame after the text (they are positions in the laid-out lines): until then, no count.
	for (let waited = 0; waited < 2000 && !/查找“微信” (\d+\/|没有找到)/.test(lastFrame()!); waited += 10)
		await new Promise((resolve) => setTimeout(resolve, 10));
	let frame = lastFrame()!;
	const count = /查找“微信” (\d+)\/(\d+)/.exec(frame);
	assert.ok(count, `the status line counts:\n${frame}`);
	assert.equal(count[1], '1');
	assert.ok(Number(count[2]) > 5);
	await press(view, 'n');
	assert.match(lastFrame()!, /查找“微信” 2\//);
	await press(view, keys.escape);
	frame = lastFrame()!;
	assert.doesNotMatch(frame, /查找“/);
	await press(view, 'n');
	assert.match(lastFrame()!, /微信官方：微信圈子将停止运营/, 'after Esc, n opens the next article');
	unmount();
});

test('? shows every key', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, '?');
	let frame = lastFrame()!;
	// The page is longer than the terminal: paged through to its end.
	for (let page = 0; page < 10; page++) {
		await press(view, ' ');
		frame += lastFrame()!;
	}
	for (const key of ['Enter', 'Esc', 'n p', 'OSC 52', 'Ctrl-C']) assert.ok(frame.includes(key), `help mentions ${key}`);
	await press(view, keys.escape);
	assert.match(lastFrame()!, /1 \/ 4/);
	unmount();
});

test('keys typed fast after / in one read become the filter text', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, '/圈子');
	const frame = lastFrame()!;
	assert.match(frame, /1 \/ 1/);
	assert.match(frame, /\/ 圈子/);
	unmount();
});

test('keys in separate reads before the next frame each see the state the one before left', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, '/', ...'圈子', keys.enter);
	assert.match(lastFrame()!, /过滤：圈子/);
	// Three chunks waiting in stdin at once, as keys typed while a long article is being set arrive: Ink emits them one
	// after another before its input handler is re-subscribed. Enter opens the reader, q leaves it, s orders oldest
	// first. Read against the state last drawn, q would leave the browser too, clearing the filter.
	const waiting = [keys.enter, 'q', 's'];
	view.stdin.read = () => waiting.shift() ?? null;
	view.stdin.emit('readable');
	await settle();
	const frame = lastFrame()!;
	assert.match(frame, /过滤：圈子/, 'the filter is kept');
	assert.doesNotMatch(frame, /行 \d+%/, 'the reader was left');
	assert.match(frame, /最早在前/, 's reached the browser');
	unmount();
});

test('in the list of all articles, uncategorized ones fill the category column too', async () => {
	const {lastFrame, unmount} = setup();
	await settle();
	const undated = lastFrame()!
		.split('\n')
		.filter((line) => line.includes('(无日期)'));
	assert.equal(undated.length, 2);
	for (const line of undated) assert.match(line, /未分类\s*$/);
	unmount();
});

test('/微信 and Enter typed in one read search the article (the text is not lost before the input opens)', async () => {
	const view = setup();
	const {lastFrame, unmount} = view;
	await settle();
	await press(view, keys.enter);
	await press(view, '/微信\r');
	await settle();
	assert.match(lastFrame()!, /查找“微信” 1\/\d+/);
	await press(view, 'n');
	assert.match(lastFrame()!, /查找“微信” 2\/\d+/);
	unmount();
});

test('the status line keeps whole key hints: one that does not fit is left out, not cut', () => {
	const reading = reduce(initialState(archive.articles, {warnings: archive.warnings}), {type: 'open'});
	const hints = keyHintList(reading);
	for (const width of [40, 60, 80, 100]) {
		const {lastFrame, unmount} = render(
			<StatusLine
				state={reading}
				width={width}
				inputReady={{current: false}}
				dispatch={() => {}}
				reader={{scroll: 0, rows: 20, lines: 121}}
			/>,
		);
		const line = lastFrame()!;
		unmount();
		assert.ok(stringWidth(line) <= width, `${width}: ${line}`);
		assert.match(line, / 20\/121 行 17%$/, `${width}: the position at the end`);
		const shown = line
			.replace(/ 20\/121 行 17%$/, '')
			.trim()
			.split(' · ')
			.filter(Boolean);
		assert.ok(shown.length > 0, `${width}: some hints`);
		assert.deepEqual(shown, hints.slice(0, shown.length), `${width}: whole hints, in order: ${line}`);
	}
});
