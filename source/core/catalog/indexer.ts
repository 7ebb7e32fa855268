import os from 'node:os';
import type {Worker} from 'node:worker_threads';
import type {IndexReply, IndexRequest} from './index-worker.js';
import type {FileRef, ReadOptions} from '../reading/load.js';
import {startWorker, workerUrl} from '../search/start-worker.js';

export type IndexJob = [id: number, file: FileRef];

export type Indexing = {done: Promise<void>; stop: () => void};

/** Folded body texts in UTF-8, each followed by a newline, `lengths` bytes each (without it), for jobs `ids`. */
export type IndexedTexts = {ids: number[]; lengths: number[]; bytes: Uint8Array};

// A small heap makes a worker collect garbage early instead of growing to hundreds of megabytes. A hostile file
// can still exhaust it (YAML, say): that file is then skipped and a fresh worker takes the rest.
const resourceLimits = {maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4};
const url = workerUrl('index-worker', import.meta.url);

type Slot = {worker: Worker; chunk: IndexJob[]; received: number};

/**
 * Render bodies for search in worker threads. One core is left to the
 * interface, so the filter stays responsive while this runs.
 */
export function indexBodies(
	root: string,
	jobs: IndexJob[],
	onResults: (results: IndexedTexts) => void,
	options: ReadOptions = {},
): Indexing {
	const count = Math.max(1, Math.min(4, os.availableParallelism() - 1, Math.ceil(jobs.length / 200)));
	const queue: IndexJob[][] = [];
	for (let i = 0; i < jobs.length; i += 250) queue.push(jobs.slice(i, i + 250));
	const slots = new Set<Slot>();
	let stopped = false;
	let settle: (error?: Error) => void = () => {};

	const done = new Promise<void>((resolve, reject) => {
		settle = (error) => (error ? reject(error) : resolve());
	});

	const feed = (slot: Slot) => {
		const chunk = stopped ? undefined : queue.shift();
		if (!chunk) {
			void slot.worker.terminate();
			slots.delete(slot);
			if (slots.size === 0) settle();
			return;
		}
		slot.chunk = chunk;
		slot.received = 0;
		slot.worker.postMessage({root, jobs: chunk, options} satisfies IndexRequest);
	};

	const start = () => {
		const slot: Slot = {worker: startWorker(url, resourceLimits), chunk: [], received: 0};
		slots.add(slot);
		slot.worker.on('message', (reply: IndexReply) => {
			slot.received += reply.ids.length;
			if (!stopped) onResults(reply);
			if (reply.done) feed(slot);
		});
		slot.worker.on('error', (error: NodeJS.ErrnoException) => {
			slots.delete(slot);
			if (stopped) return;
			if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') {
				stopped = true;
				for (const other of slots) void other.worker.terminate();
				settle(error);
				return;
			}
			// The job it was on is skipped (its body is not searchable); a fresh worker takes the rest of the chunk.
			const rest = slot.chunk.slice(slot.received);
			if (rest.length > 0) {
				onResults({ids: [rest[0]![0]], lengths: [0], bytes: new Uint8Array([0x0a])});
				if (rest.length > 1) queue.unshift(rest.slice(1));
			}
			start();
		});
		feed(slot);
	};

	if (jobs.length === 0) settle();
	else for (let i = 0; i < count; i++) start();

	return {
		done,
		stop() {
			stopped = true;
			for (const slot of slots) void slot.worker.terminate();
			slots.clear();
			settle();
		},
	};
}
