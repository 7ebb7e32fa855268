// A real pseudo-terminal for end-to-end tests: a tmux server on a private
// socket file (never the user's server), one session running one command.
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, readlinkSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import stringWidth from 'string-width';

const run = promisify(execFile);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type TmuxOptions = {
	/** The command, run by `sh -c` inside the pane. */
	command: string;
	width: number;
	height: number;
	cwd?: string;
	/** The pane's whole environment besides PATH and HOME; TERM defaults to xterm-256color, LANG to C.UTF-8. */
	env?: Record<string, string>;
};

export type Screen = {
	text: string;
	/** Exactly `height` rows, trailing blanks trimmed by tmux. */
	rows: string[];
};

export type Predicate = string | RegExp | ((screen: Screen) => boolean);

function describe(predicate: Predicate): string {
	return typeof predicate === 'function' ? predicate.name || 'predicate' : String(predicate);
}

function matches(predicate: Predicate, screen: Screen): boolean {
	if (typeof predicate === 'string') return screen.text.includes(predicate);
	if (predicate instanceof RegExp) return predicate.test(screen.text);
	return predicate(screen);
}

export function tmuxVersion(): Promise<string> {
	return run('tmux', ['-V']).then(({stdout}) => stdout.trim());
}

export class Tmux {
	/** A socket file in a private folder (tmux -S): tests never touch a user's tmux server, and kill() removes it. */
	readonly socketDir = mkdtempSync(path.join(os.tmpdir(), 'wxnews-tmux-'));
	readonly socket = path.join(this.socketDir, 'socket');
	readonly target = 'e2e';
	width: number;
	height: number;
	private killed = false;

	private constructor(width: number, height: number) {
		this.width = width;
		this.height = height;
	}

	/** Start a detached session of the given size running `options.command`. */
	static async start(options: TmuxOptions): Promise<Tmux> {
		const session = new Tmux(options.width, options.height);
		const env = {
			TERM: 'xterm-256color',
			LANG: 'C.UTF-8',
			LC_ALL: 'C.UTF-8',
			// The app's cache and marks go to the session's private folder, never the user's ~/.cache or ~/.local/state.
			XDG_CACHE_HOME: path.join(session.socketDir, 'cache'),
			XDG_STATE_HOME: path.join(session.socketDir, 'state'),
			...options.env,
		};
		// `env -i` gives the pane exactly this environment, whatever tmux's own
		// default-terminal or the test runner's environment say.
		const command = [
			'env',
			'-i',
			`PATH=${process.env['PATH'] ?? '/usr/bin:/bin'}`,
			`HOME=${process.env['HOME'] ?? '/root'}`,
			...Object.entries(env).map(([key, value]) => `${key}=${value}`),
			'sh',
			'-c',
			options.command,
		];
		await session.tmux(
			'new-session',
			'-d',
			'-s',
			session.target,
			'-x',
			String(options.width),
			'-y',
			String(options.height),
			...(options.cwd ? ['-c', options.cwd] : []),
			'--',
			...command,
		);
		// Detached sessions have no client to size them: keep the size we set.
		await session.tmux('set-option', '-g', 'window-size', 'manual');
		await session.tmux('set-option', '-g', 'remain-on-exit', 'on');
		// For debugging: E2E_RAW_LOG=folder keeps every byte the pane received.
		const rawLog = process.env['E2E_RAW_LOG'];
		if (rawLog)
			await session.tmux(
				'pipe-pane',
				'-o',
				'-t',
				session.target,
				`cat > ${rawLog}/${path.basename(session.socketDir)}.log`,
			);
		return session;
	}

	/** Run a tmux command against this private server. */
	async tmux(...args: string[]): Promise<string> {
		const {stdout} = await run('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], {
			env: {
				PATH: process.env['PATH'] ?? '/usr/bin:/bin',
				HOME: process.env['HOME'] ?? '/root',
				LANG: 'C.UTF-8',
				LC_ALL: 'C.UTF-8',
			},
			maxBuffer: 1 << 24,
		});
		return stdout;
	}

	/** What the pane shows now; with `escapes`, the SGR attributes too (capture-pane -e). */
	async capture(options: {escapes?: boolean} = {}): Promise<Screen> {
		const text = await this.tmux('capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', this.target);
		const rows = text.replace(/\n$/, '').split('\n');
		while (rows.length < this.height) rows.push('');
		return {text, rows};
	}

	/** A tmux format for the pane, e.g. `#{alternate_on}`. */
	async display(format: string): Promise<string> {
		return (await this.tmux('display-message', '-p', '-t', this.target, format)).trim();
	}

	/**
	 * Poll the screen every 50 ms until the predicate holds on a settled
	 * screen (two captures 50 ms apart agree: tmux may show half a frame while
	 * the app is still writing); throw with the last screen if it never does.
	 * A predicate that throws counts as not holding.
	 */
	async waitFor(predicate: Predicate, timeoutMs = 10_000, options: {escapes?: boolean} = {}): Promise<Screen> {
		const deadline = Date.now() + timeoutMs;
		const holds = (screen: Screen) => {
			try {
				return matches(predicate, screen);
			} catch {
				return false;
			}
		};
		let screen = await this.capture(options);
		for (;;) {
			if (holds(screen)) {
				await sleep(50);
				const again = await this.capture(options);
				if (again.text === screen.text) return again;
				screen = again;
				continue;
			}
			if (Date.now() > deadline)
				throw new Error(
					`timed out after ${timeoutMs} ms waiting for ${describe(predicate)}; the screen was:\n${screen.rows.map((row, i) => `${String(i).padStart(2)}|${row}`).join('\n')}`,
				);
			await sleep(50);
			screen = await this.capture(options);
		}
	}

	/** Wait until the predicate stops holding (e.g. a screen has gone). */
	async waitForNot(predicate: Predicate, timeoutMs = 10_000): Promise<Screen> {
		return this.waitFor((screen) => !matches(predicate, screen), timeoutMs);
	}

	/**
	 * Send key names (`Enter`, `Escape`, `PageDown`, `C-c`, `j`) one at a time.
	 * After each key, wait until the screen changed (or a short settle time
	 * passed, for keys that change nothing), then a little more: Ink 6
	 * re-subscribes its input handler after each render, so keys written too
	 * quickly can be lost.
	 */
	async press(...keys: string[]): Promise<Screen> {
		let screen = await this.capture();
		for (const key of keys) {
			screen = await this.sendAndSettle(['send-keys', '-t', this.target, key], screen);
		}
		return screen;
	}

	/** Type text literally (send-keys -l), e.g. Chinese; arrives at once, like a paste. */
	async type(text: string): Promise<Screen> {
		return this.sendAndSettle(['send-keys', '-t', this.target, '-l', '--', text], await this.capture());
	}

	private async sendAndSettle(args: string[], before: Screen): Promise<Screen> {
		await this.tmux(...args);
		const deadline = Date.now() + 400;
		let screen = await this.capture();
		while (screen.text === before.text && Date.now() < deadline) {
			await sleep(50);
			screen = await this.capture();
		}
		await sleep(50);
		return this.capture();
	}

	/** Resize the window (tmux >= 2.9; window-size is manual). */
	async resize(width: number, height: number): Promise<void> {
		await this.tmux('resize-window', '-t', this.target, '-x', String(width), '-y', String(height));
		this.width = width;
		this.height = height;
	}

	/** The pid of the pane's first process (the `sh -c`). */
	async panePid(): Promise<number> {
		return Number(await this.display('#{pane_pid}'));
	}

	/** The pid of a descendant of the pane's shell whose executable is `executable` (e.g. node: the app may change its process title). */
	async findProcess(executable: string, timeoutMs = 10_000): Promise<number> {
		const root = await this.panePid();
		const deadline = Date.now() + timeoutMs;
		const needle = executable;
		for (;;) {
			const found = descendants(root).find((pid) => pid !== root && path.basename(exe(pid)) === executable);
			if (found !== undefined) return found;
			if (Date.now() > deadline) throw new Error(`no process matching ${needle} under pid ${root}`);
			await sleep(50);
		}
	}

	async kill(): Promise<void> {
		if (this.killed) return;
		this.killed = true;
		try {
			await this.tmux('kill-server');
		} catch {
			// Already gone.
		}
		rmSync(this.socketDir, {recursive: true, force: true});
	}
}

export function children(pid: number): number[] {
	try {
		const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
		return tasks.split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** The pid and every process below it. */
export function descendants(pid: number): number[] {
	const out: number[] = [];
	const queue = [pid];
	while (queue.length > 0) {
		const next = queue.shift()!;
		out.push(next);
		queue.push(...children(next));
	}
	return out;
}

/** The executable of a process (readlink /proc/pid/exe), or ''. */
export function exe(pid: number): string {
	try {
		return readlinkSync(`/proc/${pid}/exe`);
	} catch {
		return '';
	}
}

/** Display columns of a captured row (wide CJK characters count two). */
export const width = (row: string): number => stringWidth(row);

/** The display column at which `needle` starts in `row`, or -1. */
export function columnOf(row: string, needle: string | RegExp): number {
	const index = typeof needle === 'string' ? row.indexOf(needle) : row.search(needle);
	return index < 0 ? -1 : stringWidth(row.slice(0, index));
}

export type Cell = {
	char: string;
	bold: boolean;
	underline: boolean;
	inverse: boolean;
	/** Any foreground or background colour set. */
	colour: boolean;
};

/** Split a `capture-pane -e` row into characters with the SGR attributes in force. */
export function styledCells(row: string): Cell[] {
	const cells: Cell[] = [];
	let bold = false;
	let underline = false;
	let inverse = false;
	let fg = false;
	let bg = false;
	const pattern = /\u001B\[([0-9;:]*)m|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[^[\]]|([\s\S])/gu;
	for (const match of row.matchAll(pattern)) {
		if (match[2] !== undefined) {
			cells.push({char: match[2], bold, underline, inverse, colour: fg || bg});
			continue;
		}
		if (match[1] === undefined) continue;
		const params = match[1] === '' ? [0] : match[1].split(/[;:]/).map(Number);
		for (let i = 0; i < params.length; i++) {
			const p = params[i]!;
			if (p === 0) bold = underline = inverse = fg = bg = false;
			else if (p === 1) bold = true;
			else if (p === 4) underline = true;
			else if (p === 7) inverse = true;
			else if (p === 22) bold = false;
			else if (p === 24) underline = false;
			else if (p === 27) inverse = false;
			else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) fg = true;
			else if (p === 39) fg = false;
			else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) bg = true;
			else if (p === 49) bg = false;
			else if (p === 38 || p === 48) {
				if (p === 38) fg = true;
				else bg = true;
				i += params[i + 1] === 5 ? 2 : 4;
			}
		}
	}
	return cells;
}
