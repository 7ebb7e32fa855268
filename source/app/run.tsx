import {existsSync} from 'node:fs';
import {render, type RenderOptions} from 'ink';
import {cacheFor} from '../core/catalog/cache.js';
import {Catalog} from '../core/catalog/catalog.js';
import {openMarks} from '../core/marks/marks-store.js';
import {App} from './app.js';
import {Screen, type TerminalControl} from './screen.js';
import {initialState, reduce} from './state.js';
import {readArticleFile} from '../core/reading/load.js';
import {metaOf} from '../core/reading/article.js';
import {loadRenderer} from '../core/rendering/renderer.js';
import {applyStartFlags, applySteadyFlags} from '../v8-flags.js';

/** Ink settings for the full-screen app. */
function inkOptions(screen: Screen, stdin: NodeJS.ReadStream): RenderOptions {
	return {
		stdout: screen.stream,
		stdin,
		// Ctrl-C is a row of the key table, so that it can leave with status 130.
		exitOnCtrlC: false,
		patchConsole: false,
		// Whole frames: the screen writes only changed lines, at absolute rows (screen.ts).
		incrementalRendering: false,
		maxFps: 60,
	};
}

export type AppOptions = {
	folder: string;
	filter?: string;
	category?: string;
	cache: boolean;
	state?: boolean;
	followSymlinks?: boolean;
	/** One article file of `folder` (`wxnews article.md`): the reader on it alone. */
	file?: string;
};

/**
 * Read the archive's metadata and show the first frame, with the start's V8 flags until then (v8-flags.ts). The
 * benchmark drives this with its own streams.
 */
export async function startApp(
	options: AppOptions,
	stdout: NodeJS.WriteStream,
	stdin: NodeJS.ReadStream,
	screen = new Screen(stdout),
	control: TerminalControl = {redraw: () => screen.redraw(), suspend: () => {}},
): ReturnType<typeof showFirstFrame> {
	const cache = cacheFileOf(options);
	applyStartFlags({
		fromCache: options.file === undefined && cache.cacheFile !== undefined && existsSync(cache.cacheFile),
	});
	let shown: Awaited<ReturnType<typeof showFirstFrame>> | undefined;
	try {
		shown = await showFirstFrame(options, cache, stdin, screen, control);
		return shown;
	} finally {
		// A list still read from the cache keeps the start's flags until it is whole.
		const catalog = shown?.catalog;
		if (catalog?.partial) void catalog.complete().then((whole) => applySteadyFlags({articles: whole.articles.length}));
		else applySteadyFlags({articles: catalog?.articles.length ?? 0});
	}
}

/**
 * The archive's cache file, if it has one. No home directory: run without a cache, and say so once (`cache`'s
 * notice). Files reached by --follow-symlinks are cached apart: a start without it must not show them from the cache.
 */
function cacheFileOf(options: AppOptions) {
	const cache = options.cache ? cacheFor(options.folder) : undefined;
	const cacheFile =
		cache?.file && options.followSymlinks ? cache.file.replace(/\.cache$/, '.follow-symlinks.cache') : cache?.file;
	return {cache, cacheFile};
}

async function showFirstFrame(
	options: AppOptions,
	{cache, cacheFile}: ReturnType<typeof cacheFileOf>,
	stdin: NodeJS.ReadStream,
	screen: Screen,
	control: TerminalControl,
) {
	const warnings: string[] = [];
	const marks = openMarks(options.folder, {enabled: options.state ?? true, onWarning: (text) => warnings.push(text)});
	if (options.file !== undefined) {
		const {article, warnings: problems} = readArticleFile(options.folder, options.file, options);
		if (!article) throw new Error(problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '));
		// The first frame is this article.
		await loadRenderer();
		const one = initialState([metaOf(article)], {warnings: problems, marks, single: true});
		const initial = {...reduce(one, {type: 'open'}), notice: warnings.join('；') || undefined};
		const app = <App initial={initial} root={options.folder} terminal={control} marks={marks} />;
		return {catalog: undefined, instance: render(app, inkOptions(screen, stdin)), marks};
	}
	const place = marks.lastPlace();
	// Opening on the plain list (as the last run left it, or afresh), the first frame needs only its newest articles.
	const plain =
		!options.filter &&
		!options.category?.trim() &&
		(!place || (place.filter === '' && place.category.length === 0 && place.row === undefined));
	const catalog = await Catalog.open(options.folder, {
		cacheFile,
		quickStart: true,
		newestFirst: plain ? {article: place?.article} : undefined,
		followSymlinks: options.followSymlinks,
		// Before the first frame, straight to the terminal: how far a cold start has got.
		onProgress: (read, found) =>
			screen.progress(read === 0 ? `读取中… 找到 ${found} 个文件` : `读取中… ${read} / ${found} 个文件`),
	});
	const initial = {
		...initialState(catalog.articles, {
			warnings: catalog.warnings,
			search: catalog.search,
			marks,
			place,
			filter: options.filter,
			category: options.category,
			listing: catalog.listing,
		}),
		notice: [cache?.notice, ...warnings].filter(Boolean).join('；') || undefined,
	};
	const app = <App initial={initial} root={options.folder} catalog={catalog} terminal={control} marks={marks} />;
	const instance = render(app, inkOptions(screen, stdin));
	return {catalog, instance, marks};
}

/**
 * Keys typed while the archive loads: q and Ctrl-C quit at once (the load yields to the event loop between chunks of
 * files); anything else is handed back to the app when it starts.
 */
function watchKeysWhileLoading(stdin: NodeJS.ReadStream, quit: (status: number) => void): () => void {
	if (!stdin.isTTY) return () => {};
	const typed: Buffer[] = [];
	let filtering = false;
	const onData = (data: Buffer) => {
		if (data.includes(0x03)) return quit(130);
		// q quits, unless it is text typed after a / (the filter's).
		const q = data.indexOf(0x71);
		const slash = data.indexOf(0x2f);
		if (q !== -1 && !filtering && (slash === -1 || q < slash)) return quit(0);
		filtering ||= slash !== -1;
		typed.push(data);
	};
	stdin.on('data', onData);
	let watching = true;
	return () => {
		if (!watching) return;
		watching = false;
		stdin.off('data', onData);
		stdin.pause();
		if (typed.length > 0) stdin.unshift(Buffer.concat(typed));
	};
}

/** The full-screen browser. The terminal is restored on every way out: q, Ctrl-C, SIGTERM, SIGHUP and errors. */
export async function runApp(options: AppOptions): Promise<void> {
	const {stdout, stdin} = process;
	const screen = new Screen(stdout);
	let app: Awaited<ReturnType<typeof startApp>> | undefined;
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		app?.instance.unmount();
		app?.instance.cleanup();
		app?.catalog?.close();
		// Marks made in the last second are written now.
		app?.marks.close();
		if (stdin.isTTY) stdin.setRawMode(false);
		screen.leave();
	};
	const quit = (status: number) => {
		restore();
		process.exit(status);
	};

	// Ctrl-Z (a key in raw mode) and `kill -TSTP` suspend like any full-screen program: the terminal is given back
	// as it was, the process stops, and `fg` comes back to the whole frame redrawn in raw mode.
	const suspend = () => {
		app?.marks.flush();
		screen.pause();
		if (stdin.isTTY) stdin.setRawMode(false);
		process.kill(process.pid, 'SIGSTOP');
	};
	const resume = () => {
		if (restored) return;
		if (stdin.isTTY) stdin.setRawMode(true);
		screen.resume();
	};
	// A resize moves or cuts what the terminal shows: the next frame is drawn whole. Registered before Ink's own
	// listener, so that it holds for the frame Ink draws at once.
	// And once more when the resizing has stopped: a frame that was on its way while the terminal changed size
	// (progress, a search's answer) can land where the terminal's own reflow moves it.
	let settle: NodeJS.Timeout | undefined;
	const onResize = () => {
		screen.invalidate();
		clearTimeout(settle);
		settle = setTimeout(() => {
			if (!restored) screen.redraw();
		}, 150);
	};
	stdout.on('resize', onResize);

	const signals: Array<[NodeJS.Signals, () => void]> = [
		// Every SIGWINCH too: Node emits 'resize' only when the size it reads differs from the last, so a storm of
		// resizes that ends at the first size while the process waits for the CPU (the signals come as one) emits none,
		// though the terminal shrank meanwhile and moved the frame up.
		['SIGWINCH', onResize],
		['SIGTERM', () => quit(143)],
		['SIGHUP', () => quit(129)],
		['SIGINT', () => quit(130)],
		['SIGQUIT', () => quit(131)],
		['SIGTSTP', suspend],
		['SIGCONT', resume],
	];
	for (const [signal, handler] of signals) process.on(signal, handler);
	const onCrash = (error: unknown) => {
		restore();
		process.stderr.write(`wxnews: crashed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	};
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);

	// Raw mode at once: keys typed while a large archive loads must not be echoed onto the screen.
	screen.enter('读取中…');
	if (stdin.isTTY) stdin.setRawMode(true);
	const stopWatching = watchKeysWhileLoading(stdin, quit);
	try {
		app = await startApp(options, stdout, stdin, screen, {redraw: () => screen.redraw(), suspend});
		stopWatching();
		await app.instance.waitUntilExit();
	} finally {
		stopWatching();
		restore();
		stdout.off('resize', onResize);
		clearTimeout(settle);
		for (const [signal, handler] of signals) process.off(signal, handler);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	}
}
