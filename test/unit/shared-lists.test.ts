import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {generateArchive} from '../../bench/generate.js';
import {Catalog} from '../../source/core/catalog/catalog.js';
import {sharedLists} from '../../source/core/reading/shared-lists.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-lists-'));
after(() => rmSync(temp, {recursive: true, force: true}));

test('sharedLists: one array for lists alike, another for lists that differ', () => {
	const lists = sharedLists();
	const a = lists(['科技', '微信']);
	assert.equal(lists(['科技', '微信']), a);
	assert.notEqual(lists(['科技']), a);
	assert.notEqual(lists(['科技微信']), lists(['科技', '微信']), 'the join cannot run two names together');
});

test('articles of one category path share its array, from the files and from the cache', async () => {
	const root = path.join(temp, 'archive');
	generateArchive(root, 300);
	const cacheFile = path.join(temp, 'archive.cache');
	for (const from of ['files', 'cache']) {
		const catalog = await Catalog.open(root, {cacheFile});
		const byPath = new Map<string, string[]>();
		let shared = 0;
		for (const {categories} of catalog.articles) {
			const key = categories.join('/');
			const first = byPath.get(key);
			if (first) {
				assert.equal(categories, first, `${from}: ${key}`);
				shared++;
			} else byPath.set(key, categories);
		}
		assert.ok(shared > 0 && shared === catalog.articles.length - byPath.size, `${from}: ${shared} shared`);
		await catalog.index(() => {});
		catalog.close();
	}
});
