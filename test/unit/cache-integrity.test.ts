// The cache is checked before use (a hash per part) and everything read from it is cleaned as if it came from an
// article file: a flipped bit or a crafted cache never reaches the screen.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {crc32} from 'node:zlib';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Catalog} from '../../source/core/catalog/catalog.js';
import {readCacheIndex, writeCache, type CacheEntry} from '../../source/core/catalog/cache.js';
import {articleId} from '../../source/core/reading/article.js';
import {bodyMatches} from '../helpers/bodies.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-cache-integrity-'));
after(() => rmSync(temp, {recursive: true, force: true}));

function write(root: string, file: string, title: string, body: string) {
	const full = path.join(root, file);
	mkdirSync(path.dirname(full), {recursive: true});
	writeFileSync(full, `---\ntitle: ${title}\ndate: 2021-05-01\n---\n<p>${body}</p>`);
}

let last: Catalog | undefined;

/** One start: the one before it has ended (it held the text store). */
async function open(root: string, cache: string) {
	last?.close();
	const catalog = await Catalog.open(root, {cacheFile: cache});
	last = catalog;
	await catalog.index(() => {});
	return catalog;
}

const titles = (catalog: Catalog) => catalog.articles.map((a) => a.title).sort();
const find = (catalog: Catalog, word: string) => bodyMatches(catalog, word);

/** The cache with one bit of the first occurrence of `from` after `start` flipped so that it reads `to` (same length). */
function flip(bytes: Buffer, from: string, to: string, start = 0): Buffer {
	const a = Buffer.from(from);
	const b = Buffer.from(to);
	assert.equal(a.length, b.length);
	const at = bytes.indexOf(a, start);
	assert.ok(at >= 0, `${from} is in the cache`);
	const differing = [...a].filter((byte, i) => byte !== b[i]);
	assert.equal(differing.length, 1, 'one byte differs');
	const copy = Buffer.from(bytes);
	b.copy(copy, at);
	return copy;
}

const jsonEnd = (bytes: Buffer) => {
	const header = bytes.subarray(0, bytes.indexOf(0x0a)).toString('latin1');
	return header.length + 1 + Number(header.split(' ')[2]);
};

test('cache: a flipped bit in the metadata part is caught, and the title comes from the file again', async () => {
	const root = path.join(temp, 'json');
	const cache = path.join(temp, 'json.cache');
	write(root, 'a.md', '影响深远', '正文甲');
	write(root, 'b.md', '另一篇', '正文乙');
	await open(root, cache);
	// 影 (E5 BD B1) and 孱 (E5 AD B1) differ in one bit: the corruption the issue saw.
	const good = readFileSync(cache);
	const bad = flip(good, '影响深远', '孱响深远');
	assert.ok(bad.indexOf(Buffer.from('孱响深远')) < jsonEnd(bad), 'the flip is in the JSON part');
	writeFileSync(cache, bad);

	assert.equal(readCacheIndex(cache), undefined, 'the index is not trusted');
	const catalog = await open(root, cache);
	assert.deepEqual(titles(catalog), ['另一篇', '影响深远']);
	assert.ok(readCacheIndex(cache), 'the cache is rebuilt');
	assert.ok(readFileSync(cache).includes(Buffer.from('影响深远')));
});

test('text store: a torn, foreign or missing index of body texts is rebuilt from the files', async () => {
	const root = path.join(temp, 'text');
	const cache = path.join(temp, 'text.cache');
	write(root, 'a.md', '标题甲', '社会影响');
	write(root, 'b.md', '标题乙', '正文乙');
	await open(root, cache);
	const text = cache.replace(/\.cache$/, '.text');
	const records = cache.replace(/\.cache$/, '.tidx');
	const good = readFileSync(text);
	// Torn: the text's end cut off (the last record now points past it).
	writeFileSync(text, good.subarray(0, good.length - 3));
	let catalog = await open(root, cache);
	assert.deepEqual(await find(catalog, '影响'), ['标题甲'], 'the cut body was indexed again');
	assert.deepEqual(await find(catalog, '正文乙'), ['标题乙']);
	// Foreign: another generation's records.
	const other = readFileSync(records);
	other[8] = (other[8]! + 1) % 256;
	writeFileSync(records, other);
	catalog = await open(root, cache);
	assert.deepEqual(await find(catalog, '影响'), ['标题甲'], 'the records of another store are never used');
	rmSync(records);
	catalog = await open(root, cache);
	assert.deepEqual(await find(catalog, '正文乙'), ['标题乙']);
});

const hostile = '\u001B]0;pwned\u0007\u009B31m\u202Eevil\u001B[2J';

test('cache: a crafted, correctly hashed cache is cleaned like an article file', async () => {
	const root = path.join(temp, 'crafted');
	mkdirSync(root, {recursive: true});
	const cache = path.join(temp, 'crafted.cache');
	const file = `sub${hostile}/x.md`;
	const entries: CacheEntry[] = [
		{
			file,
			size: 1,
			mtimeMs: 1,
			ctimeMs: 1,
			ino: 1,
			meta: {
				id: articleId(file),
				file,
				path: file,
				title: `标题${hostile}`,
				author: `作者${hostile}`,
				categories: [`分类${hostile}`, hostile],
				tags: [`标签${hostile}`],
				date: 0,
				source: `https://example.com/${hostile}`,
				format: 'html',
			},
			warnings: [`warning${hostile}`],
		},
		{
			file: 'y.md',
			size: 1,
			mtimeMs: 1,
			ctimeMs: 1,
			ino: 2,
			meta: {
				id: articleId('y.md'),
				file: 'y.md',
				path: 'y.md',
				title: 'y',
				categories: [],
				tags: [],
				source: 'javascript:alert(1)',
				format: 'markdown',
			},
			warnings: [],
		},
		// Entries that lead out of the archive make the whole cache untrusted (tested below).
	];
	writeCache(cache, entries);
	const index = readCacheIndex(cache);
	assert.ok(index, 'a well-formed cache is read');
	const [entry] = index.entries;
	const meta = entry!.meta!;
	const shown = [
		meta.path,
		meta.title,
		meta.author!,
		...meta.categories,
		...meta.tags,
		meta.source ?? '',
		...entry!.warnings,
	];
	for (const text of shown) assert.doesNotMatch(text, /[\u0000-\u001F\u007F-\u009F\u202A-\u202E]/, text);
	assert.equal(meta.title, '标题]0;pwned31mevil[2J');
	assert.deepEqual(meta.categories, ['分类]0;pwned31mevil[2J', ']0;pwned31mevil[2J']);
	assert.equal(index.entries[1]!.meta!.source, undefined, 'a javascript: URL is dropped, as from an article');
	assert.equal(meta.file, file, 'the raw file name is kept for opening the file (never shown)');
});

test('cache: a cached path that leads out of the archive makes the cache untrusted', () => {
	const cache = path.join(temp, 'escape.cache');
	for (const file of ['../../etc/passwd.md', '/etc/passwd.md', 'a/../../b.md', 'a\u0000.md', '']) {
		const entry = {file, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, warnings: []};
		writeCache(cache, [entry]);
		assert.equal(readCacheIndex(cache), undefined, JSON.stringify(file));
	}
	// Odd but inside: a backslash, a leading dash or dots within a name.
	for (const file of ['a\\b.md', '-x/..y.md', 'a/b/c...md']) {
		writeCache(cache, [{file, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, warnings: []}]);
		assert.equal(readCacheIndex(cache)?.entries[0]?.file, file, JSON.stringify(file));
	}
});

test('cache: written with mode 0600 in a folder of mode 0700', async () => {
	const root = path.join(temp, 'modes');
	write(root, 'a.md', '标题', '正文');
	const folder = path.join(temp, 'modes-cache', 'wxnews');
	const cache = path.join(folder, 'x.cache');
	const umask = process.umask(0o022);
	try {
		await open(root, cache);
	} finally {
		process.umask(umask);
	}
	assert.equal(statSync(folder).mode & 0o777, 0o700, 'folder');
	assert.equal(statSync(cache).mode & 0o777, 0o600, 'file');
});

test('cache: a cache folder an older version left open to others is made 0700 again', async () => {
	const root = path.join(temp, 'loose');
	write(root, 'a.md', '标题', '正文');
	const folder = path.join(temp, 'loose-cache', 'wxnews');
	mkdirSync(folder, {recursive: true});
	chmodSync(folder, 0o755);
	await open(root, path.join(folder, 'x.cache'));
	assert.equal(statSync(folder).mode & 0o777, 0o700);
	assert.equal(statSync(path.join(folder, 'x.cache')).mode & 0o777, 0o600);
});

test('cache: a FIFO at the cache path is no cache (the start does not hang) and is replaced', async () => {
	const root = path.join(temp, 'fifo');
	write(root, 'a.md', '标题', '正文');
	const cache = path.join(temp, 'fifo.cache');
	if (spawnSync('mkfifo', [cache]).status !== 0) return;
	assert.equal(readCacheIndex(cache), undefined);
	const catalog = await open(root, cache);
	assert.deepEqual(titles(catalog), ['标题']);
	assert.ok(statSync(cache).isFile(), 'the cache written over it');
});

/** A cache of `lines` (JSON values, one a line) with a header and checksum that match: what a crafted file can be. */
function craftedCache(file: string, lines: unknown[]) {
	const body = Buffer.from(lines.map((line) => JSON.stringify(line) + '\n').join(''));
	const written = readFileSync(file);
	const good = written.subarray(0, written.indexOf(0x0a)).toString('latin1').split(' ');
	const header = `${good[0]} ${good[1]} ${String(body.length).padStart(15, '0')} ${crc32(body).toString(16).padStart(8, '0')}\n`;
	writeFileSync(file, Buffer.concat([Buffer.from(header), body]));
}

test('cache: names are stored once a line and read by index; an index out of its line makes the cache untrusted', () => {
	const cache = path.join(temp, 'names.cache');
	const meta = (file: string, author: string | undefined, categories: string[], tags: string[]) => ({
		id: articleId(file),
		file,
		path: file,
		title: file,
		author,
		categories,
		tags,
		format: 'markdown' as const,
	});
	const entry = (file: string, author: string | undefined, categories: string[], tags: string[] = []) => ({
		file,
		size: 1,
		mtimeMs: 1,
		ctimeMs: 1,
		ino: 1,
		meta: meta(file, author, categories, tags),
		warnings: [],
	});
	// 250 entries: three lines, the names repeating within and across them.
	const entries: CacheEntry[] = Array.from({length: 250}, (_, i) =>
		entry(
			`${i}.md`,
			i % 3 === 0 ? undefined : `作者${i % 2}`,
			i % 2 ? ['科技', '微信'] : ['微信'],
			i % 5 ? [] : ['微信'],
		),
	);
	writeCache(cache, entries);
	const text = readFileSync(cache, 'utf8');
	assert.equal(text.split('作者1').length - 1, 3, 'an author is written once a line');
	const index = readCacheIndex(cache);
	assert.ok(index);
	assert.deepEqual(
		index.entries.map(({meta}) => [meta!.author, meta!.categories, meta!.tags]),
		entries.map(({meta}) => [meta!.author, meta!.categories, meta!.tags]),
	);
	const lines = text
		.split('\n')
		.slice(1, -1)
		.map((line) => JSON.parse(line) as [string[], number[][], unknown[][]]);
	const [strings, lists, [row]] = lines[0]!;
	const stored = row![5] as unknown[];
	const withMeta = (change: (copy: unknown[]) => void, names: unknown[] = strings, paths: unknown[] = lists) => {
		const copy = [...stored];
		change(copy);
		return [names, paths, [[...row!.slice(0, 5), copy, []]]];
	};
	craftedCache(cache, [withMeta(() => {})]);
	assert.ok(readCacheIndex(cache), 'the crafted cache is well formed when nothing is out of place');
	for (const [what, line] of [
		['an author past the names', withMeta((copy) => (copy[2] = strings.length))],
		['an author that is a string', withMeta((copy) => (copy[2] = '作者1'))],
		['categories past the lists', withMeta((copy) => (copy[3] = lists.length))],
		['tags that are not an index', withMeta((copy) => (copy[4] = -1))],
		['a list with a name past the names', withMeta(() => {}, strings, [[strings.length], [], ...lists])],
		['a name that is not a string', withMeta(() => {}, [1, ...strings.slice(1)])],
		['a line of entries alone', [row]],
	] as const) {
		craftedCache(cache, [line]);
		assert.equal(readCacheIndex(cache), undefined, what);
	}
});
