import {parentPort} from 'node:worker_threads';
import {firstChunk, nextChunk, scanChunk} from './scan-texts.js';
import {runInBackground} from './background-thread.js';

// Scans body texts on disk for a query's needles and sends the answers
// back chunk by chunk, a small chunk first so the list fills at once.
// Several workers share a scan: worker `part` of `parts` takes every
// `parts`-th chunk (the main thread puts them back in order).
export type ScanRequest = {
	seq: number;
	fd: number;
	needles: string[];
	/** [offset, length] pairs in list order, shared by the workers of this scan. */
	spans: Float64Array;
	latest: Int32Array;
	part: number;
	parts: number;
};
export type ScanReply = {seq: number; at: number; bits: Uint32Array; done: boolean};

const buffer = {bytes: Buffer.alloc(0)};

runInBackground();

parentPort!.on('message', ({seq, fd, needles, spans, latest, part, parts}: ScanRequest) => {
	const needleBytes = needles.map((needle) => Buffer.from(needle));
	const count = spans.length / 2;
	let size = firstChunk;
	for (let at = 0, index = 0; at < count || at === 0; at += size, size = nextChunk(size), index++) {
		// A newer request makes this one moot: stop between chunks.
		if (Atomics.load(latest, 0) !== seq) return;
		const end = Math.min(count, at + size);
		if (index % parts === part) {
			const bits = scanChunk(fd, spans.subarray(at * 2, end * 2), needleBytes, buffer);
			parentPort!.postMessage({seq, at, bits, done: end >= count} satisfies ScanReply, [bits.buffer as ArrayBuffer]);
		}
		if (end >= count) return;
	}
});
