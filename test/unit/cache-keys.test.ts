// The cache is keyed by size, mtime, ctime and inode: what keeps the mtime (chmod, an edit with the mtime put
// back, a file replaced by another) is noticed at the next start and by a reload.
import assert from 'node:assert/strict';
import {
	chmodSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Catalog} from '../../source/core/catalog/catalog.js';
import {readCacheIndex} from '../../source/core/catalog/cache.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-cache-keys-'));
after(() => rmSync(temp, {recursive: true, force: true}));

function write(file: string, title: string) {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, `---\ntitle: ${title}\n---\n正文`);
}

/** Change the file's text without changing its size or mtime. */
function editKeepingMtime(file: string, from: string, to: string) {
	const {atime, mtime, size} = statSync(file);
	writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
	utimesSync(file, atime, mtime);
	assert.equal(statSync(file).size, size);
	assert.equal(
		Math.round(statSync(file).mtimeMs),
		mtime.getTime(),
		'the same mtime, to the millisecond the cache keeps',
	);
}

async function start(root: string, cache: string) {
	const catalog = await Catalog.open(root, {cacheFile: cache});
	await catalog.index(() => {});
	return catalog.articles.map((a) => a.title).sort();
}

test('cache: an edit that keeps size and mtime is noticed at the next start (ctime)', async () => {
	const root = path.join(temp, 'ctime');
	const cache = path.join(temp, 'ctime.cache');
	write(path.join(root, 'a.md'), '第一篇');
	write(path.join(root, 'b.md'), '第二篇');
	assert.deepEqual(await start(root, cache), ['第一篇', '第二篇']);
	editKeepingMtime(path.join(root, 'a.md'), '第一篇', '第壹篇');
	assert.deepEqual(await start(root, cache), ['第二篇', '第壹篇']);
	const entry = readCacheIndex(cache)?.entries.find((item) => item.file === 'a.md');
	assert.equal(entry?.ctimeMs, statSync(path.join(root, 'a.md')).ctimeMs, 'the cache keeps the ctime');
	assert.equal(entry?.ino, statSync(path.join(root, 'a.md')).ino, 'and the inode');
});

test('cache: a file replaced by another of the same size and mtime is noticed (inode)', async () => {
	const root = path.join(temp, 'inode');
	const cache = path.join(temp, 'inode.cache');
	const file = path.join(root, 'a.md');
	write(file, '原来的');
	assert.deepEqual(await start(root, cache), ['原来的']);
	const {mtime, ctimeMs} = statSync(file);
	const other = path.join(temp, 'replacement.md');
	write(other, '替换的');
	utimesSync(other, mtime, mtime);
	renameSync(other, file);
	assert.notEqual(statSync(file).ino, readCacheIndex(cache)?.entries[0]?.ino);
	assert.deepEqual(await start(root, cache), ['替换的'], `ctime ${ctimeMs} → ${statSync(file).ctimeMs}`);
});

test('cache: a quick start shows the cache, and the check after it notices a chmod and an edit that kept mtime', async () => {
	const root = path.join(temp, 'check');
	const cache = path.join(temp, 'check.cache');
	write(path.join(root, 'a.md'), '第一篇');
	write(path.join(root, 'b.md'), '第二篇');
	assert.deepEqual(await start(root, cache), ['第一篇', '第二篇']);
	editKeepingMtime(path.join(root, 'a.md'), '第一篇', '第壹篇');
	const quick = await Catalog.open(root, {cacheFile: cache, quickStart: true});
	assert.deepEqual(quick.articles.map((a) => a.title).sort(), ['第一篇', '第二篇'], 'the cache, at once');
	const checked = await quick.check();
	assert.ok(checked.changed);
	assert.deepEqual(checked.articles.map((a) => a.title).sort(), ['第二篇', '第壹篇']);
	await checked.index(() => {});

	// A chmod alone (as root the file stays readable, so only the re-read shows): the reload compares ctime too.
	const reloaded = await Catalog.open(root, {cacheFile: cache, previous: checked});
	assert.equal(reloaded.changed, false, 'nothing changed yet');
	chmodSync(path.join(root, 'b.md'), 0o600);
	const again = await Catalog.open(root, {cacheFile: cache, previous: reloaded});
	assert.equal(again.changed, true, 'the chmod is noticed');
});
