import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openMarks} from '../source/core/marks/marks-store.js';
import {scanArchive} from '../source/core/reading/load.js';
import {generateArchive} from './generate.js';

// `npm run bench`: figures for the readme. Archives are generated into a
// temporary folder (never committed); every start is a fresh process of the
// built app (dist/), driven through fake 100×30 terminal streams.
const here = import.meta.dirname;
const sizes = (process.env['WXNEWS_BENCH_SIZES'] ?? '10000,100000').split(',').map(Number);
const runs = Number(process.env['WXNEWS_BENCH_RUNS'] ?? 3);
// Read marks (a tenth of them starred too) in each run's state file: a reader's state must not slow anything down.
const markCount = Number(process.env['WXNEWS_BENCH_MARKS'] ?? 10_000);

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

const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(
	`wxnews benchmark: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const percentile = (values: number[], p: number) =>
	[...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

type Bytes = {firstFrame: number; moveRow: number; pageReader: number; filterChar: number};
type Child = {
	firstFrameMs: number;
	indexMs?: number;
	latencies?: number[];
	latenciesWhileIndexing?: number[];
	maxRssMb: number;
	bytes?: Bytes;
};

function child(folder: string, cache: string, cacheHome: string, then: 'queries' | 'wait' | 'bytes' | 'exit'): Child {
	const args = [path.join(here, 'app-child.mjs'), folder, cache];
	if (then === 'queries') {
		const file = path.join(temp, 'queries.json');
		writeFileSync(file, JSON.stringify(queries));
		args.push(file);
	} else if (then !== 'exit') args.push(then);
	const result = spawnSync(process.execPath, args, {
		// Marks and the last place in the run's own folder: a user's state would change what the keys do.
		env: {
			...process.env,
			XDG_CACHE_HOME: cacheHome,
			XDG_STATE_HOME: path.join(cacheHome, 'state'),
			FORCE_COLOR: '2',
			NODE_ENV: 'production',
		},
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`app run failed: ${result.stderr}`);
	return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Child;
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
	const rss = /maxrss-kb (\d+)/.exec(result.stderr ?? '');
	return {ms, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN};
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-bench-'));
try {
	const rows: string[] = [];
	for (const size of sizes) {
		const folder = path.join(temp, `archive-${size}`);
		process.stderr.write(`generating ${size} articles…\n`);
		generateArchive(folder, size);
		const cold: number[] = [];
		const cached: number[] = [];
		const latencies: number[] = [];
		const whileIndexing: number[] = [];
		let rss = 0;
		let indexMs = 0;
		for (let run = 0; run < runs; run++) {
			const cacheHome = path.join(temp, `cache-${size}-${run}`);
			seedMarks(folder, path.join(cacheHome, 'state'), markCount);
			process.stderr.write(`${size}: run ${run + 1}/${runs} cold…\n`);
			const first = child(folder, 'on', cacheHome, run === 0 ? 'queries' : 'wait');
			cold.push(first.firstFrameMs);
			rss = Math.max(rss, first.maxRssMb);
			if (first.latencies) latencies.push(...first.latencies);
			if (first.latenciesWhileIndexing) whileIndexing.push(...first.latenciesWhileIndexing);
			if (first.indexMs) indexMs = first.indexMs;
			if (!existsSync(path.join(cacheHome, 'wxnews'))) throw new Error('no cache was written');
			process.stderr.write(`${size}: run ${run + 1}/${runs} cached…\n`);
			const second = child(folder, 'on', cacheHome, 'exit');
			cached.push(second.firstFrameMs);
			rss = Math.max(rss, second.maxRssMb);
		}
		process.stderr.write(`${size}: --ndjson…\n`);
		const streamed = ndjson(folder, path.join(temp, `cache-${size}-0`, 'state'));
		rows.push(
			`| ${size.toLocaleString('en')} | ${seconds(median(cold))} | ${seconds(median(cached))} | ${median(latencies).toFixed(0)} ms / ${percentile(latencies, 95).toFixed(0)} ms | ${whileIndexing.length > 0 ? `${median(whileIndexing).toFixed(0)} ms / ${percentile(whileIndexing, 95).toFixed(0)} ms` : 'index done first'} | ${seconds(indexMs)} | ${seconds(streamed.ms)} (${streamed.maxRssMb.toFixed(0)} MB) | ${rss.toFixed(0)} MB |`,
		);
		rmSync(folder, {recursive: true, force: true});
	}
	console.log(
		`Start-up and search (medians of ${runs} fresh processes, ${markCount.toLocaleString('en')} read marks in the state file; keystrokes: ${queries.join(' ')} typed one character at a time)\n`,
	);
	console.log(
		'| archive | first frame, no cache | first frame, cached | filter keystroke p50 / p95 | the same while the body index is built | body index (background) | --ndjson wall time (peak RSS) | app peak RSS |',
	);
	console.log('|---|---|---|---|---|---|---|---|');
	for (const row of rows) console.log(row);

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
} finally {
	rmSync(temp, {recursive: true, force: true});
}
