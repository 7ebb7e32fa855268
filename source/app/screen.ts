// The full-screen terminal the app draws on. Ink 6.8 draws each frame relative to where it believes the cursor is;
// a resize makes the terminal move or cut lines, and from then on every frame lands out of place (a stale row on top,
// the header on row 2). So Ink renders whole frames (incrementalRendering off) into this stream, which keeps the frame
// on screen and writes only the lines that changed, each at an absolute row from the top-left: the next frame after
// any resize is right from row 1, and over SSH only changed lines cost bytes.

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';
// What Ink writes before a whole frame (or alone, to clear): erase a line, move up, to column 1.
const erasePrefix = /^(?:\u001B\[2K|\u001B\[1A|\u001B\[G)+/;

/** The terminal actions keys can ask for beside state changes. */
export type TerminalControl = {redraw: () => void; suspend: () => void};

export class Screen {
	private shown: string[] = [];
	/** The next frame rewrites every line (after a resize, a resume, or a redraw). */
	private full = true;
	/** Suspended: frames are kept, not drawn, until resume (the shell owns the terminal). */
	private paused = false;
	readonly stream: NodeJS.WriteStream;

	constructor(private readonly terminal: NodeJS.WriteStream) {
		this.stream = new Proxy(terminal, {
			get: (target, property) => {
				if (property === 'write')
					// Ink waits for the callback of an empty write before it says it has exited: pass callbacks on.
					return (chunk: unknown, ...rest: unknown[]) =>
						(target.write as (...args: unknown[]) => boolean)(
							typeof chunk === 'string' ? this.translate(chunk) : chunk,
							...rest,
						);
				const value: unknown = Reflect.get(target, property, target);
				return typeof value === 'function' ? value.bind(target) : value;
			},
		});
	}

	enter(text = ''): void {
		this.full = true;
		this.terminal.write(enterAltScreen + hideCursor + text);
	}

	/** A line of progress before the first frame; once a frame is up, the header is the frame's (a check of the disk
	 * after a start from the cache reports nothing here). */
	progress(text: string): void {
		if (!this.paused && this.shown.length === 0) this.terminal.write(`\u001B[1;1H${text}\u001B[K`);
	}

	leave(): void {
		this.terminal.write(showCursor + leaveAltScreen);
	}

	/** Ctrl-Z: give the terminal back as it was. */
	pause(): void {
		this.paused = true;
		this.leave();
	}

	/** fg: the alternate screen again, with the whole frame. */
	resume(): void {
		this.paused = false;
		this.enter();
		this.redraw();
	}

	/** The terminal changed under the frame (resize, resume): the next frame rewrites everything. */
	invalidate(): void {
		this.full = true;
	}

	/** Ctrl-L: clear the terminal and draw the last frame again. */
	redraw(): void {
		if (this.paused) return;
		this.full = true;
		this.terminal.write('\u001B[2J' + this.frame(this.shown));
	}

	/** What reaches the terminal for what Ink writes. */
	private translate(chunk: string): string {
		const prefix = erasePrefix.exec(chunk)?.[0] ?? '';
		const rest = chunk.slice(prefix.length);
		const isFrame = rest.includes('\n');
		if (this.paused) {
			if (isFrame) this.shown = rest.replace(/\n$/, '').split('\n');
			return '';
		}
		if (isFrame) return this.frame(rest.replace(/\n$/, '').split('\n'));
		if (prefix !== '' && rest === '') {
			// Ink erasing its frame (on a narrower terminal, or unmounting): the next frame is drawn whole.
			this.full = true;
			return '';
		}
		return chunk;
	}

	private frame(lines: string[]): string {
		let out = '';
		for (const [i, line] of lines.entries())
			if (this.full || line !== this.shown[i]) out += `\u001B[${i + 1};1H${line}\u001B[K`;
		// Below a shorter frame (or anything a resize left), nothing stays; never erase a frame as tall as the terminal.
		const rows = this.terminal.rows || 24;
		if ((this.full || lines.length < this.shown.length) && lines.length < rows)
			out += `\u001B[${lines.length + 1};1H\u001B[J`;
		this.shown = lines;
		this.full = false;
		return out;
	}
}
