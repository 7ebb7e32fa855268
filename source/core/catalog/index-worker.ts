import {parentPort} from 'node:worker_threads';
import {encodeTexts, indexText, type IndexedTexts} from './index-texts.js';
import type {FileRef, ReadOptions} from '../reading/load.js';
import {loadRenderer} from '../rendering/renderer.js';
import {runInBackground} from '../search/background-thread.js';

// Renders bodies off the main thread and returns their folded text for
// search, as UTF-8 ready for the text store, in one transferred buffer per
// batch.
export type IndexRequest = {root: string; jobs: Array<[id: number, file: FileRef]>; options: ReadOptions};
export type IndexReply = IndexedTexts & {done: boolean};

const batch = 100;

runInBackground();

parentPort!.on('message', async ({root, jobs, options}: IndexRequest) => {
	await loadRenderer();
	let ids: number[] = [];
	let texts: string[] = [];
	const send = (done: boolean) => {
		const reply: IndexReply = {...encodeTexts(ids, texts), done};
		parentPort!.postMessage(reply, [reply.bytes.buffer as ArrayBuffer]);
		ids = [];
		texts = [];
	};
	for (const [id, file] of jobs) {
		ids.push(id);
		texts.push(indexText(root, file, options));
		if (ids.length >= batch) send(false);
	}
	send(true);
});
