import {Worker, type ResourceLimits} from 'node:worker_threads';
import {applySteadyFlags} from '../../v8-flags.js';

/**
 * Start the worker thread at `url` (a module next to the caller's). Under tsx (the tests) the worker is TypeScript
 * source and is loaded through tsx's loader; the built app runs the bundled `.js`.
 */
export function startWorker(url: URL, resourceLimits: ResourceLimits): Worker {
	const worker = url.pathname.endsWith('.ts')
		? new Worker(
				`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
				{eval: true, resourceLimits},
			)
		: new Worker(url, {resourceLimits});
	// Once it runs, the process's V8 flags are its defaults again.
	worker.once('online', () => applySteadyFlags());
	return worker;
}

/** The worker module beside `base` (the caller's import.meta.url), `.ts` under tsx and `.js` when built. */
export function workerUrl(name: string, base: string): URL {
	return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
