// End-to-end: `wxnews article.md` — one file in every mode: the reader (q quits), --json, --ndjson, and text in a pipe.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import stringWidth from 'string-width';
import {Tmux} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-one-'));
const file = path.join(temp, '微信 圈子.txt');
cpSync(path.join(root, 'articles', '000_51e56767a37f38d3.txt'), file);
const title = '微信官方：微信圈子将停止运营';

const sessions: Tmux[] = [];
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	rmSync(temp, {recursive: true, force: true});
});

const run = (...args: string[]) =>
	spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {...process.env, XDG_STATE_HOME: temp}});

test('--json and --ndjson print that one article', () => {
	const json = run('--json', file);
	assert.equal(json.status, 0, json.stderr);
	const records = JSON.parse(json.stdout) as Array<{title: string; path: string}>;
	assert.equal(records.length, 1);
	assert.equal(records[0]!.title, title);
	assert.equal(records[0]!.path, '微信 圈子.txt');
	const ndjson = run('--ndjson', file);
	assert.equal(ndjson.stdout.trim().split('\n').length, 1);
	assert.equal((JSON.parse(ndjson.stdout) as {title: string}).title, title);
});

test('into a pipe it is text: header, body wrapped to 80 columns (or --width), links at the end', () => {
	const text = run(file);
	assert.equal(text.status, 0, text.stderr);
	const lines = text.stdout.trimEnd().split('\n');
	assert.equal(lines[0], title);
	assert.match(lines[1]!, /IT 之家 · 2021-05-28 19:52/);
	assert.ok(lines.some((line) => line === '链接与图片'));
	assert.ok(
		lines.every((line) => stringWidth(line) <= 80),
		'wrapped to 80',
	);
	assert.ok(
		lines.some((line) => stringWidth(line) > 60),
		'and filled',
	);
	const narrow = run('--width', '40', file);
	assert.ok(
		narrow.stdout
			.trimEnd()
			.split('\n')
			.every((line) => stringWidth(line) <= 40),
	);
});

test('a file that cannot be read: its warning and status 1; a missing one: a usage error', () => {
	const empty = path.join(temp, 'empty.md');
	writeFileSync(empty, '');
	const result = run('--json', empty);
	assert.equal(result.status, 1);
	assert.match(result.stderr, /^wxnews: warning: empty\.md: empty file\n$/);
	const missing = run(path.join(temp, 'nope.md'));
	assert.equal(missing.status, 2);
	assert.match(missing.stderr, /no such folder or file/);
});

test('in a terminal it opens the reader on the article; q quits', async () => {
	const session = await Tmux.start({
		width: 80,
		height: 24,
		cwd: root,
		command: `node dist/cli.js ${JSON.stringify(file)}; echo "EXITED:$?"; exec sleep 120`,
	});
	sessions.push(session);
	const screen = await session.waitFor(/\d+\/\d+ 行/);
	assert.match(screen.rows[0]!, /wxnews +微信 圈子\.txt/);
	assert.ok(screen.text.includes(title));
	await session.press('q');
	await session.waitFor('EXITED:0');
});
