// No home directory (HOME unset and a uid with no passwd entry): the app runs without a cache and says so once;
// --json simply works. Needs root (to take a uid with no passwd entry) and setpriv; skipped otherwise.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Tmux} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const articles = path.join(root, 'articles');
/** A uid and gid that no passwd or group entry names. */
const nobody = 12345;
const asNobody = ['setpriv', `--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups'];
const homeless = [...asNobody, 'env', '-u', 'HOME', '-u', 'XDG_CACHE_HOME'];

const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const hasPasswdEntry = spawnSync('getent', ['passwd', String(nobody)]).status === 0;
const skip =
	process.getuid?.() !== 0
		? 'needs root, to run as a uid with no passwd entry'
		: !hasSetpriv
			? 'needs setpriv (util-linux)'
			: hasPasswdEntry
				? `uid ${nobody} has a passwd entry here`
				: false;

const sessions: Tmux[] = [];
// The working folder belongs to that uid, so that a cache path gone relative (./.cache) would be written there.
const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-homeless-'));
if (!skip) chownSync(temp, nobody, nobody);
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	rmSync(temp, {recursive: true, force: true});
});

function run(command: string[], cwd = temp) {
	const result = spawnSync(command[0]!, command.slice(1), {cwd, encoding: 'utf8', maxBuffer: 1 << 26});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

test('no home directory: the premise holds (os.homedir throws)', {skip}, () => {
	const result = run([...homeless, process.execPath, '-e', 'require("os").homedir()']);
	assert.notEqual(result.status, 0);
	assert.match(result.stderr, /uv_os_homedir returned ENOENT/);
});

test('no home directory: --json simply works', () => {
	assert.ok(existsSync(cli), 'run npm run build first');
	// HOME unset alone needs no root; with no passwd entry to fall back on, it does.
	const commands = [['env', '-u', 'HOME', '-u', 'XDG_CACHE_HOME', process.execPath, cli, '--json', articles]];
	if (!skip) commands.push([...homeless, process.execPath, cli, '--json', articles]);
	for (const command of commands) {
		const result = run(command);
		assert.equal(result.status, 0, result.stderr);
		assert.equal(result.stderr, '');
		assert.equal((JSON.parse(result.stdout) as unknown[]).length, 4);
	}
});

test('no home directory: the app starts without a cache and says so once in the status line', {skip}, async () => {
	assert.ok(existsSync(cli), 'run npm run build first');
	const quoted = homeless.map((word) => `'${word}'`).join(' ');
	const session = await Tmux.start({
		width: 100,
		height: 30,
		cwd: temp,
		command: `${quoted} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${JSON.stringify(articles)}; echo "EXITED:$?"; exec sleep 120`,
	});
	sessions.push(session);
	const screen = await session.waitFor(/不使用缓存/);
	const status = screen.rows.findLastIndex((row) => row.trim() !== '');
	assert.match(screen.rows[status]!, /没有主目录，不使用缓存/, `the notice is in the status line:\n${screen.text}`);
	assert.match(screen.text, /微信/, 'the list is shown');
	// Said once: like other notices it goes when an article is opened and closed, and does not come back.
	await session.press('Enter');
	await session.waitFor(/每经网/);
	await session.press('Escape');
	await session.waitForNot(/不使用缓存/);
	await session.press('q');
	await session.waitFor(/EXITED:0/);
	assert.deepEqual(readdirSync(temp), [], 'no cache was written anywhere relative (such as ./.cache)');
});

test(
	'an empty HOME is no home either: no cache in ./.cache',
	{skip: process.getuid?.() === 0 ? false : 'needs root'},
	async () => {
		const session = await Tmux.start({
			width: 100,
			height: 30,
			cwd: temp,
			// A uid with no passwd entry, so that there is nothing to fall back on.
			command: `${asNobody.join(' ')} env -u XDG_CACHE_HOME HOME= ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${JSON.stringify(articles)}; echo "EXITED:$?"; exec sleep 120`,
		});
		sessions.push(session);
		await session.waitFor(/没有主目录，不使用缓存/);
		await session.press('q');
		await session.waitFor(/EXITED:0/);
		assert.deepEqual(readdirSync(temp), []);
	},
);
