// End-to-end: how the app behaves as a terminal program, in a real tmux pane: resizes, redraw, suspend and resume,
// exit statuses, what reaches stderr, and keys while a large archive is still loading.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {generateArchive} from '../../bench/generate.js';
import {Tmux, sleep, width, type Screen} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const header = /^\s*wxnews\b/;
const listHints = 'Enter 打开 · / 过滤';
const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-terminal-'));

const sessions: Tmux[] = [];
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	rmSync(temp, {recursive: true, force: true});
});

async function start(command: string, size = {width: 100, height: 30}): Promise<Tmux> {
	assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
	const session = await Tmux.start({...size, cwd: root, command});
	sessions.push(session);
	return session;
}

/** The app on the bundled articles, with a marker line giving its exit status afterwards. */
async function startApp(extra = '', size?: {width: number; height: number}): Promise<Tmux> {
	const session = await start(`node dist/cli.js ${extra}; echo "EXITED:$?"; exec sleep 120`, size);
	await session.waitFor((screen) => header.test(screen.rows[0]!) && screen.text.includes(listHints));
	return session;
}

/** Header on row 1 and nowhere else, status line above the last row, nothing wider than the terminal. */
function assertFrame(session: Tmux, screen: Screen) {
	const show = screen.rows.map((row, i) => `${String(i).padStart(2)}|${row}`).join('\n');
	assert.match(screen.rows[0]!, header, `the header is on the first row:\n${show}`);
	assert.equal(screen.rows.filter((row) => header.test(row)).length, 1, `one header:\n${show}`);
	assert.ok(screen.rows[session.height - 2]!.includes(listHints), `the status line above the last row:\n${show}`);
	assert.equal(screen.rows[session.height - 1]!.trim(), '', `the last row is empty:\n${show}`);
	for (const row of screen.rows) assert.ok(width(row) <= session.width, `wider than ${session.width}: ${row}`);
}

const settled = (session: Tmux) => (screen: Screen) =>
	header.test(screen.rows[0]!) && screen.rows[session.height - 2]!.includes(listHints);

test('narrowing by one column leaves the frame right from row 1', async () => {
	const session = await startApp();
	await session.resize(99, 30);
	assertFrame(session, await session.waitFor(settled(session)));
	await session.resize(100, 30);
	await session.press('j');
	assertFrame(session, await session.waitFor(settled(session)));
});

test('a storm of height-only resizes, then the first size again: the frame is whole', async () => {
	const session = await startApp();
	for (let i = 0; i < 20; i++) await session.resize(100, 18 + (i % 7));
	await session.resize(100, 30);
	const screen = await session.waitFor(settled(session));
	assertFrame(session, screen);
	assert.ok(screen.rows[1]!.includes('全部文章'), `the category pane starts on row 2:\n${screen.text}`);
});

test('a SIGWINCH with the size unchanged (resizes that came as one signal, back at the first size) redraws the frame', async () => {
	const session = await startApp();
	// What a shrink and a regrow leave: the frame moved up, a stale status line below it.
	const tty = await session.display('#{pane_tty}');
	writeFileSync(tty, '\u001B[1;1H\u001B[2L\u001B[5;10HLEFT-BY-THE-RESIZE');
	await session.waitFor('LEFT-BY-THE-RESIZE');
	process.kill(await session.findProcess('node'), 'SIGWINCH');
	const screen = await session.waitFor((s) => !s.text.includes('LEFT-BY-THE-RESIZE') && settled(session)(s));
	assertFrame(session, screen);
	assert.ok(screen.rows[1]!.includes('全部文章'), `the category pane starts on row 2:\n${screen.text}`);
});

test('Ctrl-L redraws the whole screen over what else was written to the terminal', async () => {
	const session = await startApp();
	const tty = await session.display('#{pane_tty}');
	writeFileSync(tty, '\u001B[5;10HGARBAGE-ON-THE-SCREEN\u001B[1;1HJUNK');
	await session.waitFor('GARBAGE-ON-THE-SCREEN');
	await session.press('C-l');
	const screen = await session.waitFor((s) => !s.text.includes('GARBAGE') && settled(session)(s));
	assertFrame(session, screen);
	assert.ok(!screen.text.includes('JUNK'));
});

test('Ctrl-Z suspends to the shell with the terminal restored; fg redraws the frame and keys work', async () => {
	const session = await start('exec bash --norc --noprofile -i', {width: 80, height: 24});
	await session.tmux('send-keys', '-t', session.target, '-l', "PS1='$ '; stty -g > before.tty; node dist/cli.js\r");
	await session.waitFor((screen) => header.test(screen.rows[0]!));
	// The test's own cwd is the repository; keep its files out of it.
	await session.press('C-z');
	let screen = await session.waitFor(/Stopped/);
	assert.equal(await session.display('#{alternate_on}'), '0', 'the alternate screen is left');
	assert.equal(await session.display('#{cursor_flag}'), '1', 'the cursor is visible');
	await session.tmux('send-keys', '-t', session.target, '-l', 'stty -a | grep -c " icanon"; fg\r');
	screen = await session.waitFor((s) => header.test(s.rows[0]!) && s.text.includes(listHints));
	assert.equal(await session.display('#{alternate_on}'), '1', 'back on the alternate screen');
	const selectedBefore = screen.rows.find((row) => /\|> /.test(row));
	screen = await session.press('j');
	const selectedAfter = screen.rows.find((row) => /\|> /.test(row));
	assert.notEqual(selectedAfter, selectedBefore, 'j moves the selection at once: raw mode is back');
	await session.press('q');
	screen = await session.waitFor(/^\$ ?$/m);
	rmSync(path.join(root, 'before.tty'), {force: true});
});

test('kill -TSTP stops the app like Ctrl-Z; kill -CONT brings it back whole', async () => {
	const session = await startApp();
	const pid = await session.findProcess('node');
	process.kill(pid, 'SIGTSTP');
	await session.waitFor(() => readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'T', 5000);
	process.kill(pid, 'SIGCONT');
	const screen = await session.waitFor(settled(session));
	assertFrame(session, screen);
	await session.press('q');
	await session.waitFor('EXITED:0');
});

test('Ctrl-C ends with status 130; q with 0', async () => {
	let session = await startApp();
	await session.press('C-c');
	await session.waitFor('EXITED:130');
	session = await startApp();
	await session.press('/');
	await session.press('C-c');
	await session.waitFor('EXITED:130');
	session = await startApp();
	await session.press('q');
	await session.waitFor('EXITED:0');
});

test('nothing reaches stderr on a normal run: the cursor is shown on the terminal', async () => {
	const errors = path.join(temp, 'stderr.txt');
	const session = await start(`node dist/cli.js 2>${errors}; echo "EXITED:$?"; exec sleep 120`);
	await session.waitFor(listHints);
	await session.press('q');
	await session.waitFor('EXITED:0');
	assert.equal(readFileSync(errors, 'utf8'), '', 'stderr is empty');
	assert.equal(await session.display('#{cursor_flag}'), '1', 'the cursor is visible again');
});

let large = '';
before(() => {
	large = path.join(temp, 'large');
	generateArchive(large, 20_000);
});

for (const [key, status] of [
	['q', 0],
	['C-c', 130],
] as const) {
	test(`${key} while a large archive is still loading quits at once (${status}), before any list is drawn`, async () => {
		const log = path.join(temp, `raw-${status}.log`);
		writeFileSync(log, '');
		const session = await start(`node dist/cli.js --no-cache ${large}; echo "EXITED:$?"; exec sleep 120`);
		await session.tmux('pipe-pane', '-o', '-t', session.target, `cat >> ${log}`);
		// Progress, not a bare 读取中…: files read of files found. It changes all the time, so it is caught on the
		// first capture that shows it, not on a settled screen.
		const deadline = Date.now() + 20_000;
		while (!/读取中… \d+ \/ 20000 个文件/.test((await session.capture()).text)) {
			assert.ok(Date.now() < deadline, 'no progress was shown');
			await sleep(20);
		}
		await session.tmux('send-keys', '-t', session.target, key);
		await session.waitFor(`EXITED:${status}`, 20_000);
		assert.ok(!readFileSync(log, 'utf8').includes('Enter 打开'), 'no list frame was drawn: the load was cut short');
	});
}
