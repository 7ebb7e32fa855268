// End-to-end: the built CLI (dist/cli.js, built by `npm test`) in a real
// pseudo-terminal provided by tmux, driven by keys, asserted on the screen.
import assert from 'node:assert/strict';
import {cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {Tmux, columnOf, styledCells, tmuxVersion, width, type Screen} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

const newest = '注意！微信暂停新用户注册';
const newestFull = '注意！微信暂停新用户注册，要注册还得等等';
const second = '微信官方：微信圈子将停止运营';
const header = /^\s*wxnews\b/;
const listHints = 'Enter 打开 · / 过滤';
const position = /(\d+)\/(\d+) 行 (\d+)%/;

const sessions: Tmux[] = [];
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
});

/**
 * Run the app in a fresh terminal. The shell around it prints a marker with
 * the exit code and whether the tty settings (stty -g) are what they were
 * before, then stays so the screen after exit can be inspected.
 */
async function startApp(
	options: {
		width?: number;
		height?: number;
		env?: Record<string, string>;
	} = {},
): Promise<Tmux> {
	assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
	const session = await Tmux.start({
		width: options.width ?? 100,
		height: options.height ?? 30,
		cwd: root,
		env: options.env,
		command:
			'printf "SHELL-BEFORE\\n"; S=$(stty -g); node dist/cli.js; C=$?; ' +
			'if [ "$(stty -g)" = "$S" ]; then T=same; else T=changed; fi; ' +
			'echo "EXITED:$C TTY:$T"; exec sleep 120',
	});
	sessions.push(session);
	await session.waitFor((screen) => header.test(screen.rows[0]!) && screen.text.includes(listHints));
	return session;
}

async function expectRestored(session: Tmux, code: number | RegExp = 0) {
	const screen = await session.waitFor(/EXITED:\d+ TTY:\w+/);
	const marker = /EXITED:(\d+) TTY:(\w+)/.exec(screen.text)!;
	if (typeof code === 'number') assert.equal(Number(marker[1]), code, 'exit code');
	else assert.match(marker[1]!, code, 'exit code');
	assert.equal(marker[2], 'same', 'the tty settings (raw mode, echo) are restored');
	assert.equal(await session.display('#{alternate_on}'), '0', 'the alternate screen is left');
	assert.equal(await session.display('#{cursor_flag}'), '1', 'the cursor is visible again');
	assert.ok(screen.text.includes('SHELL-BEFORE'), 'the normal screen with the shell output is back');
	assert.ok(!/wxnews/.test(screen.text), 'no trace of the app on the normal screen');
	assert.ok(!screen.text.includes(listHints), 'no trace of the app on the normal screen');
}

const listRows = (screen: Screen) => screen.rows.filter((row) => /\d{4}-\d{2}-\d{2} {2}|\(无日期\)/.test(row));

/** The filter input on the bottom line (tmux trims the space after an empty `/ `). */
const filterInput = (screen: Screen) => screen.rows.some((row) => /^\/( |$)/.test(row));

const selectedRow = (screen: Screen) => screen.rows.find((row) => /\|> |^> [N ][! ] (?:\d{4}|\()/.test(row));

/** The frame: header on the first row, at most rows − 1 rows tall, no row wider than the terminal. */
function assertSaneFrame(session: Tmux, screen: Screen) {
	assert.equal(screen.rows.length, session.height);
	assert.match(screen.rows[0]!, header, `the header is on the first row:\n${screen.text}`);
	assert.equal(screen.rows.filter((row) => header.test(row)).length, 1, `exactly one header:\n${screen.text}`);
	assert.equal(screen.rows.at(-1)!.trim(), '', `the last row stays empty (frame < rows):\n${screen.text}`);
	for (const row of screen.rows) assert.ok(width(row) <= session.width, `row wider than ${session.width}: ${row}`);
}

function readerPosition(screen: Screen): {shown: number; total: number} {
	const match = position.exec(screen.text);
	assert.ok(match, `a position indicator:\n${screen.text}`);
	return {shown: Number(match[1]), total: Number(match[2])};
}

test(`tmux is new enough for resize-window (>= 2.9)`, async () => {
	const version = await tmuxVersion();
	const [major, minor] = /(\d+)\.(\d+)/.exec(version)!.slice(1).map(Number);
	assert.ok(major! > 2 || (major === 2 && minor! >= 9), version);
});

for (const [w, h] of [
	[100, 30],
	[80, 24],
] as const) {
	test(`first frame at ${w}x${h}: header, categories, newest article selected`, async () => {
		const session = await startApp({width: w, height: h});
		const screen = await session.capture();
		assertSaneFrame(session, screen);
		assert.match(screen.rows[0]!, /wxnews +全部文章 +1 \/ 4\b/);
		assert.match(screen.text, /全部文章\s+4\/4/);
		assert.match(screen.text, /未分类\s+2\/2/);
		assert.equal(listRows(screen).length, 4, 'four articles listed');
		const selected = selectedRow(screen);
		assert.ok(selected?.includes(newest), `newest selected: ${selected}`);
		assert.ok(selected?.includes('2021-07-28'));
		assert.equal(await session.display('#{alternate_on}'), '1', 'the app uses the alternate screen');
		assert.match(screen.rows[h - 2]!, /q 退出/, 'status line above the empty last row');
		await session.press('q');
		await expectRestored(session);
	});
}

test('reader: Enter opens, Space/PageDown/b scroll, n/p switch, q goes back, q quits', async () => {
	const session = await startApp();
	let screen = await session.press('Enter');
	screen = await session.waitFor('每经网 · 2021-07-28');
	assert.ok(screen.rows[1]!.includes(newestFull), `title on the first body row:\n${screen.text}`);
	assert.match(screen.text, /每经网 · 2021-07-28 \d\d:\d\d · 金融 › 每经网 › 分类/);
	assert.match(screen.text, /每经编辑 孙志成/); // The source's space between the two names stays (issue 8).
	assert.match(screen.rows[0]!, /金融 › 每经网 › 分类\s+1 \/ 4\b/);
	assertSaneFrame(session, screen);
	const start = readerPosition(screen);
	assert.ok(start.total > start.shown, 'the article is longer than a page');

	screen = await session.press('Space');
	screen = await session.waitFor((s) => readerPosition(s).shown > start.shown);
	const afterSpace = readerPosition(screen);
	assert.ok(!screen.text.includes(newestFull), 'the title scrolled away');
	screen = await session.press('PageDown');
	screen = await session.waitFor((s) => readerPosition(s).shown > afterSpace.shown);
	assert.equal(readerPosition(screen).shown, readerPosition(screen).total, 'the end of a short article');
	screen = await session.press('g');
	screen = await session.waitFor((s) => readerPosition(s).shown === start.shown);
	assert.ok(screen.text.includes(newestFull), 'g goes back to the top');
	assertSaneFrame(session, screen);

	screen = await session.press('n');
	screen = await session.waitFor(second);
	assert.match(screen.rows[0]!, /\b2 \/ 4\b/);
	assert.match(screen.text, /IT 之家 · 2021-05-28/);
	assert.ok(!screen.text.includes(newestFull));
	screen = await session.press('p');
	screen = await session.waitFor(newestFull);
	assert.match(screen.rows[0]!, /\b1 \/ 4\b/);
	assert.ok(!screen.text.includes(second), `nothing left of the other article:\n${screen.text}`);

	screen = await session.press('q');
	screen = await session.waitFor(listHints);
	assert.match(screen.rows[0]!, /wxnews +全部文章/);
	assert.ok(selectedRow(screen)?.includes(newest));
	assertSaneFrame(session, screen);
	await session.press('q');
	await expectRestored(session);
});

test('Enter typed while the archive loads opens the newest article once the list is there', async () => {
	// Enough files that the load takes a while: the key comes in raw mode, before the first frame.
	const archive = mkdtempSync(path.join(os.tmpdir(), 'wxnews-early-'));
	after(() => rmSync(archive, {recursive: true, force: true}));
	const article = readFileSync(path.join(root, 'articles', '003_04d1408861d76c41.txt'));
	for (let i = 0; i < 6000; i++) writeFileSync(path.join(archive, `${String(i).padStart(4, '0')}.txt`), article);
	const session = await Tmux.start({
		width: 100,
		height: 30,
		cwd: root,
		command: `node dist/cli.js --no-cache ${archive}; exec sleep 120`,
	});
	sessions.push(session);
	// The progress changes every few milliseconds: waitFor would wait for it to settle.
	const deadline = Date.now() + 10_000;
	while (!(await session.capture()).rows[0]!.includes('读取中')) {
		assert.ok(Date.now() < deadline, 'the load shows its progress');
		await delay(20);
	}
	await session.tmux('send-keys', '-t', session.target, 'Enter');
	assert.ok(!header.test((await session.capture()).rows[0]!), 'the key came before the first frame');
	const screen = await session.waitFor('每经网 · 2021-07-28');
	assert.ok(screen.rows[1]!.includes(newestFull), `the reader, on the newest article:\n${screen.text}`);
	assert.match(screen.text, /每经编辑 孙志成/, 'with its body');
	assert.match(screen.text, position);
});

test('a keystroke redraws the frame in place: no row duplicated or shifted', async () => {
	// Ink 6.8 incremental rendering writes a partial update one row too low when the
	// frame is shorter than the terminal: the header appears twice after the first j.
	const session = await startApp();
	let screen = await session.press('j');
	screen = await session.waitFor(/2 \/ 4/);
	assertSaneFrame(session, screen);
	assert.ok(selectedRow(screen)?.includes(second), 'j selects the second article');
	assert.equal(screen.rows.indexOf(selectedRow(screen)!), 2, 'on the second list row');
	screen = await session.press('Enter');
	screen = await session.waitFor('IT 之家 · 2021-05-28');
	assertSaneFrame(session, screen);
	assert.ok(screen.rows[1]!.includes(second));
	screen = await session.press('p');
	screen = await session.waitFor(/1 \/ 4/);
	assertSaneFrame(session, screen);
	assert.ok(screen.rows[1]!.includes(newestFull), `title on row 1:\n${screen.text}`);
	assert.ok(!screen.text.includes('IT之家'), `no stale row of the other article:\n${screen.text}`);
	// p on the first article shows a notice in the status line.
	screen = await session.press('p');
	await session.waitFor('已是第一篇').catch(() => undefined);
	screen = await session.capture();
	assertSaneFrame(session, screen);
	assert.equal(screen.rows.filter((row) => row.includes('n/p')).length, 1, `one status line:\n${screen.text}`);
	await session.press('q', 'q');
	await expectRestored(session);
});

test('filter: / and a Chinese word narrow the list live, Enter keeps it, Esc clears it', async () => {
	const session = await startApp();
	let screen = await session.press('/');
	screen = await session.waitFor(filterInput);
	// Typed as one write, as a paste or an input method delivers it.
	screen = await session.type('圈子');
	screen = await session.waitFor((s) => /\b1 \/ 1\b/.test(s.rows[0]!) && s.rows[0]!.includes('过滤：圈子'));
	assert.ok(
		screen.rows.some((row) => row.startsWith('/ 圈子')),
		'the input shows the word',
	);
	const rows = listRows(screen);
	assert.equal(rows.length, 1, `one article left:\n${screen.text}`);
	assert.ok(rows[0]!.includes(second));
	assert.ok(!screen.text.includes(newest));
	assertSaneFrame(session, screen);

	screen = await session.press('Enter');
	screen = await session.waitFor(listHints);
	assert.match(screen.rows[0]!, /\b1 \/ 1\b.*过滤：圈子/, 'Enter keeps the filter');
	assert.equal(listRows(screen).length, 1);
	assertSaneFrame(session, screen);

	// The kept filter still applies to the reader's list: open, then back.
	screen = await session.press('Enter');
	screen = await session.waitFor('IT 之家 · 2021-05-28');
	assert.match(screen.rows[0]!, /IT 之家 › 分类资讯\s+1 \/ 1\b/);
	screen = await session.press('q');
	screen = await session.waitFor(listHints);
	assert.match(screen.rows[0]!, /过滤：圈子/);

	// Esc on the list clears it.
	screen = await session.press('Escape');
	screen = await session.waitFor((s) => listRows(s).length === 4);
	assert.ok(!screen.rows[0]!.includes('过滤'), 'Esc clears the filter');
	assert.match(screen.rows[0]!, /\b\d \/ 4\b/);
	await session.press('q');
	await expectRestored(session);
});

test('filter: Esc while typing clears the filter; a word with no match says so', async () => {
	const session = await startApp({width: 80, height: 24});
	await session.press('/');
	await session.waitFor(filterInput);
	await session.type('不存在的词');
	let screen = await session.waitFor(/0 \/ 0/);
	assert.match(screen.text, /没有文章包含/);
	assert.equal(listRows(screen).length, 0);
	// Backspace held down (or typed over a slow link) arrives as one read of several DEL bytes: each deletes.
	await session.tmux('send-keys', '-t', session.target, 'BSpace', 'BSpace', 'BSpace');
	screen = await session.waitFor((s) => s.rows[0]!.includes('过滤：不存') && !s.rows[0]!.includes('过滤：不存在'));
	assert.ok(
		screen.rows.some((row) => row.startsWith('/ 不存 ')),
		screen.text,
	);
	screen = await session.press('Escape');
	screen = await session.waitFor((s) => listRows(s).length === 4);
	assert.ok(!screen.rows[0]!.includes('过滤'), 'no filter in the header');
	assert.ok(!filterInput(screen), 'the input is gone');
	assertSaneFrame(session, screen);
	await session.press('q');
	await expectRestored(session);
});

test('while typing a filter the status line shows its keys (Enter keeps, Esc clears)', async () => {
	const session = await startApp();
	await session.press('/');
	const screen = await session.waitFor(filterInput);
	try {
		assert.match(screen.text, /Enter 保留/);
		assert.match(screen.text, /Esc 清除/);
	} finally {
		await session.press('Escape', 'q');
		await expectRestored(session);
	}
});

test('? shows every key; ? or Esc closes help', async () => {
	const session = await startApp();
	let screen = await session.press('?');
	screen = await session.waitFor((s) => /wxnews +帮助/.test(s.rows[0]!));
	assertSaneFrame(session, screen);
	// Help is longer than the terminal: G shows its end.
	const top = screen.text;
	screen = await session.press('G');
	assertSaneFrame(session, screen);
	for (const key of ['PgUp PgDn', 'Home End', 'Tab', 'n p', 'Ctrl-C', 'OSC 52'])
		assert.ok(top.includes(key) || screen.text.includes(key), `help mentions ${key}`);
	screen = await session.press('Escape');
	screen = await session.waitFor(listHints);
	assert.match(screen.rows[0]!, /wxnews +全部文章/);
	screen = await session.press('?');
	await session.waitFor((s) => /wxnews +帮助/.test(s.rows[0]!));
	screen = await session.press('?');
	screen = await session.waitFor(listHints);
	assert.ok(!screen.text.includes('随时退出'), 'help is closed');
	await session.press('q');
	await expectRestored(session);
});

test('Tab, h and l switch panes; choosing a category narrows the list', async () => {
	const session = await startApp();
	// Tab to the categories; j j chooses 金融 (past 收藏, the starred articles).
	let screen = await session.press('Tab', 'j', 'j');
	screen = await session.waitFor((s) => s.rows[0]!.includes('全部文章 › 金融'));
	assert.match(screen.rows[0]!, /全部文章 › 金融\s+1 \/ 1\b/);
	assert.ok(screen.text.includes('> - 金融'));
	let rows = listRows(screen);
	assert.equal(rows.length, 1, `only the 金融 article:\n${screen.text}`);
	assert.ok(rows[0]!.includes(newest));
	// l back to the list, Enter opens that article.
	screen = await session.press('l', 'Enter');
	screen = await session.waitFor('每经网 · 2021-07-28');
	screen = await session.press('q');
	screen = await session.waitFor(listHints);
	// h to the categories, down to 未分类 with G, two undated articles.
	screen = await session.press('h', 'G');
	screen = await session.waitFor((s) => s.rows[0]!.includes('未分类'));
	rows = listRows(screen);
	assert.equal(rows.length, 2, `two undated articles:\n${screen.text}`);
	assert.ok(rows.every((row) => row.includes('(无日期)')));
	// Tab back to the list: Enter opens an article, not a category.
	screen = await session.press('Tab', 'Enter');
	screen = await session.waitFor(position);
	assert.match(screen.rows[0]!, /wxnews +未分类\s+1 \/ 2\b/);
	screen = await session.press('Escape');
	screen = await session.waitFor(listHints);
	screen = await session.press('h', 'g');
	screen = await session.waitFor((s) => listRows(s).length === 4);
	assert.match(screen.rows[0]!, /wxnews +全部文章 +\d \/ 4\b/);
	assertSaneFrame(session, screen);
	await session.press('q');
	await expectRestored(session);
});

test('resize 100x30 → 40x12 → 100x30 keeps a sane frame, in the list and the reader', async () => {
	const session = await startApp();
	await session.resize(40, 12);
	let screen = await session.waitFor(
		(s) => header.test(s.rows[0]!) && s.rows.every((row) => width(row) <= 40) && listRows(s).length > 0,
	);
	assertSaneFrame(session, screen);
	assert.ok(selectedRow(screen)?.includes('2021-07-28'), `selection still visible:\n${screen.text}`);
	assert.ok(
		screen.rows.some((row) => /^-{10,}/.test(row)),
		'stacked layout with a divider',
	);
	screen = await session.press('Enter');
	screen = await session.waitFor(position);
	assertSaneFrame(session, screen);
	assert.ok(screen.text.includes('注意！'), 'the title, wrapped');
	await session.resize(100, 30);
	screen = await session.waitFor((s) => s.text.includes(newestFull) && position.test(s.text));
	assertSaneFrame(session, screen);
	screen = await session.press('q');
	screen = await session.waitFor((s) => listRows(s).length === 4 && s.text.includes('|'));
	assertSaneFrame(session, screen);
	await session.resize(40, 12);
	screen = await session.waitFor((s) => s.rows.every((row) => width(row) <= 40));
	await session.resize(100, 30);
	screen = await session.waitFor((s) => listRows(s).length === 4 && s.rows[1]!.includes('|'));
	assertSaneFrame(session, screen);
	assert.ok(selectedRow(screen)?.includes(newest));
	await session.press('q');
	await expectRestored(session);
});

test('Chinese columns line up: dates, titles, categories and the divider', async () => {
	for (const [w, h] of [
		[100, 30],
		[80, 24],
	] as const) {
		const session = await startApp({width: w, height: h});
		const screen = await session.capture();
		const rows = listRows(screen);
		assert.equal(rows.length, 4);
		const dateColumns = rows.map((row) => columnOf(row, /\d{4}-\d{2}-\d{2}|\(无日期\)/));
		assert.equal(new Set(dateColumns).size, 1, `dates start at one column: ${dateColumns}`);
		const titleColumns = rows.map((row) => columnOf(row, /(?<=(\d{4}-\d{2}-\d{2}|\(无日期\)) +)\S/));
		assert.equal(new Set(titleColumns).size, 1, `titles start at one column: ${titleColumns}`);
		const dividers = screen.rows.slice(1, h - 2).map((row) => columnOf(row, '|'));
		assert.equal(new Set(dividers).size, 1, `the divider is one straight column: ${dividers}`);
		const counts = screen.rows
			.slice(1, 9)
			.map((row) => row.slice(0, row.indexOf('|')))
			.filter((cell) => /\d\s*$/.test(cell))
			.map((cell) => width(cell.trimEnd()));
		assert.equal(new Set(counts).size, 1, `category counts end at one column: ${counts}`);
		const suffixes = rows.map((row) => columnOf(row, /(每经网|IT 之家)[^|]*$/)).filter((column) => column >= 0);
		assert.equal(suffixes.length, 2, `both categorised articles show their source: ${suffixes}`);
		assert.equal(new Set(suffixes).size, 1, `the category column lines up: ${suffixes}`);
		for (const row of screen.rows) assert.ok(width(row) <= w, `too wide: ${row}`);
		await session.press('q');
		await expectRestored(session);
	}
});

describe('every way out restores the terminal', () => {
	test('q', async () => {
		const session = await startApp();
		await session.press('Enter');
		await session.waitFor(position);
		await session.press('q', 'q');
		await expectRestored(session, 0);
	});

	test('Ctrl-C from the reader', async () => {
		const session = await startApp();
		await session.press('Enter');
		await session.waitFor(position);
		await session.press('C-c');
		await expectRestored(session, 130);
	});

	test('Ctrl-C while typing a filter', async () => {
		const session = await startApp();
		await session.press('/');
		await session.type('微信');
		await session.waitFor(/过滤：微信/);
		await session.press('C-c');
		await expectRestored(session, 130);
	});

	for (const [signal, code] of [
		['TERM', 143],
		['HUP', 129],
	] as const) {
		test(`kill -${signal} of the node process`, async () => {
			const session = await startApp();
			await session.press('Enter');
			await session.waitFor(position);
			const pid = await session.findProcess(path.basename(process.execPath));
			process.kill(pid, `SIG${signal}`);
			await expectRestored(session, code);
		});
	}
});

for (const term of ['xterm-256color', 'screen-256color', 'tmux-256color', 'xterm', 'vt220']) {
	test(`TERM=${term}: open an article, go back, quit`, async () => {
		const session = await startApp({width: 80, height: 24, env: {TERM: term}});
		assert.equal(await session.display('#{alternate_on}'), '1');
		await session.press('Enter');
		let screen = await session.waitFor('每经网 · 2021-07-28');
		assert.match(screen.text, position);
		screen = await session.press('q');
		screen = await session.waitFor(listHints);
		assert.ok(selectedRow(screen)?.includes(newest));
		await session.press('q');
		await expectRestored(session);
	});
}

test('NO_COLOR: no colour at all, selection in inverse video, matches underlined', async () => {
	const coloured = await startApp({width: 80, height: 24});
	await coloured.press('Enter');
	let screen = await coloured.waitFor(position);
	screen = await coloured.capture({escapes: true});
	assert.ok(
		screen.rows.some((row) => styledCells(row).some((cell) => cell.colour)),
		'with colours allowed, something is coloured (the title)',
	);
	await coloured.press('q', 'q');
	await expectRestored(coloured);

	const session = await startApp({width: 80, height: 24, env: {NO_COLOR: '1'}});
	screen = await session.capture({escapes: true});
	const cells = screen.rows.map(styledCells);
	assert.ok(!cells.flat().some((cell) => cell.colour), 'no colour anywhere');
	const selected = cells.find((row) =>
		row
			.map((cell) => cell.char)
			.join('')
			.includes(`> N  2021-07-28  ${newest}`),
	);
	assert.ok(selected, 'the selected row');
	const titleStart = selected.findIndex((cell) => cell.char === '注');
	assert.ok(selected[titleStart]!.inverse, 'the selected row is in inverse video (SGR 7)');
	const other = cells.find((row) =>
		row
			.map((cell) => cell.char)
			.join('')
			.includes(second),
	)!;
	assert.ok(!other.some((cell) => cell.inverse), 'other rows are not inverse');

	await session.press('/');
	await session.type('圈子');
	await session.waitFor(/1 \/ 1/);
	screen = await session.capture({escapes: true});
	const row = screen.rows.map(styledCells).find((cellsOfRow) =>
		cellsOfRow
			.map((cell) => cell.char)
			.join('')
			.includes(second),
	)!;
	const match = row.filter((cell) => cell.char === '圈' || cell.char === '子');
	assert.ok(match.length >= 2 && match.every((cell) => cell.underline), 'the match is underlined');
	assert.ok(!row.some((cell) => cell.colour), 'still no colour');
	await session.press('Escape', 'q');
	await expectRestored(session);
});

test('r reads the folder again: a file added while the app runs appears; s orders a filter by relevance', async () => {
	const archive = mkdtempSync(path.join(os.tmpdir(), 'wxnews-reload-'));
	try {
		cpSync(path.join(root, 'articles'), archive, {recursive: true});
		const session = await Tmux.start({
			width: 100,
			height: 30,
			cwd: root,
			command: `node dist/cli.js ${JSON.stringify(archive)}; echo "EXITED:$?"; exec sleep 120`,
		});
		sessions.push(session);
		await session.waitFor(/1 \/ 4/);
		writeFileSync(
			path.join(archive, 'new.md'),
			'---\ntitle: 新加的一篇：腾讯公告\ndate: 2030-01-01 08:00:00\ncategories: [测试]\n---\n<p>正文提到微信。</p>',
		);
		let screen = await session.press('r');
		// The selected article stays selected; the new one, the newest, is listed first above it.
		screen = await session.waitFor(/2 \/ 5/);
		assert.match(screen.rows[1]!, / {2}N {2}2030-01-01 {2}新加的一篇：腾讯公告/);
		assert.match(screen.rows[2]!, /> N {2}2021-07-28 {2}注意！微信暂停新用户注册/);
		assert.match(screen.text, /测试\s+1\/1/, 'its category is in the tree');

		await session.press('/');
		await session.type('微信');
		// The new article has the word in its body only: wait until its body is indexed and it is matched.
		await session.waitFor(/ \/ 5\s+最新在前\s+过滤：微信/);
		await session.press('Enter');
		// s: oldest first, then relevance.
		screen = await session.press('s', 's');
		screen = await session.waitFor(/按相关度/);
		// By relevance, titles that contain the word come before the article that has it only in its body.
		const titles = screen.rows.slice(1, 6).join('\n');
		assert.ok(titles.indexOf('新加的一篇') > titles.indexOf('微信官方'), titles);
		await session.press('q');
		await session.waitFor(/EXITED:0/);
	} finally {
		rmSync(archive, {recursive: true, force: true});
	}
});

test('a start from the cache picks up a file edited while wxnews was not running', async () => {
	const archive = mkdtempSync(path.join(os.tmpdir(), 'wxnews-quick-'));
	try {
		cpSync(path.join(root, 'articles'), archive, {recursive: true});
		const command = `node dist/cli.js ${JSON.stringify(archive)}; echo "EXITED:$?"; exec sleep 120`;
		const first = await Tmux.start({width: 100, height: 30, cwd: root, command});
		sessions.push(first);
		// The cache is written once every body is indexed: wait for the file itself (the first frame, with no
		// progress shown yet, looks the same as the last one).
		const cache = path.join(first.socketDir, 'cache');
		const written = () => {
			try {
				return readdirSync(path.join(cache, 'wxnews')).filter((name) => name.endsWith('.cache')).length;
			} catch {
				return 0;
			}
		};
		await first.waitFor(() => written() === 1, 30_000);
		await first.press('q');
		await first.waitFor(/EXITED:0/);
		assert.equal(written(), 1, 'a cache was written');

		const file = path.join(archive, '000_51e56767a37f38d3.txt');
		writeFileSync(
			file,
			readFileSync(file, 'utf8').replace("title: '微信官方：微信圈子将停止运营'", "title: '改过的标题'"),
		);
		utimesSync(file, new Date(), new Date(Date.now() + 60_000));

		const second = await Tmux.start({width: 100, height: 30, cwd: root, command, env: {XDG_CACHE_HOME: cache}});
		sessions.push(second);
		const screen = await second.waitFor(/改过的标题/);
		assert.doesNotMatch(screen.text, /微信官方：微信圈子将停止运营/);
		await second.press('q');
		await second.waitFor(/EXITED:0/);
	} finally {
		rmSync(archive, {recursive: true, force: true});
	}
});
