#!/usr/bin/env node
import './v8-flags.js';
import {statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import meow from 'meow';

// The rest is imported once V8's flags are set (v8-flags.ts), and only what the mode needs.
const {parseQuery} = await import('./core/search/query.js');
const {isArticleName} = await import('./core/reading/load.js');

const flagSpecs = {
	json: {type: 'boolean', default: false},
	ndjson: {type: 'boolean', default: false},
	width: {type: 'string', shortFlag: 'w'},
	filter: {type: 'string', shortFlag: 'f'},
	category: {type: 'string', shortFlag: 'c'},
	cache: {type: 'boolean', default: true},
	state: {type: 'boolean', default: true},
	followSymlinks: {type: 'boolean', default: false},
} as const;

const cli = meow(
	`
	Usage
	  $ wxnews [folder]
	  $ wxnews article.md

	Opens a full-screen browser of the articles below the folder (the bundled
	sample articles when no folder is given). With --json or --ndjson, or when
	output is not a terminal, prints instead.

	Options
	  --json            Print all articles as a JSON array, newest first
	  --ndjson          Print one JSON object per line, streaming, in file order
	  --width, -w N     Wrap the "text" field to N columns (20 or more)
	  --filter, -f W    Keep articles containing every word of W; also -word,
	                    "a phrase", title: author: cat:, after:D before:D
	                    (D: YYYY, YYYY-MM or YYYY-MM-DD, UTC+8), is:starred
	  --category, -c C  Keep articles whose category path contains C
	  --no-cache        Neither read nor write the cache ($XDG_CACHE_HOME/wxnews)
	  --no-state        Neither read nor write read marks, stars and places ($XDG_STATE_HOME/wxnews)
	  --follow-symlinks Also follow symbolic links that lead outside the folder
	                    (by default they are skipped with a warning; /proc, /sys
	                    and /dev are never entered)
	  --help            Show this help
	  --version         Show the version

	Examples
	  $ wxnews ~/news
	  $ wxnews ~/news --json --filter 微信 | jq '.[].title'
`,
	{
		importMeta: import.meta,
		// Unknown flags are reported below, on one line like every usage error.
		allowUnknownFlags: true,
		flags: flagSpecs,
	},
);

function usageError(message: string): never {
	process.stderr.write(`wxnews: ${message} (see wxnews --help)\n`);
	process.exit(2);
}

// `wxnews --json | head` must end quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(0);
	throw error;
});

const {flags, input} = cli;
const known = new Set<string>(['help', 'version']);
for (const [name, spec] of Object.entries(flagSpecs)) {
	known.add(name);
	if ('shortFlag' in spec) known.add(spec.shortFlag);
}
const unknown = Object.keys(cli.unnormalizedFlags).find((name) => !known.has(name));
if (unknown) usageError(`unknown flag ${unknown.length === 1 ? '-' : '--'}${unknown}`);
if (input.length > 1) usageError(`one folder or file at a time (got ${input.length})`);
const given = input[0] ?? fileURLToPath(new URL('../articles', import.meta.url));
let kind: 'folder' | 'file' | undefined;
try {
	const stat = statSync(given);
	kind = stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : undefined;
} catch {
	usageError(`no such folder or file: ${given}`);
}
if (!kind) usageError(`not a folder or a regular file: ${given}`);
if (kind === 'file' && !isArticleName(path.basename(given)))
	usageError(`not an article file (.md .markdown .html .htm .txt): ${given}`);
// One file (`wxnews article.md`): its folder is the root, and the article is read like any file of an archive.
const folder = kind === 'file' ? path.dirname(given) : given;
const single = kind === 'file' ? path.basename(given) : undefined;

let width: number | undefined;
if (flags.width !== undefined) {
	width = Number(flags.width);
	if (!/^\d+$/.test(flags.width) || width < 20 || width > 10_000)
		usageError(`--width must be a whole number of columns from 20 up (got "${flags.width}")`);
}
if (flags.json && flags.ndjson) usageError('choose one of --json and --ndjson');
// A mistake in the filter's syntax is a usage error here; typed in the app, it is shown in the status line.
const filterError = flags.filter === undefined ? undefined : parseQuery(flags.filter).error;
if (filterError) usageError(`--filter: ${filterError}`);

const mode = flags.json
	? 'json'
	: flags.ndjson
		? 'ndjson'
		: process.stdout.isTTY && process.stdin.isTTY
			? 'app'
			: 'list';

try {
	if (mode === 'app') {
		// The bundle is built with NODE_ENV defined as production (package.json's build): React's development build,
		// which records timing entries for every render and never lets them go, is not even in it.
		const {runApp} = await import('./app/run.js');
		await runApp({
			folder,
			filter: flags.filter,
			category: flags.category,
			cache: flags.cache,
			state: flags.state,
			followSymlinks: flags.followSymlinks,
			file: single,
		});
		// The terminal is restored and the marks saved: background work (cache text still being read) must not keep
		// a quit waiting.
		process.exit();
	} else {
		const [{print}, {openMarks}] = await Promise.all([
			import('./print/print.js'),
			import('./core/marks/marks-store.js'),
		]);
		await print({
			folder,
			mode,
			width,
			filter: flags.filter,
			category: flags.category,
			// Read only: printing never changes a mark.
			marks: openMarks(folder, {enabled: flags.state}),
			followSymlinks: flags.followSymlinks,
			file: single,
		});
	}
} catch (error) {
	process.stderr.write(`wxnews: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
}
