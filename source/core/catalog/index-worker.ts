import {parentPort} from 'node:worker_threads';
import {bodySearchText} from '../search/body-text.js';
import {readArticleFile, type FileRef, type ReadOptions} from '../reading/load.js';

// Renders bodies off the main thread and returns their folded text for
// search, as UTF-8 ready for the text store: each text and a newline, in
// one transferred buffer per batch.
export type IndexRequest = {root: string; jobs: Array<[id: number, file: FileRef]>; options: ReadOptions};
export type IndexReply = {ids: number[]; lengths: number[]; bytes: Uint8Array; done: boolean};

const batch = 100;

parentPort!.on('message', ({root, jobs, options}: IndexRequest) => {
	let ids: number[] = [];
	let texts: string[] = [];
	const send = (done: boolean) => {
		const encoded = texts.map((text) => Buffer.from(text));
		const bytes = new Uint8Array(encoded.reduce((sum, text) => sum + text.length + 1, 0));
		let at = 0;
		for (const text of encoded) {
			bytes.set(text, at);
			at += text.length;
			bytes[at++] = 0x0a;
		}
		const reply: IndexReply = {ids, lengths: encoded.map((text) => text.length), bytes, done};
		parentPort!.postMessage(reply, [bytes.buffer]);
		ids = [];
		texts = [];
	};
	for (const [id, file] of jobs) {
		let text = '';
		try {
			const {article} = readArticleFile(root, file, options);
			if (article) text = bodySearchText(article);
		} catch {
			// A body that cannot be rendered is simply not searchable; the reader reports it when opened.
		}
		ids.push(id);
		// Folded text has single spaces for whitespace; a newline would end the record early.
		texts.push(text.replaceAll('\n', ' '));
		if (ids.length >= batch) send(false);
	}
	send(true);
});
