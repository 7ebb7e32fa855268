import v8 from 'node:v8';

// Every V8 flag the app sets, at run time (the bin, cli.tsx, imports this first and the rest after it).
//
// The heap: V8 sizes it for throughput, the young generation growing to 32 MB and the old one to about twice what
// is live before a full collection. On the 1 GB servers people read their archives on, memory is what runs out
// first; with two flags the app's peak resident set is about half (measured in `npm run bench`), at a few per cent
// of speed. The flags that fix the heap's size (--max-semi-space-size, --max-old-space-size) cannot change once the
// heap exists; these are read at every collection, so setting them before the archive is read takes effect.

/** A list this long makes the young generation worth growing (see applySteadyFlags). */
export const largeList = 300_000;

/** Whether the list shown is a large one: the young generation may grow (the flags are the process's anyway). */
let youngGrows = false;

/**
 * The flags for the app's life. Set again as each worker thread comes online: its start puts the process's V8 flags
 * back to their defaults.
 * - `articles`: the list's length, known after the first frame. A list of `largeList` or more lets the young
 *   generation grow: with an old generation of 800 MB a scavenge costs about 3 ms whatever it collects, and at 1 MB
 *   one came every 30 ms of typing (17 s of a 144 s run of keys at a million articles); the 16 MB it may grow to
 *   are little there, while smaller archives keep their peak (at 100,000 articles, 30 MB more is a tenth of it).
 */
export function applySteadyFlags({articles}: {articles?: number} = {}): void {
	if (articles !== undefined) youngGrows = articles >= largeList;
	v8.setFlagsFromString(`--semi-space-growth-factor=${youngGrows ? 2 : 1}`);
	v8.setFlagsFromString('--heap-growing-percent=30');
	v8.setFlagsFromString('--turbo-inlining');
}

/**
 * Until the first frame (applySteadyFlags() after it).
 * - The start builds the list, nearly all of which stays live, so a full collection at 1.3× what is live would trace
 *   the growing list again and again (about eight times at 100,000 articles). At 3× the cached start at 100,000
 *   articles took 0.63 s instead of 0.69–0.85, at a peak about as high.
 * - A cold start runs each file's parsing code only thousands of times, while it is still being compiled: the
 *   optimising compiler, on the second core, is what keeps up, and without inlining it compiles sooner (the scan
 *   and read of 10,000 files took about 340 ms instead of 380). The steady flags inline again for what runs for long.
 * - `fromCache`: a list read from the cache is all live, and a young generation of 1 MB copied it through 3,000
 *   scavenges at a million articles (1.1 s of a 3.8 s start); it may grow while the cache is read. It stays grown
 *   (V8 does not give it back), so a cold start, whose garbage is mostly file heads that die at once, keeps it small:
 *   there growing it saved 10–20 ms at 10,000 articles and raised the peak at 100,000 from 265 to 312 MB.
 */
export function applyStartFlags({fromCache}: {fromCache: boolean}): void {
	v8.setFlagsFromString('--heap-growing-percent=200');
	v8.setFlagsFromString('--no-turbo-inlining');
	if (fromCache) v8.setFlagsFromString('--semi-space-growth-factor=2');
}

applySteadyFlags();
