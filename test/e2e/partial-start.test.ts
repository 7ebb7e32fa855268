// End-to-end: a start from the cache of a larger archive opens on its newest articles and reads the rest behind
// the list; opening on an article deep in the list (the last run's place) waits until it is read. In tmux, three
// starts of the real app on one generated archive.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {generateArchive} from '../../bench/generate.js';
import {sleep, Tmux} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-partial-'));
const sessions: Tmux[] = [];
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	rmSync(temp, {recursive: true, force: true});
});

// More than the 5,000 entries a partial start reads first.
const count = 7000;
const header = (text: string) => (screen: {rows: string[]}) => screen.rows[0]!.includes(text);

test('cached start of 7,000 articles: the newest at once, the whole list behind it, and the place kept', async () => {
	assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
	const archive = path.join(temp, 'archive');
	generateArchive(archive, count);
	const start = `node ${JSON.stringify(cli)} ${JSON.stringify(archive)}`;
	const session = await Tmux.start({
		command: `${start}; echo "FIRST:$?"; ${start}; echo "SECOND:$?"; ${start}; echo "EXITED:$?"; exec sleep 120`,
		width: 100,
		height: 30,
	});
	sessions.push(session);

	// A cold start: the cache is written once the metadata is read and the body index begins.
	await session.waitFor(header(`1 / ${count}   `), 60_000);
	const cacheFolder = path.join(session.socketDir, 'cache', 'wxnews');
	const cached = () => existsSync(cacheFolder) && readdirSync(cacheFolder).some((name) => name.endsWith('.cache'));
	for (let waited = 0; !cached();) {
		assert.ok(waited < 60_000, 'the cache was written');
		await sleep(200);
		waited += 200;
	}
	// Quit on the oldest article.
	await session.press('G');
	await session.waitFor(header(`${count} / ${count}   `));
	await session.press('q');
	await session.waitFor('FIRST:0', 10_000);

	// From the cache, on that article: it is chosen, so the whole list was read first.
	let screen = await session.waitFor(header(`${count} / ${count}`), 30_000);
	assert.ok(!screen.rows[0]!.includes('+'), `the whole list, at once:\n${screen.text}`);
	await session.press('g');
	await session.waitFor(header(`1 / ${count}   `));
	await session.press('q');
	await session.waitFor('SECOND:0', 10_000);

	// From the cache, on the plain list: the newest first, then every article and its category counts.
	screen = await session.waitFor(
		(s) => s.rows[0]!.includes(`1 / ${count}   `) && new RegExp(`全部文章 +\\d+/${count}\\|`).test(s.rows[1]!),
		30_000,
	);
	assert.ok(!screen.text.includes('读取中'), `no longer reading:\n${screen.text}`);
	await session.press('j');
	await session.waitFor(header(`2 / ${count}   `));
	await session.press('q');
	await session.waitFor('EXITED:0', 10_000);
});
