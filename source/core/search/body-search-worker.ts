import {parentPort} from 'node:worker_threads';
import {scanTexts} from './scan-texts.js';

// Scans body texts on disk for a query's needles and streams the answers
// back in the order asked, a small chunk first so the list fills at once.
export type ScanRequest = {seq: number; fd: number; needles: string[]; spans: Float64Array; latest: Int32Array};
export type ScanReply = {seq: number; at: number; bits: Uint32Array; done: boolean};

const firstChunk = 256;
const maxChunk = 8192;
const buffer = {bytes: Buffer.alloc(0)};

parentPort!.on('message', ({seq, fd, needles, spans, latest}: ScanRequest) => {
	const needleBytes = needles.map((needle) => Buffer.from(needle));
	const count = spans.length / 2;
	let size = firstChunk;
	for (let at = 0; at < count || at === 0; at += size, size = Math.min(maxChunk, size * 2)) {
		// A newer request makes this one moot: stop between chunks.
		if (Atomics.load(latest, 0) !== seq) return;
		const end = Math.min(count, at + size);
		let bits: Uint32Array;
		try {
			bits = scanTexts(fd, spans.subarray(at * 2, end * 2), needleBytes, buffer);
		} catch {
			// The store was closed (the catalog stopped) or a read failed: no body matches, never a crash.
			bits = new Uint32Array(end - at);
		}
		parentPort!.postMessage({seq, at, bits, done: end >= count} satisfies ScanReply, [bits.buffer as ArrayBuffer]);
		if (end >= count) return;
	}
});
