// Temporary files of cache writes that were killed are removed at the next start; nothing else is touched.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Catalog} from '../../source/core/catalog/catalog.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-cache-tmp-'));
after(() => rmSync(temp, {recursive: true, force: true}));

/** The pid of a process that has ended. */
function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'});
	const pid = Number(child.stdout);
	assert.ok(pid > 0);
	assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the process is gone');
	return pid;
}

test('cache: stale temporary files (dead writer, or over an hour old) are removed on start; others stay', async () => {
	const root = path.join(temp, 'archive');
	mkdirSync(root);
	writeFileSync(path.join(root, 'a.md'), '---\ntitle: 标题\n---\n正文');
	const folder = path.join(temp, 'cache');
	mkdirSync(folder);
	const cache = path.join(folder, '0123456789abcdef0123.cache');
	const hourAgo = new Date(Date.now() - 61 * 60 * 1000);
	const minuteAgo = new Date(Date.now() - 60 * 1000);
	const make = (name: string, time = new Date()) => {
		writeFileSync(path.join(folder, name), 'partial');
		utimesSync(path.join(folder, name), time, time);
	};

	const dead = deadPid();
	make(`${path.basename(cache)}.${dead}.tmp`, minuteAgo); // writer gone
	make(`${path.basename(cache)}.${dead}.1a2b3c4d.tmp`); // writer gone, however fresh
	make(`other.cache.${process.pid}.tmp`, hourAgo); // older than an hour, even of a live pid
	make('no-pid.tmp', hourAgo); // older than an hour
	// Kept: a live writer's fresh file, a fresh file with no pid, and anything not named *.tmp.
	const kept = [
		`${path.basename(cache)}.${process.pid}.tmp`,
		`${path.basename(cache)}.${process.ppid}.9f8e7d6c.tmp`,
		'fresh.tmp',
		'notes.txt',
		'old.cache',
		'old.tmp.txt',
	];
	for (const name of kept) make(name, name.startsWith('old') ? hourAgo : new Date());
	// A symbolic link or folder named *.tmp is not a temporary file of ours: never followed, never removed.
	const target = path.join(temp, 'target.tmp');
	writeFileSync(target, 'not ours');
	utimesSync(target, hourAgo, hourAgo);
	symlinkSync(target, path.join(folder, `link.${dead}.tmp`));
	mkdirSync(path.join(folder, `folder.${dead}.tmp`));
	kept.push(`link.${dead}.tmp`, `folder.${dead}.tmp`);

	const catalog = await Catalog.open(root, {cacheFile: cache, quickStart: true});
	assert.deepEqual(readdirSync(folder).sort(), kept.sort());
	assert.deepEqual(readdirSync(temp).sort(), ['archive', 'cache', 'target.tmp']);

	// The catalog still works, and its own write leaves no temporary file behind.
	const checked = await catalog.check();
	await checked.index(() => {});
	checked.close();
	// The metadata cache and the body text store beside it.
	const stored = ['.cache', '.text', '.tidx'].map((end) => path.basename(cache).replace(/\.cache$/, end));
	assert.deepEqual(readdirSync(folder).sort(), [...kept, ...stored].sort());
});
