// An archive of `count` small articles, one an hour from 2020 on (in folders that do not follow the dates), and its
// cache, written as the app writes it: for the tests of a start from the cache that shows its newest entries first.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Catalog} from '../../source/core/catalog/catalog.js';

/** Makes the archive and its cache; returns the list's paths, newest first, as a start without the cache makes it. */
export async function datedArchive(root: string, cacheFile: string, count: number): Promise<string[]> {
	for (let folder = 0; folder < 6; folder++) mkdirSync(path.join(root, `c${folder}`), {recursive: true});
	for (let i = 0; i < count; i++) {
		const date = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
		const text = `---\ntitle: 第${i}篇\ndate: ${date}\ncategories: [c${i % 6}]\n---\n正文${i}`;
		writeFileSync(path.join(root, `c${i % 6}`, `${i}.md`), text);
	}
	// The metadata cache is written as the body index begins.
	const cold = await Catalog.open(root, {cacheFile});
	await cold.index(() => {});
	cold.close();
	return cold.articles.map((article) => article.path);
}
