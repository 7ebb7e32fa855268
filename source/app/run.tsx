import {render, type RenderOptions} from 'ink';
import {frameStream} from './frame-stream.js';
import {cacheFor} from '../core/catalog/cache.js';
import {Catalog} from '../core/catalog/catalog.js';
import {App} from './app.js';
import {initialState} from './state.js';

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

/** Ink settings for the full-screen app. */
function inkOptions(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): RenderOptions {
	return {
		stdout: frameStream(stdout),
		stdin,
		exitOnCtrlC: true,
		patchConsole: false,
		// Only changed lines are rewritten: over SSH every byte counts.
		incrementalRendering: true,
		maxFps: 60,
	};
}

export type AppOptions = {folder: string; filter?: string; category?: string; cache: boolean};

/** Read the archive's metadata and show the first frame. The benchmark drives this with its own streams. */
export async function startApp(options: AppOptions, stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream) {
	// No home directory: run without a cache, and say so once.
	const cache = options.cache ? cacheFor(options.folder) : undefined;
	const catalog = await Catalog.open(options.folder, {cacheFile: cache?.file, quickStart: true});
	const initial = {
		...initialState(catalog.articles, {
			warnings: catalog.warnings,
			search: catalog.search,
			filter: options.filter,
			category: options.category,
		}),
		notice: cache?.notice,
	};
	const instance = render(<App initial={initial} root={options.folder} catalog={catalog} />, inkOptions(stdout, stdin));
	return {catalog, instance};
}

/** The full-screen browser. The terminal is restored on every way out: q, Ctrl-C, SIGTERM, SIGHUP and errors. */
export async function runApp(options: AppOptions): Promise<void> {
	const {stdout, stdin} = process;
	let app: Awaited<ReturnType<typeof startApp>> | undefined;
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		app?.instance.unmount();
		app?.instance.cleanup();
		app?.catalog.stop();
		if (stdin.isTTY) stdin.setRawMode(false);
		stdout.write(showCursor + leaveAltScreen);
	};

	const onSignal = (code: number) => () => {
		restore();
		process.exit(code);
	};
	const signals: Array<[NodeJS.Signals, number]> = [
		['SIGTERM', 143],
		['SIGHUP', 129],
		['SIGINT', 130],
		['SIGQUIT', 131],
	];
	const handlers = signals.map(([signal, code]) => {
		const handler = onSignal(code);
		process.on(signal, handler);
		return [signal, handler] as const;
	});
	const onCrash = (error: unknown) => {
		restore();
		process.stderr.write(`wxnews: crashed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	};
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);

	// Raw mode at once: keys typed while a large archive loads must not be echoed onto the screen.
	stdout.write(enterAltScreen + '读取中…\r');
	if (stdin.isTTY) stdin.setRawMode(true);
	try {
		app = await startApp(options, stdout, stdin);
		await app.instance.waitUntilExit();
	} finally {
		restore();
		for (const [signal, handler] of handlers) process.off(signal, handler);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	}
}
