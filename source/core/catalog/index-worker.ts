import {parentPort} from 'node:worker_threads';
import {bodySearchText} from '../search/search-index.js';
import {readArticleFile, type FileRef, type ReadOptions} from '../reading/load.js';

// Renders bodies off the main thread and returns their folded text for search.
export type IndexRequest = {root: string; jobs: Array<[id: number, file: FileRef]>; options: ReadOptions};
export type IndexReply = {results: Array<[id: number, text: string]>; done: boolean};

parentPort!.on('message', ({root, jobs, options}: IndexRequest) => {
	let results: IndexReply['results'] = [];
	for (const [id, file] of jobs) {
		let text = '';
		try {
			const {article} = readArticleFile(root, file, options);
			if (article) text = bodySearchText(article);
		} catch {
			// A body that cannot be rendered is simply not searchable; the reader reports it when opened.
		}
		results.push([id, text]);
		if (results.length >= 100) {
			parentPort!.postMessage({results, done: false} satisfies IndexReply);
			results = [];
		}
	}
	parentPort!.postMessage({results, done: true} satisfies IndexReply);
});
