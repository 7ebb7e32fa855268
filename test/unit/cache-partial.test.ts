// A start from the cache that opens on the plain list shows the cache's first (newest) entries and reads the rest
// between frames: the whole is what a full read gives, and a cache found damaged on the way gives way to the disk.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {Catalog} from '../../source/core/catalog/catalog.js';
import {readCacheIndex} from '../../source/core/catalog/cache.js';
import {datedArchive} from '../helpers/dated-archive.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-partial-'));
after(() => rmSync(temp, {recursive: true, force: true}));
const root = path.join(temp, 'archive');
const cacheFile = path.join(temp, 'cache', 'archive.cache');
const count = 6000;
/** The whole list's paths, newest first, as a start without the cache makes it. */
let newest: string[] = [];

before(async () => {
	newest = await datedArchive(root, cacheFile, count);
	assert.equal(newest.length, count);
	assert.equal(readCacheIndex(cacheFile)?.entries.length, count, 'the cache holds every article');
});

const paths = (catalog: Catalog) => catalog.articles.map((article) => article.path);
const openFiles = () => readdirSync('/proc/self/fd').length;

test('partial start: the first 5,000 entries, newest first; complete() reads the rest, once', async () => {
	const partial = await Catalog.open(root, {cacheFile, quickStart: true, newestFirst: {}});
	assert.ok(partial.partial);
	assert.deepEqual(paths(partial), newest.slice(0, 5000));
	const listing = partial.listing!;
	assert.ok(listing.done > 0 && listing.done < listing.total, JSON.stringify(listing));
	const seen: number[] = [];
	const whole = await partial.complete((progress) => seen.push(progress.done));
	assert.equal(partial.complete(), partial.complete(), 'asked twice, the same answer');
	assert.equal(await partial.complete(), whole);
	assert.ok(!whole.partial && !whole.verified);
	assert.equal(whole.listing, undefined);
	assert.deepEqual(paths(whole), newest);
	assert.equal(seen.at(-1), listing.total, 'the progress ends at the whole file');
	// The check against the disk follows, as after any quick start: nothing changed.
	const checked = await whole.check();
	assert.ok(checked.verified && !checked.changed);
	assert.deepEqual(paths(checked), newest);
	checked.close();
});

test('partial start on an article: read until the list holds it; one not there reads the whole', async () => {
	const deep = newest[5650]!;
	const partial = await Catalog.open(root, {cacheFile, quickStart: true, newestFirst: {article: deep}});
	assert.ok(partial.partial);
	// Lines of a hundred entries: up to the end of the line that holds it.
	assert.deepEqual(paths(partial), newest.slice(0, 5700));
	(await partial.complete()).close();

	const gone = await Catalog.open(root, {cacheFile, quickStart: true, newestFirst: {article: 'c0/gone.md'}});
	assert.ok(!gone.partial);
	assert.deepEqual(paths(gone), newest);
	// Without newestFirst (a filter or a category to open on), the whole cache, as before.
	const whole = await Catalog.open(root, {cacheFile, quickStart: true});
	assert.ok(!whole.partial && !whole.verified);
	assert.deepEqual(paths(whole), newest);
});

test('partial start of a cache damaged past its first entries: complete() gives the check against the disk', async () => {
	const damaged = path.join(temp, 'damaged.cache');
	const bytes = readFileSync(cacheFile);
	// A title in the last line, changed and still valid JSON: only the checksum at the end tells.
	const at = bytes.lastIndexOf(Buffer.from('第1篇'));
	assert.ok(at > bytes.length / 2, 'the oldest article is near the end');
	bytes.write('第7篇', at);
	writeFileSync(damaged, bytes);
	const partial = await Catalog.open(root, {cacheFile: damaged, quickStart: true, newestFirst: {}});
	assert.ok(partial.partial, 'the first entries are shown');
	const next = await partial.complete();
	assert.ok(next.verified, 'the disk was read');
	assert.deepEqual(paths(next), newest);
	assert.ok(next.articles.some((article) => article.title === '第1篇'));
	assert.ok(!next.articles.some((article) => article.path === 'c1/1.md' && article.title !== '第1篇'));
	next.close();
});

test('partial start closed before it is whole: the cache file is closed and complete() settles', async () => {
	const files = openFiles();
	const partial = await Catalog.open(root, {cacheFile, quickStart: true, newestFirst: {}});
	assert.equal(openFiles(), files + 1, 'the cache is open while it is read');
	partial.close();
	assert.equal(openFiles(), files, 'closed with the catalog');
	assert.equal(await partial.complete(), partial);
});
