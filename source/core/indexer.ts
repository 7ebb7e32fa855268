import os from 'node:os';
import {Worker} from 'node:worker_threads';
import type {IndexReply} from './index-worker.js';

export type IndexJob = [id: number, file: string];

export type Indexing = {done: Promise<void>; stop: () => void};

// Under tsx (the tests) the worker is the TypeScript source, loaded through tsx's loader.
const fromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSource ? './index-worker.ts' : './index-worker.js', import.meta.url);

// A small heap makes the worker collect garbage early instead of growing to hundreds of megabytes; one article's
// rendering is bounded (render.ts caps a body), so this is plenty.
const resourceLimits = {maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8};

function startWorker(): Worker {
	if (!fromSource) return new Worker(workerUrl, {resourceLimits});
	const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
	return new Worker(code, {eval: true, resourceLimits});
}

/**
 * Render bodies for search in worker threads. One core is left to the
 * interface, so the filter stays responsive while this runs.
 */
export function indexBodies(
	root: string,
	jobs: IndexJob[],
	onResults: (results: Array<[number, string]>) => void,
): Indexing {
	const count = Math.max(1, Math.min(4, os.availableParallelism() - 1, Math.ceil(jobs.length / 200)));
	const workers: Worker[] = [];
	let next = 0;
	let stopped = false;
	const chunk = 250;

	const done = new Promise<void>((resolve, reject) => {
		if (jobs.length === 0) return resolve();
		let running = 0;
		const feed = (worker: Worker) => {
			if (stopped || next >= jobs.length) {
				void worker.terminate();
				if (--running === 0) resolve();
				return;
			}
			worker.postMessage({root, jobs: jobs.slice(next, next + chunk)});
			next += chunk;
		};
		for (let i = 0; i < count; i++) {
			const worker = startWorker();
			workers.push(worker);
			running++;
			worker.on('message', (reply: IndexReply) => {
				if (!stopped) onResults(reply.results);
				if (reply.done) feed(worker);
			});
			worker.on('error', (error) => {
				stopped = true;
				reject(error);
			});
			feed(worker);
		}
	});

	return {
		done,
		stop() {
			stopped = true;
			for (const worker of workers) void worker.terminate();
		},
	};
}
