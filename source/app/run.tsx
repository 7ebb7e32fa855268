import {render, type RenderOptions} from 'ink';
import {frameStream} from './frame-stream.js';
import {loadArchive} from '../core/load.js';
import {App} from './app.js';
import {initialState} from './state.js';

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

/** Ink settings shared by the app and the byte benchmark. */
export function inkOptions(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): RenderOptions {
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

export type AppOptions = {folder: string; filter?: string; category?: string};

/** The full-screen browser. The terminal is restored on every way out: q, Ctrl-C, SIGTERM, SIGHUP and errors. */
export async function runApp(options: AppOptions): Promise<void> {
	const archive = await loadArchive(options.folder);
	const stdout = process.stdout;
	stdout.write(enterAltScreen);

	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		instance.unmount();
		instance.cleanup();
		if (process.stdin.isTTY) process.stdin.setRawMode(false);
		stdout.write(showCursor + leaveAltScreen);
	};

	const initial = initialState(archive.articles, archive.warnings, options.filter ?? '');
	const instance = render(<App initial={initial} />, inkOptions(stdout, process.stdin));

	const onSignal = (signal: NodeJS.Signals, code: number) => () => {
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
		const handler = onSignal(signal, code);
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

	try {
		await instance.waitUntilExit();
	} finally {
		restore();
		for (const [signal, handler] of handlers) process.off(signal, handler);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	}
}
