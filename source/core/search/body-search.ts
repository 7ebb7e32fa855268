import os from 'node:os';
import type {Worker} from 'node:worker_threads';
import type {ScanReply, ScanRequest} from './body-search-worker.js';
import {firstChunk, nextChunk, scanChunk} from './scan-texts.js';
import {startWorker, workerUrl} from './start-worker.js';

/** Answers for the spans from `at` on: bodyBits per span, in the order asked. */
export type BodyChunk = {seq: number; at: number; bits: Uint32Array; done: boolean};

/**
 * Two workers share a scan where there are cores for them and text enough to need them (reading 400 MB takes one
 * about 100 ms; 40 MB, 10 ms). Each costs about 15 MB of memory, so the second starts only for a long scan.
 */
const maxWorkers = Math.max(1, Math.min(2, os.availableParallelism()));
const bytesPerWorker = 64 * 1024 * 1024;
/**
 * Less text than this is scanned on the main thread, a chunk between frames (8,192 texts of 4 KB take it about 10
 * ms): a worker is not needed for it, and would cost its 15 MB.
 */
const mainThreadBytes = 48 * 1024 * 1024;

/**
 * Body search off the heap: workers read the body text file (text-store.ts) and look for the needles, so the
 * interface keeps answering keys while they run; a short scan is made on the main thread, chunk by chunk. One scan
 * at a time: a new one (the next keystroke) stops the last between chunks. Answers are handed on in list order.
 */
export class BodySearch {
	private workers: Worker[] = [];
	private readonly latest = new Int32Array(new SharedArrayBuffer(4));
	private onChunk: ((chunk: BodyChunk) => void) | undefined;
	/** Answers that came before the ones ahead of them. */
	private early = new Map<number, ScanReply>();
	private next = 0;
	/** How many spans the scan under way asked about. */
	private count = 0;
	private spans: Float64Array<ArrayBufferLike> = new Float64Array(0);
	/** The main thread's read buffer, for scans made here. */
	private readonly buffer = {bytes: Buffer.alloc(0)};

	/** `fd`: the text store's; `mainThreadUpTo`: the most text a scan made on the main thread may read. */
	constructor(
		readonly fd: number,
		private readonly mainThreadUpTo = mainThreadBytes,
	) {}

	/** `spans`: [offset, length] pairs (a negative length for an article not indexed yet), in list order. */
	scan(seq: number, needles: string[], spans: Float64Array, onChunk: (chunk: BodyChunk) => void): void {
		Atomics.store(this.latest, 0, seq);
		this.onChunk = onChunk;
		this.early.clear();
		this.next = 0;
		this.count = spans.length / 2;
		let bytes = 0;
		for (let i = 1; i < spans.length; i += 2) bytes += Math.max(0, spans[i]!);
		if (bytes <= this.mainThreadUpTo && this.workers.length === 0) {
			this.scanHere(seq, needles, spans);
			return;
		}
		const wanted = Math.min(maxWorkers, Math.ceil(bytes / bytesPerWorker));
		while (this.workers.length < Math.max(1, wanted)) this.workers.push(this.start());
		// Shared by the workers, and one buffer for every scan: memory outside the heap does not make the garbage
		// collector run, so a buffer per keystroke would pile up. A worker still on the last scan may read it changed
		// under it; its answers are dropped anyway.
		if (this.spans.length < spans.length)
			this.spans = new Float64Array(new SharedArrayBuffer(Math.max(spans.byteLength, 1024)));
		this.spans.set(spans);
		const shared = this.spans.subarray(0, spans.length);
		for (const [part, worker] of this.workers.entries()) {
			worker.ref();
			const request: ScanRequest = {
				seq,
				fd: this.fd,
				needles,
				spans: shared,
				latest: this.latest,
				part,
				parts: this.workers.length,
			};
			worker.postMessage(request);
		}
	}

	/** The scan on this thread: the same chunks as the workers', one per turn of the event loop. */
	private scanHere(seq: number, needles: string[], spans: Float64Array): void {
		const needleBytes = needles.map((needle) => Buffer.from(needle));
		const count = spans.length / 2;
		const step = (at: number, size: number) => {
			if (Atomics.load(this.latest, 0) !== seq) return;
			const end = Math.min(count, at + size);
			const bits = scanChunk(this.fd, spans.subarray(at * 2, end * 2), needleBytes, this.buffer);
			this.onChunk?.({seq, at, bits, done: end >= count});
			if (end < count) setImmediate(step, end, nextChunk(size));
		};
		setImmediate(step, 0, firstChunk);
	}

	private start(): Worker {
		const worker = startWorker(workerUrl('body-search-worker', import.meta.url), {
			maxOldGenerationSizeMb: 16,
			maxYoungGenerationSizeMb: 2,
		});
		worker.on('message', (reply: ScanReply) => {
			if (reply.seq !== Atomics.load(this.latest, 0)) return;
			this.early.set(reply.at, reply);
			for (let ready = this.early.get(this.next); ready; ready = this.early.get(this.next)) {
				this.early.delete(ready.at);
				this.next = ready.at + ready.bits.length;
				// Idle, the workers do not keep the process alive; scanning, they do (a script awaiting one).
				if (ready.done) this.idle();
				this.onChunk?.(ready);
			}
		});
		// A worker that dies leaves body matches out; the rest of the filter works. The scan under way ends with what
		// came, the rest as no match, so that the list is never left waiting for chunks that will not come.
		worker.on('error', () => {
			this.workers = this.workers.filter((other) => other !== worker);
			const seq = Atomics.load(this.latest, 0);
			const onChunk = this.onChunk;
			if (!onChunk || this.next >= this.count) return;
			this.cancel();
			onChunk({seq, at: this.next, bits: new Uint32Array(this.count - this.next), done: true});
		});
		return worker;
	}

	private idle(): void {
		for (const worker of this.workers) worker.unref();
	}

	/** Forget the scan under way (its answers are dropped). */
	cancel(): void {
		Atomics.add(this.latest, 0, 1);
		this.onChunk = undefined;
		this.early.clear();
		this.idle();
	}

	stop(): void {
		this.cancel();
		for (const worker of this.workers) void worker.terminate();
		this.workers = [];
	}
}
