import assert from 'node:assert/strict';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Catalog, type Progress} from '../../source/core/catalog/catalog.js';
import {readCacheIndex} from '../../source/core/catalog/cache.js';
import {bodyMatches} from '../helpers/bodies.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-cache-test-'));
after(() => rmSync(temp, {recursive: true, force: true}));

function write(root: string, file: string, title: string, body: string) {
	const full = path.join(root, file);
	mkdirSync(path.dirname(full), {recursive: true});
	writeFileSync(full, `---\ntitle: ${title}\ndate: 2021-05-0${file.length % 9}\n---\n<p>${body}</p>`);
}

let last: Catalog | undefined;

/** One start: the one before it has ended (it held the text store). */
async function open(root: string, cache: string | undefined) {
	last?.close();
	const catalog = await Catalog.open(root, {cacheFile: cache});
	last = catalog;
	const progress: Progress[] = [];
	await catalog.index((p) => progress.push(p));
	return {catalog, progress, titles: catalog.articles.map((a) => a.title).sort()};
}

const find = bodyMatches;

test('cache: unchanged files come from the cache; edited, added and deleted files are noticed', async () => {
	const root = path.join(temp, 'a');
	const cache = path.join(temp, 'a.cache');
	write(root, 'one.md', '第一篇', '正文甲');
	write(root, 'two.md', '第二篇', '正文乙');
	write(root, 'sub/three.md', '第三篇', '正文丙');

	const first = await open(root, cache);
	assert.deepEqual(first.titles, ['第一篇', '第三篇', '第二篇']);
	assert.ok(existsSync(cache), 'the cache is written after indexing');
	assert.deepEqual(
		readdirSync(temp).filter((name) => name.includes('.tmp')),
		[],
		'no temporary file is left',
	);
	assert.deepEqual(await find(first.catalog, '正文乙'), ['第二篇']);

	// Same size and modification time, but the write changed the ctime (the cache is keyed on it too): re-read.
	const one = path.join(root, 'one.md');
	const stat = statSync(one);
	writeFileSync(one, readFileSync(one, 'utf8').replace('第一篇', '第壹篇'));
	utimesSync(one, stat.atime, stat.mtime);
	const second = await open(root, cache);
	assert.deepEqual(second.titles, ['第三篇', '第二篇', '第壹篇']);
	assert.equal(second.progress[0]?.total, 3);
	assert.deepEqual(
		second.progress.map((p) => p.done),
		[2, 3],
		'the two unchanged bodies come from the text store, the edited one from its file',
	);
	assert.deepEqual(await find(second.catalog, '正文丙'), ['第三篇'], 'cached body text is searchable');

	// Edited (new mtime), added and deleted files.
	write(root, 'one.md', '第一篇修订', '正文丁');
	utimesSync(one, new Date(), new Date(Date.now() + 5000));
	write(root, 'four.md', '第四篇', '正文戊');
	rmSync(path.join(root, 'two.md'));
	const third = await open(root, cache);
	assert.deepEqual(third.titles, ['第一篇修订', '第三篇', '第四篇']);
	assert.deepEqual(await find(third.catalog, '正文丁'), ['第一篇修订']);
	assert.deepEqual(await find(third.catalog, '正文戊'), ['第四篇']);
	assert.deepEqual(await find(third.catalog, '正文乙'), []);
	assert.equal(readCacheIndex(cache)?.entries.length, 3, 'the rewritten cache drops the deleted file');
});

test('cache: a corrupt, truncated or other-version cache is rebuilt, never trusted', async () => {
	const root = path.join(temp, 'b');
	const cache = path.join(temp, 'b.cache');
	write(root, 'x.md', '标题甲', '内容一');
	write(root, 'y.md', '标题乙', '内容二');
	await open(root, cache);
	const good = readFileSync(cache);

	const corruptions: Array<[string, Buffer]> = [
		['garbage', Buffer.from('not a cache at all \u0000\u0001')],
		['other version', Buffer.from(good.toString('utf8').replace(/^wxnews-cache \d+/, 'wxnews-cache 999'))],
		['truncated JSON', good.subarray(0, 60)],
		['truncated text', good.subarray(0, good.length - 5)],
		['wrong title inside', Buffer.from(good.toString('utf8').replace('标题甲', '标题X'))],
	];
	for (const [name, bytes] of corruptions) {
		writeFileSync(cache, bytes);
		const {titles, catalog} = await open(root, cache);
		assert.deepEqual(titles, ['标题乙', '标题甲'], name);
		assert.deepEqual(await find(catalog, '内容一'), ['标题甲'], name);
		assert.ok(readCacheIndex(cache), `${name}: rebuilt`);
	}
});

test('--no-cache neither reads nor writes a cache', async () => {
	const root = path.join(temp, 'c');
	write(root, 'z.md', '标题', '内容');
	last?.close();
	last = undefined;
	const before = readdirSync(temp).length;
	const {titles} = await open(root, undefined);
	assert.deepEqual(titles, ['标题']);
	assert.equal(readdirSync(temp).length, before);
});
