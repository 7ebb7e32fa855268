// A file made unreadable after it was cached (chmod changes ctime, not mtime) is noticed at the next start and by
// `r`, and listed under `!`. Permissions matter only to a non-root user: as root the app runs as a uid of its own
// (setpriv); as anyone else, as themselves.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Tmux, sleep} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const asRoot = process.getuid?.() === 0;
const uid = 12345;
const skip =
	asRoot && spawnSync('setpriv', ['--version']).status !== 0 ? 'as root this needs setpriv (util-linux)' : false;

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-unreadable-'));
const home = path.join(temp, 'home');
const archive = path.join(temp, 'archive');
const cacheFolder = path.join(home, '.cache', 'wxnews');
const victim = '001_61142b2e4890a8fe.txt';
const victimTitle = '微信将关停这个功能';

const sessions: Tmux[] = [];
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	rmSync(temp, {recursive: true, force: true});
});

function prepare() {
	mkdirSync(home);
	cpSync(path.join(root, 'articles'), archive, {recursive: true});
	if (asRoot)
		for (const folder of [temp, home, archive, ...readdirSync(archive).map((name) => path.join(archive, name))])
			chownSync(folder, uid, uid);
}

async function start(): Promise<Tmux> {
	const user = asRoot ? `setpriv --reuid=${uid} --regid=${uid} --clear-groups ` : '';
	const session = await Tmux.start({
		width: 100,
		height: 30,
		cwd: temp,
		env: {HOME: home},
		command: `${user}env -u XDG_CACHE_HOME HOME=${JSON.stringify(home)} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${JSON.stringify(archive)}; echo "EXITED:$?"; exec sleep 120`,
	});
	sessions.push(session);
	await session.waitFor(/微信/);
	return session;
}

async function cacheWritten(): Promise<void> {
	for (let waited = 0; waited < 20_000; waited += 50) {
		if (existsSync(cacheFolder) && readdirSync(cacheFolder).some((name) => name.endsWith('.cache'))) return;
		await sleep(50);
	}
	assert.fail('the cache was never written');
}

async function expectListedAsUnreadable(session: Tmux) {
	await session.waitFor(/1 个问题\(!\)/, 20_000);
	let screen = await session.capture();
	assert.doesNotMatch(screen.text, new RegExp(victimTitle), 'the unreadable article has left the list');
	await session.press('!');
	screen = await session.waitFor('个文件有问题');
	assert.match(screen.text, new RegExp(`${victim}.*permission denied`));
	await session.press('Escape');
	await session.waitForNot('个文件有问题');
}

test('a file made unreadable after caching is listed under ! at the next start and after r', {skip}, async () => {
	assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
	if (asRoot) {
		const probe = spawnSync('setpriv', [
			`--reuid=${uid}`,
			`--regid=${uid}`,
			'--clear-groups',
			process.execPath,
			cli,
			'--version',
		]);
		assert.equal(probe.status, 0, `uid ${uid} cannot run ${process.execPath} ${cli}: ${String(probe.stderr)}`);
	}
	prepare();
	const first = await start();
	await cacheWritten();
	assert.match((await first.capture()).text, new RegExp(victimTitle));
	await first.press('q');
	await first.waitFor(/EXITED:0/);

	chmodSync(path.join(archive, victim), 0o000);
	const second = await start();
	await expectListedAsUnreadable(second);

	// Readable again, then unreadable again, while the app runs: `r` notices both.
	chmodSync(path.join(archive, victim), 0o644);
	await second.press('r');
	await second.waitFor(new RegExp(victimTitle), 20_000);
	await second.waitForNot(/个问题\(!\)/);
	chmodSync(path.join(archive, victim), 0o000);
	await second.press('r');
	await expectListedAsUnreadable(second);
	await second.press('q');
	await second.waitFor(/EXITED:0/);
});
