// End-to-end: read marks, stars, reading positions and the last place survive a restart of the real app in tmux;
// a corrupt state file is set aside with a warning; --json shows the marks.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Tmux, type Screen} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-marks-'));
const listHints = 'Enter 打开 · / 过滤';
const position = /(\d+)\/(\d+) 行 (\d+)%/;

const sessions: Tmux[] = [];
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	rmSync(temp, {recursive: true, force: true});
});

function archiveCopy(name: string): string {
	const archive = path.join(temp, name);
	cpSync(path.join(root, 'articles'), archive, {recursive: true});
	return archive;
}

async function start(archive: string, state: string, ready: string | RegExp = listHints): Promise<Tmux> {
	assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
	const command = `node dist/cli.js ${JSON.stringify(archive)}; echo "EXITED:$?"; exec sleep 120`;
	const session = await Tmux.start({width: 100, height: 30, cwd: root, command, env: {XDG_STATE_HOME: state}});
	sessions.push(session);
	await session.waitFor(ready);
	return session;
}

async function quit(session: Tmux) {
	await session.press('q');
	await session.waitFor('EXITED:0');
}

const row = (screen: Screen, title: string) => screen.rows.find((each) => each.includes(title)) ?? '';

test('marks, a star, a reading position and the last place come back after a restart', async () => {
	const archive = archiveCopy('restart');
	const state = path.join(temp, 'state-restart');
	let session = await start(archive, state);
	let screen = await session.capture();
	assert.match(row(screen, '注意！微信暂停新用户注册'), /N {2}2021-07-28/, 'unread at first');
	// Read the newest article down to line 6, then star the second one and keep a filter.
	await session.press('Enter');
	screen = await session.waitFor(position);
	// One line at a time, each waited for: a loaded machine may take longer than
	// press()'s settle time to draw a key, and the position read must be the one saved.
	let line = Number(position.exec(screen.text)![1]);
	for (let step = 0; step < 5; step++) {
		await session.press('j');
		const before = line;
		screen = await session.waitFor((each) => Number(position.exec(each.text)?.[1]) > before);
		line = Number(position.exec(screen.text)![1]);
	}
	const left = position.exec(screen.text)!;
	await session.press('q');
	await session.waitFor(listHints);
	await session.press('j', 'f');
	screen = await session.waitFor(/已收藏/);
	assert.match(screen.text, /收藏\s+1\/1/, 'the 收藏 row counts it');
	await session.press('/');
	await session.type('微信');
	await session.press('Enter');
	await session.waitFor(/过滤：微信/);
	// The filter selected its top match; the second is where this run leaves off.
	await session.press('j');
	await session.waitFor(/2 \/ 4/);
	await quit(session);

	session = await start(archive, state);
	screen = await session.waitFor(/过滤：微信/);
	assert.match(screen.rows[0]!, /2 \/ 4/, `the last selected article again:\n${screen.text}`);
	assert.match(row(screen, '注意！微信暂停新用户注册'), / {2}2021-07-28/, 'read');
	assert.doesNotMatch(row(screen, '注意！微信暂停新用户注册'), /N {2}2021/);
	assert.match(row(screen, '微信官方：微信圈子将停止运营'), /N! 2021-05-28/, 'unread and starred');
	assert.match(screen.text, /收藏\s+1\/1/);
	// The read article reopens where it was left.
	await session.press('k', 'Enter');
	screen = await session.waitFor(position);
	assert.equal(position.exec(screen.text)![1], left[1], `the same position:\n${screen.text}`);
	// u: the next unread article, opened in the reader.
	screen = await session.press('u');
	screen = await session.waitFor(/微信官方：微信圈子将停止运营/);
	await session.press('q');
	await quit(session);

	const records = JSON.parse(
		execFileSync(process.execPath, [cli, '--json', archive], {
			env: {...process.env, XDG_STATE_HOME: state},
			encoding: 'utf8',
		}),
	) as Array<{title: string; read: boolean; starred: boolean}>;
	const byTitle = Object.fromEntries(records.map((record) => [record.title, record]));
	assert.equal(byTitle['注意！微信暂停新用户注册，要注册还得等等']?.read, true);
	assert.equal(byTitle['微信官方：微信圈子将停止运营']?.starred, true);
	const none = JSON.parse(
		execFileSync(process.execPath, [cli, '--json', '--no-state', archive], {
			env: {...process.env, XDG_STATE_HOME: state},
			encoding: 'utf8',
		}),
	) as Array<{read: boolean; starred: boolean}>;
	assert.ok(
		none.every((record) => !record.read && !record.starred),
		'--no-state reads no marks',
	);
	const filtered = JSON.parse(
		execFileSync(process.execPath, [cli, '--json', '--filter', 'is:starred', archive], {
			env: {...process.env, XDG_STATE_HOME: state},
			encoding: 'utf8',
		}),
	) as unknown[];
	assert.equal(filtered.length, 1, 'is:starred in --filter reads the same marks');
});

test('a corrupt state file is set aside with a warning, and the app starts fresh', async () => {
	const archive = archiveCopy('corrupt');
	const state = path.join(temp, 'state-corrupt');
	let session = await start(archive, state);
	await session.press('f');
	await session.waitFor(/已收藏/);
	await quit(session);
	const folder = path.join(state, 'wxnews');
	const [file] = readdirSync(folder).filter((name) => name.endsWith('.json'));
	assert.ok(file, 'a state file was written');
	writeFileSync(path.join(folder, file), '{"format":"wxnews-state", torn');
	session = await start(archive, state, /corrupt/);
	const screen = await session.capture();
	assert.match(screen.text, /收藏\s+0\/0/);
	assert.ok(
		readdirSync(folder).some((name) => name.includes('.corrupt-')),
		'the corrupt file is kept aside',
	);
	await quit(session);
});
