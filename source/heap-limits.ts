import v8 from 'node:v8';

// V8 sizes its heap for throughput: the young generation grows to 32 MB and
// the old one to about twice what is live before a full collection. On the
// 1 GB servers people read their archives on, memory is what runs out first;
// with these two flags the app's peak resident set is about half (measured in
// `npm run bench`), at a few per cent of speed. The flags that fix the heap's
// size (--max-semi-space-size, --max-old-space-size) cannot change once the
// heap exists; these two are read at every collection, so setting them before
// the archive is read takes effect. The bin (cli.tsx) imports this first and
// the rest after it.

/** Set the flags (again: a worker thread starting up puts the process's V8 flags back to its defaults). */
export function limitHeap(): void {
	v8.setFlagsFromString('--semi-space-growth-factor=1');
	v8.setFlagsFromString('--heap-growing-percent=30');
}

/**
 * Until the first frame (limitHeap() after it): the start builds the list, nearly all of which stays live, so a
 * full collection at 1.3× what is live would trace the growing list again and again (about eight times at 100,000
 * articles). At 3× the cached start at 100,000 articles took 0.63 s instead of 0.69–0.85, at a peak about as high.
 */
export function relaxHeapForStart(): void {
	v8.setFlagsFromString('--heap-growing-percent=200');
}

limitHeap();
