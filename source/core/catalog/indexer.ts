import os from 'node:os';
import type {Worker} from 'node:worker_threads';
import {encodeTexts, indexText, type IndexedTexts} from './index-texts.js';
import type {IndexReply, IndexRequest} from './index-worker.js';
import type {FileRef, ReadOptions} from '../reading/load.js';
import {startWorker, workerUrl} from '../search/start-worker.js';
import {loadRenderer} from '../rendering/renderer.js';

/** A file to index: where it is, and its size. Its position in the list of jobs is its id, handed back with its text. */
export type IndexJob = FileRef & {size: number};

export type Indexing = {done: Promise<void>; stop: () => void};

// A small heap makes a worker collect garbage early instead of growing to hundreds of megabytes. A hostile file
// can still exhaust it (YAML, say): that file is then skipped and a fresh worker takes the rest.
const resourceLimits = {maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4};
const url = workerUrl('index-worker', import.meta.url);

/**
 * With two cores or fewer one worker is all the help there is, and a worker costs about 50 MB (its own heap and a
 * copy of the renderer): files up to this size are indexed on the main thread, between keys, instead. A larger
 * one could hold the interface up for a second, so those still go to a worker.
 */
const mainThreadBytes = os.availableParallelism() <= 2 ? 256 * 1024 : 0;
/** The main thread indexes for this long at a time, then answers keys and draws. */
const sliceMs = 8;

/**
 * Render bodies for search, newest first as given: on the main thread in slices (`mainThreadUpTo` bytes a file) and
 * in worker threads (the rest). One core is left to the interface, so the filter stays responsive while this runs.
 */
export function indexBodies(
	root: string,
	jobs: readonly IndexJob[],
	onResults: (results: IndexedTexts) => void,
	options: ReadOptions = {},
	mainThreadUpTo = mainThreadBytes,
): Indexing {
	// By id, not as copies of the jobs: a job list for a million files made another 90 MB while it was indexed.
	const here: number[] = [];
	const away: number[] = [];
	for (const [id, {size}] of jobs.entries()) (size <= mainThreadUpTo ? here : away).push(id);
	const parts = [indexHere(root, jobs, here, onResults, options), indexInWorkers(root, jobs, away, onResults, options)];
	return {
		done: Promise.all(parts.map((part) => part.done)).then(() => {}),
		stop() {
			for (const part of parts) part.stop();
		},
	};
}

/** Index on this thread, a slice at a time, yielding to the event loop (keys, frames) in between. */
function indexHere(
	root: string,
	jobs: readonly IndexJob[],
	ids: number[],
	onResults: (results: IndexedTexts) => void,
	options: ReadOptions,
): Indexing {
	let stopped = false;
	let settle = () => {};
	const done = new Promise<void>((resolve) => {
		settle = resolve;
		let at = 0;
		const slice = () => {
			if (stopped || at >= ids.length) {
				// Whoever keeps the Indexing does not keep the jobs.
				jobs = [];
				ids = [];
				return resolve();
			}
			const done: number[] = [];
			const texts: string[] = [];
			const until = performance.now() + sliceMs;
			do {
				const id = ids[at++]!;
				done.push(id);
				texts.push(indexText(root, jobs[id]!, options));
			} while (at < ids.length && performance.now() < until);
			onResults(encodeTexts(done, texts));
			setImmediate(slice);
		};
		void loadRenderer().then(() => setImmediate(slice));
	});
	return {
		done,
		stop() {
			stopped = true;
			settle();
		},
	};
}

type Slot = {worker: Worker; chunk: number[]; received: number};

/** Index in worker threads, chunk by chunk. */
function indexInWorkers(
	root: string,
	jobs: readonly IndexJob[],
	ids: number[],
	onResults: (results: IndexedTexts) => void,
	options: ReadOptions,
): Indexing {
	const count = Math.max(1, Math.min(4, os.availableParallelism() - 1, Math.ceil(ids.length / 200)));
	const queue: number[][] = [];
	for (let i = 0; i < ids.length; i += 250) queue.push(ids.slice(i, i + 250));
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
		const request: IndexRequest = {
			root,
			jobs: chunk.map((id): [number, FileRef] => {
				const {file, fileBytes} = jobs[id]!;
				return [id, fileBytes === undefined ? {file} : {file, fileBytes}];
			}),
			options,
		};
		slot.worker.postMessage(request);
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
				onResults({ids: [rest[0]!], lengths: [0], bytes: new Uint8Array([0x0a])});
				if (rest.length > 1) queue.unshift(rest.slice(1));
			}
			start();
		});
		feed(slot);
	};

	if (ids.length === 0) settle();
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
