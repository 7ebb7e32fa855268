import type {Worker} from 'node:worker_threads';
import type {ScanReply, ScanRequest} from './body-search-worker.js';
import {startWorker, workerUrl} from './start-worker.js';

/** Answers for the spans from `at` on: bodyBits per span, in the order asked. */
export type BodyChunk = {seq: number; at: number; bits: Uint32Array; done: boolean};

/**
 * Body search off the main thread and off the heap: a worker reads the body text file (text-store.ts) and looks for
 * the needles, so the interface keeps answering keys while it runs. One scan at a time: a new one (the next
 * keystroke) stops the last between chunks.
 */
export class BodySearch {
	private worker: Worker | undefined;
	private readonly latest = new Int32Array(new SharedArrayBuffer(4));
	private onChunk: ((chunk: BodyChunk) => void) | undefined;

	constructor(private readonly fd: number) {}

	scan(seq: number, needles: string[], spans: Float64Array, onChunk: (chunk: BodyChunk) => void): void {
		Atomics.store(this.latest, 0, seq);
		this.onChunk = onChunk;
		if (!this.worker) {
			this.worker = startWorker(workerUrl('body-search-worker', import.meta.url), {
				maxOldGenerationSizeMb: 16,
				maxYoungGenerationSizeMb: 4,
			});
			this.worker.on('message', (reply: ScanReply) => {
				if (reply.seq !== Atomics.load(this.latest, 0)) return;
				// Idle, the worker does not keep the process alive; scanning, it does (a script awaiting it).
				if (reply.done) this.worker?.unref();
				this.onChunk?.(reply);
			});
			// A worker that dies leaves body matches out; the rest of the filter works.
			this.worker.on('error', () => (this.worker = undefined));
		}
		this.worker.ref();
		this.worker.postMessage({seq, fd: this.fd, needles, spans, latest: this.latest} satisfies ScanRequest, [
			spans.buffer as ArrayBuffer,
		]);
	}

	/** Forget the scan under way (its answers are dropped). */
	cancel(): void {
		Atomics.add(this.latest, 0, 1);
		this.onChunk = undefined;
		this.worker?.unref();
	}

	stop(): void {
		this.cancel();
		void this.worker?.terminate();
		this.worker = undefined;
	}
}
