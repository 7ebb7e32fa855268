import {Worker, type ResourceLimits} from 'node:worker_threads';

/**
 * Start the worker thread at `url` (a module next to the caller's). Under tsx (the tests) the worker is TypeScript
 * source and is loaded through tsx's loader; the built app runs the bundled `.js`.
 */
export function startWorker(url: URL, resourceLimits: ResourceLimits): Worker {
	if (!url.pathname.endsWith('.ts')) return new Worker(url, {resourceLimits});
	const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
	return new Worker(code, {eval: true, resourceLimits});
}

/** The worker module beside `base` (the caller's import.meta.url), `.ts` under tsx and `.js` when built. */
export function workerUrl(name: string, base: string): URL {
	return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
