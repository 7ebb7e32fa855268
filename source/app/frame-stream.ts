// Two corrections to what Ink 6.8 writes for a full-screen frame that is one
// row shorter than the terminal (a full-height frame makes Ink clear the
// whole screen on every update):
// - Ink ends each frame with a newline, leaving the cursor one row below the
//   frame, yet its incremental renderer moves up as if the cursor sat on the
//   frame's last row, so every update lands one row low. Dropping that final
//   move keeps the cursor where Ink expects it.
// - Ink walks down over unchanged lines one `ESC[E` at a time; a run becomes
//   one cursor-down and a carriage return (VT100 codes, which vt220 knows).
//   Over SSH that is a fifth of what moving the selection costs.
const lineRuns = /(?:\u001B\[E){2,}/g;
const finalMove = /(?:\n|\u001B\[E)((?:\u001B\[\?2026l)?)$/;

export function adjustFrame(text: string): string {
	return text.replace(finalMove, '$1').replace(lineRuns, (run) => `\u001B[${run.length / 3}B\r`);
}

/** The stream Ink writes to, with frames adjusted; everything else passes through. */
export function frameStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') {
				return (chunk: unknown, ...rest: unknown[]) =>
					(target.write as (...args: unknown[]) => boolean)(
						typeof chunk === 'string' ? adjustFrame(chunk) : chunk,
						...rest,
					);
			}
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		},
	});
}
