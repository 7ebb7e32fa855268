import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {indexBodies} from '../../source/core/catalog/indexer.js';
import {bodySearchText} from '../../source/core/search/body-text.js';
import {readArticleFile, scanArchive} from '../../source/core/reading/load.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = path.join(repo, '../shared/samples/wechat-archive');
const files = scanArchive(root, () => {}).slice(0, 80);
const jobs = files;

/** Index `jobs` with files up to `mainThreadUpTo` bytes on this thread, the rest in workers: the text of each job. */
async function texts(mainThreadUpTo: number): Promise<string[]> {
	const found: string[] = [];
	const decoder = new TextDecoder();
	await indexBodies(
		root,
		jobs,
		({ids, lengths, bytes}) => {
			let at = 0;
			for (const [k, id] of ids.entries()) {
				found[id] = decoder.decode(bytes.subarray(at, at + lengths[k]!));
				assert.equal(bytes[at + lengths[k]!], 0x0a, 'each text is followed by a newline');
				at += lengths[k]! + 1;
			}
		},
		{},
		mainThreadUpTo,
	).done;
	return found;
}

test('indexer: the main thread, the workers and both together make the same texts, one a file', async () => {
	const here = await texts(Number.POSITIVE_INFINITY);
	const away = await texts(0);
	const sizes = jobs.map(({size}) => size).sort((a, b) => a - b);
	const mixed = await texts(sizes[sizes.length >> 1]!);
	assert.equal(here.length, jobs.length);
	assert.deepEqual(away, here);
	assert.deepEqual(mixed, here);
	// And they are the body texts search reads (folded, on one line).
	for (const [i, {file}] of files.slice(0, 5).entries()) {
		const {article} = readArticleFile(root, {file});
		assert.equal(here[i], bodySearchText(article!).replaceAll('\n', ' '));
		assert.ok(here[i]!.length > 100);
	}
});

test('indexer: stopped, the main thread indexes no more and its promise settles', async () => {
	let received = 0;
	const indexing = indexBodies(root, jobs, ({ids}) => (received += ids.length), {}, Number.POSITIVE_INFINITY);
	indexing.stop();
	await indexing.done;
	await new Promise((resolve) => setTimeout(resolve, 50));
	assert.equal(received, 0);
});
