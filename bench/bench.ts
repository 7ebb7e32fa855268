import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, statfsSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openMarks} from '../source/core/marks/marks-store.js';
import {scanArchive} from '../source/core/reading/load.js';
import {generateArchive} from './generate.js';

// `npm run bench [-- --sizes 10000,100000] [--runs 3]`: figures for the readme, printed as Markdown. Archives are
// generated into a temporary folder (never committed); every start is a fresh process of the built app (dist/),
// driven through fake 100×30 terminal streams (bench/app-child.mjs), and every figure is the median of `runs`
// such processes. The floor, a plain script that reads every file of the same archive (bench/floor.mjs), is
// measured in the same run.
const here = import.meta.dirname;

/** The screen counts as settled once nothing was written to it for this long. */
const QUIET_MS = 300;
/** Keys measured once the body index is complete: the queries typed and deleted one character at a time. */
const KEYSTROKES = 100;
/**
 * Disk a size takes per article, measured at 10,000: the generated files on 4 KiB blocks (6.2 KiB) and the app's
 * cache (4.4 KiB: metadata and folded text), one run's cache at a time. A million articles need about 11 GB.
 */
const DISK_PER_ARTICLE = 10.6 * 1024;

const usage = 'usage: npm run bench -- [--sizes 10000,100000] [--runs 3] [--marks 10000]';
function options(argv: string[]): {sizes: number[]; runs: number; marks: number} {
	const given = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const match = /^--(sizes|runs|marks)(?:=(.*))?$/.exec(argv[i]!);
		const value = match?.[2] ?? argv[++i];
		if (!match || value === undefined) throw new Error(`unknown or incomplete argument ${argv[i - 1]}\n${usage}`);
		given.set(match[1]!, value);
	}
	// 10000, 10_000, 10k, 1m, 1e6
	const count = (text: string) => {
		const match = /^([\d_.e]+)([km]?)$/i.exec(text.trim());
		const value = match
			? Number(match[1]!.replaceAll('_', '')) * {'': 1, k: 1e3, m: 1e6}[match[2]!.toLowerCase()]!
			: NaN;
		if (!Number.isInteger(value) || value < 1) throw new Error(`not a count: ${text}\n${usage}`);
		return value;
	};
	return {
		sizes: (given.get('sizes') ?? process.env['WXNEWS_BENCH_SIZES'] ?? '10000,100000').split(',').map(count),
		runs: count(given.get('runs') ?? process.env['WXNEWS_BENCH_RUNS'] ?? '3'),
		// Read marks (a tenth of them starred too) in each run's state file: a reader's state must not slow anything.
		marks: count(given.get('marks') ?? process.env['WXNEWS_BENCH_MARKS'] ?? '10000'),
	};
}
let parsed;
try {
	parsed = options(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(2);
}
const {sizes, runs, marks: markCount} = parsed;

/** A state file for `folder` in `stateHome` with the first `count` articles read (every tenth starred). */
function seedMarks(folder: string, stateHome: string, count: number): void {
	const store = openMarks(folder, {stateHome});
	for (const [i, {file}] of scanArchive(folder, () => {})
		.slice(0, count)
		.entries()) {
		store.setRead(file, true);
		if (i % 10 === 0) store.setStarred(file, true);
	}
	store.close();
}
const queries = ['微信', '注册', '腾讯', '小程序', '用户体验', 'weixin', 'wx', 'tengxun', 'xcx', '註冊'];

/** The bounds an archive of this size is held to (those of the smallest listed size at least as large). */
type Bounds = {
	/** The cold first frame over the floor; undefined: recorded only. */
	coldRatio?: number;
	cachedMs: number;
	firstP50Ms: number;
	firstP95Ms: number;
	settledP50Ms: number;
	appRssMb: number;
	ndjsonRssMb: number;
};
const boundsBySize: Array<[number, Bounds]> = [
	[
		10_000,
		{coldRatio: 2, cachedMs: 250, firstP50Ms: 15, firstP95Ms: 40, settledP50Ms: 60, appRssMb: 150, ndjsonRssMb: 150},
	],
	[
		100_000,
		{coldRatio: 2, cachedMs: 600, firstP50Ms: 30, firstP95Ms: 100, settledP50Ms: 150, appRssMb: 300, ndjsonRssMb: 200},
	],
	[1_000_000, {cachedMs: 3000, firstP50Ms: 150, firstP95Ms: 400, settledP50Ms: 1000, appRssMb: 1536, ndjsonRssMb: 250}],
];
const boundsFor = (size: number) => boundsBySize.find(([limit]) => size <= limit)?.[1];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const percentile = (values: number[], p: number) =>
	[...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${ms.toFixed(0)} ms`;
/** MB here are 2^20 bytes, as the resident set is counted. */
const megabytes = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${mb.toFixed(0)} MB`);
const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
let checked = 0;
let failed = 0;
/** `figure ≤ bound ✓` (or ✗); the figure alone when there is no bound. */
function held(figure: string, ok: boolean | undefined, bound: string | undefined): string {
	if (ok === undefined || bound === undefined) return `${figure} (recorded)`;
	checked++;
	if (!ok) failed++;
	return `${figure} ≤ ${bound} ${ok ? '✓' : '✗'}`;
}

type Memory = {heapUsedMb: number; liveHeapMb?: number; rssMb: number};
type Key = {kind: 'type' | 'delete'; first: number; settled: number};
type Bytes = {firstFrame: number; moveRow: number; pageReader: number; filterChar: number};
type Child = {
	firstFrameMs: number;
	/** When the count on screen was the whole list's (no `+`): a cached start may show its newest articles first. */
	listedMs: number;
	articles: number;
	indexMs?: number;
	latenciesWhileIndexing?: number[];
	keys?: Key[];
	memory?: {firstFrame: Memory; indexed: Memory; keys: Memory};
	maxRssMb: number;
	bytes?: Bytes;
};

const childEnv = (cacheHome: string) => ({
	...process.env,
	// Marks and the last place in the run's own folder: a user's state would change what the keys do.
	XDG_CACHE_HOME: cacheHome,
	XDG_STATE_HOME: path.join(cacheHome, 'state'),
	FORCE_COLOR: '2',
	NODE_ENV: 'production',
	WXNEWS_BENCH_QUIET_MS: String(QUIET_MS),
	WXNEWS_BENCH_KEYSTROKES: String(KEYSTROKES),
});

/** The last line of a fresh process's stdout, as JSON. */
function run<T>(args: string[], env: NodeJS.ProcessEnv, what: string): T {
	const result = spawnSync(process.execPath, args, {env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}): ${result.stderr}`);
	return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as T;
}

function child(folder: string, cache: 'on' | 'off', cacheHome: string, then: 'keys' | 'bytes' | 'exit'): Child {
	const args = [path.join(here, 'app-child.mjs'), folder, cache, then];
	if (then === 'keys') {
		const file = path.join(temp, 'queries.json');
		writeFileSync(file, JSON.stringify(queries));
		// To read the live heap (after a full collection) between the measured phases.
		args.unshift('--expose-gc');
		args.push(file);
	}
	return run<Child>(args, childEnv(cacheHome), `app run (${then})`);
}

/** Walk the archive and read every file, in a fresh process: milliseconds since it started. */
function floor(folder: string, size: number): number {
	const result = run<{ms: number; files: number}>([path.join(here, 'floor.mjs'), folder], process.env, 'floor');
	if (result.files !== size) throw new Error(`floor read ${result.files} files, not ${size}`);
	return result.ms;
}

function ndjson(folder: string, stateHome: string): {ms: number; maxRssMb: number} {
	const start = performance.now();
	const result = spawnSync(
		process.execPath,
		[
			'--import',
			path.join(here, 'report-rss.mjs'),
			path.join(here, '../dist/cli.js'),
			'--ndjson',
			'--no-cache',
			folder,
		],
		{stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: {...process.env, XDG_STATE_HOME: stateHome}},
	);
	const ms = performance.now() - start;
	if (result.status !== 0) throw new Error(`--ndjson failed (${result.status ?? result.signal}): ${result.stderr}`);
	const rss = /maxrss-kb (\d+)/.exec(result.stderr ?? '');
	return {ms, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN};
}

const progress = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const started = new Date();
console.log(
	`wxnews benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}\n`,
);

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-bench-'));
const rows: string[] = [];
const extraRows: string[] = [];
const memoryTables: string[] = [];
const skipped: string[] = [];
try {
	for (const size of sizes) {
		const {bavail, bsize, ffree} = statfsSync(temp);
		const free = Number(bavail) * Number(bsize);
		const need = size * DISK_PER_ARTICLE + 2 ** 30;
		const inodes = size + 10_000;
		if (free < need || Number(ffree) < inodes) {
			const message = `${size.toLocaleString('en')} articles skipped: the archive and the cache need about ${gigabytes(need)} and ${inodes.toLocaleString('en')} inodes in ${os.tmpdir()}, which has ${gigabytes(free)} and ${Number(ffree).toLocaleString('en')} free (set TMPDIR to a roomier folder)`;
			progress(message);
			skipped.push(message);
			continue;
		}
		try {
			measureSize(size);
			// A long run shows the figures so far as they come.
			if (size !== sizes.at(-1)) progress(`the figures so far:\n\n${tables()}\n`);
		} catch (error) {
			const message = `${size.toLocaleString('en')} articles failed: ${error instanceof Error ? error.message : String(error)}`;
			progress(message);
			skipped.push(message);
		}
	}
	console.log(tables());

	console.log('\nBytes written to a 100×30 terminal (Ink incremental rendering)\n');
	console.log('| archive | first frame | move selection one row | page the reader | type one filter character |');
	console.log('|---|---|---|---|---|');
	const archives: Array<[string, string]> = [['seeds (4)', path.resolve(here, '../articles')]];
	const generated = path.join(temp, 'bytes-10k');
	generateArchive(generated, 10_000);
	archives.push(['generated 10,000', generated]);
	for (const [name, folder] of archives) {
		const figures = child(folder, 'off', path.join(temp, 'bytes-cache'), 'bytes').bytes!;
		console.log(
			`| ${name} | ${figures.firstFrame} | ${figures.moveRow} | ${figures.pageReader} | ${figures.filterChar} |`,
		);
	}
	progress(`done in ${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min`);
} finally {
	rmSync(temp, {recursive: true, force: true});
}

function measureSize(size: number): void {
	const folder = path.join(temp, `archive-${size}`);
	progress(`generating ${size.toLocaleString('en')} articles…`);
	let start = performance.now();
	generateArchive(folder, size);
	progress(
		`generated in ${seconds(performance.now() - start)}; reading it once so every run starts from the page cache`,
	);
	floor(folder, size);
	const floors: number[] = [];
	const cold: number[] = [];
	const cached: number[] = [];
	const cachedListed: number[] = [];
	const index: number[] = [];
	const keys: Key[] = [];
	const whileIndexing: number[] = [];
	const appRss: number[] = [];
	const coldRss: number[] = [];
	const cachedRss: number[] = [];
	const memory: Array<NonNullable<Child['memory']>> = [];
	const streamed: Array<{ms: number; maxRssMb: number}> = [];
	for (let run = 0; run < runs; run++) {
		const step = (text: string) => progress(`${size.toLocaleString('en')}: run ${run + 1}/${runs}: ${text}`);
		const cacheHome = path.join(temp, `cache-${size}-${run}`);
		const stateHome = path.join(cacheHome, 'state');
		seedMarks(folder, stateHome, markCount);
		step('floor…');
		floors.push(floor(folder, size));
		step(`floor ${seconds(floors.at(-1)!)}; cold start, keys while indexing, ${KEYSTROKES} keys after…`);
		start = performance.now();
		const first = child(folder, 'on', cacheHome, 'keys');
		if (first.articles !== size) throw new Error(`the app listed ${first.articles} articles, not ${size}`);
		cold.push(first.firstFrameMs);
		if (first.indexMs !== undefined) index.push(first.indexMs);
		keys.push(...first.keys!);
		if (first.latenciesWhileIndexing) whileIndexing.push(...first.latenciesWhileIndexing);
		memory.push(first.memory!);
		coldRss.push(first.maxRssMb);
		if (!existsSync(path.join(cacheHome, 'wxnews'))) throw new Error('no cache was written');
		step(`first frame ${seconds(first.firstFrameMs)} (whole run ${seconds(performance.now() - start)}); cached start…`);
		const second = child(folder, 'on', cacheHome, 'exit');
		if (second.articles !== size) throw new Error(`the cached start listed ${second.articles} articles, not ${size}`);
		cached.push(second.firstFrameMs);
		cachedListed.push(second.listedMs);
		cachedRss.push(second.maxRssMb);
		appRss.push(Math.max(first.maxRssMb, second.maxRssMb));
		step(`cached first frame ${seconds(second.firstFrameMs)}, whole list ${seconds(second.listedMs)}; --ndjson…`);
		streamed.push(ndjson(folder, stateHome));
		rmSync(cacheHome, {recursive: true, force: true});
	}
	rmSync(folder, {recursive: true, force: true});

	const bounds = boundsFor(size);
	const first = keys.map((key) => key.first);
	const settled = keys.map((key) => key.settled);
	const [floorMs, coldMs, cachedMs] = [median(floors), median(cold), median(cached)];
	const [firstP50, firstP95, settledP50] = [median(first), percentile(first, 95), median(settled)];
	const [rss, ndjsonRss] = [median(appRss), median(streamed.map((s) => s.maxRssMb))];
	const ratio = coldMs / floorMs;
	const cells = [
		size.toLocaleString('en'),
		held(
			`${seconds(coldMs)} (${ratio.toFixed(1)}× floor ${seconds(floorMs)})`,
			bounds?.coldRatio === undefined ? undefined : ratio <= bounds.coldRatio,
			bounds?.coldRatio === undefined ? undefined : `${bounds.coldRatio}× floor`,
		),
		held(
			`${seconds(cachedMs)} (whole list ${seconds(median(cachedListed))})`,
			bounds && cachedMs <= bounds.cachedMs,
			bounds && seconds(bounds.cachedMs),
		),
		held(
			`${firstP50.toFixed(0)} / ${firstP95.toFixed(0)} ms`,
			bounds && firstP50 <= bounds.firstP50Ms && firstP95 <= bounds.firstP95Ms,
			bounds && `${bounds.firstP50Ms} / ${bounds.firstP95Ms} ms`,
		),
		held(millis(settledP50), bounds && settledP50 <= bounds.settledP50Ms, bounds && millis(bounds.settledP50Ms)),
		held(megabytes(rss), bounds && rss <= bounds.appRssMb, bounds && megabytes(bounds.appRssMb)),
		held(megabytes(ndjsonRss), bounds && ndjsonRss <= bounds.ndjsonRssMb, bounds && megabytes(bounds.ndjsonRssMb)),
	];
	rows.push(`| ${cells.join(' | ')} |`);

	const split = (kind: Key['kind']) => {
		const of = keys.filter((key) => key.kind === kind);
		if (of.length === 0) return '–';
		const [f, s] = [of.map((key) => key.first), of.map((key) => key.settled)];
		return `${median(f).toFixed(0)} / ${percentile(f, 95).toFixed(0)} ms, settled ${median(s).toFixed(0)} / ${percentile(s, 95).toFixed(0)} ms`;
	};
	extraRows.push(
		`| ${[
			size.toLocaleString('en'),
			whileIndexing.length > 0
				? `${median(whileIndexing).toFixed(0)} / ${percentile(whileIndexing, 95).toFixed(0)} ms`
				: 'index done first',
			`${median(settled).toFixed(0)} / ${percentile(settled, 95).toFixed(0)} ms`,
			split('type'),
			split('delete'),
			index.length > 0 ? seconds(median(index)) : '–',
			seconds(median(streamed.map((s) => s.ms))),
		].join(' | ')} |`,
	);

	const field = (point: keyof NonNullable<Child['memory']>, key: keyof Memory) => {
		const values = memory.map((m) => m[point][key]).filter((v): v is number => v !== undefined);
		return values.length > 0 ? `${median(values).toFixed(0)} MB` : '–';
	};
	memoryTables.push(
		[
			`Memory of the app, ${size.toLocaleString('en')} articles (medians of ${runs}; the live heap is V8's heapUsed right after a full collection)\n`,
			'| when | V8 heapUsed | live heap | RSS |',
			'|---|---|---|---|',
			...(
				[
					['after the first frame (cold start)', 'firstFrame'],
					['after the body index', 'indexed'],
					[`after ${KEYSTROKES} keystrokes more (index complete)`, 'keys'],
				] as const
			).map(
				([name, point]) =>
					`| ${name} | ${field(point, 'heapUsedMb')} | ${field(point, 'liveHeapMb')} | ${field(point, 'rssMb')} |`,
			),
			`| peak RSS: cold start with keys / cached start | | | ${megabytes(median(coldRss))} / ${megabytes(median(cachedRss))} |`,
		].join('\n'),
	);
}

/** The tables of the sizes measured so far, in Markdown. */
function tables(): string {
	if (rows.length === 0) return skipped.join('\n');
	return [
		`Start-up, search and memory (medians of ${runs} fresh ${runs === 1 ? 'process' : 'processes'}, ${markCount.toLocaleString('en')} read marks in the state file; ` +
			`floor: a fresh node process that walks the archive and reads every file; keystrokes once the body index is complete: ` +
			`${queries.join(' ')} typed and deleted one character at a time, ${KEYSTROKES} keys per run, each waiting for the screen to settle ` +
			`(no write for ${QUIET_MS} ms); first change: key to the first write, settled: key to the last write before the quiet)\n`,
		'| archive | first frame, no cache | first frame, cached | keystroke, first change p50 / p95 | keystroke, settled p50 | app peak RSS | `--ndjson` peak RSS |',
		'|---|---|---|---|---|---|---|',
		...rows,
		'',
		`${checked - failed} of ${checked} bounds met.${skipped.map((message) => `\n${message}`).join('')}`,
		'',
		'More figures (keystrokes while the body index is built: first change only, since the status line counts the progress)\n',
		'| archive | keystroke while indexing, p50 / p95 | settled p50 / p95 | typing a character | deleting one | body index (background) | `--ndjson` wall time |',
		'|---|---|---|---|---|---|---|',
		...extraRows,
		'',
		memoryTables.join('\n\n'),
	].join('\n');
}
