import {displayWidth} from '../text/width.js';
import {Style} from './blocks.js';

/** A style over `text.slice(start, end)` of one line; `style` holds Style bits. */
export type StyleRange = {start: number; end: number; style: number};
export type LineKind = 'text' | 'heading' | 'code' | 'table' | 'rule' | 'blank';
/** One laid-out line: plain text (what `--json` prints) and the styles the app paints on it. */
export type Line = {text: string; ranges: StyleRange[]; kind: LineKind};

export const blankLine = (): Line => ({text: '', ranges: [], kind: 'blank'});

/** `prefix` (styled `style`) before the line: its ranges move along. */
export function prefixed(line: Line, prefix: string, style: number): Line {
	if (prefix === '') return line;
	const shift = prefix.length;
	const ranges = line.ranges.map((range) => ({start: range.start + shift, end: range.end + shift, style: range.style}));
	const text = (prefix + line.text).trimEnd();
	const head = prefix.trimEnd().length;
	if (style !== 0 && head > 0) ranges.unshift({start: 0, end: head, style});
	const inside = ranges.filter((range) => range.start < text.length);
	for (const range of inside) range.end = Math.min(range.end, text.length);
	return {text, ranges: inside, kind: line.kind};
}

/** Pad with spaces to `width` columns (the line already fits). */
export function padded(line: Line, width: number): Line {
	const room = width - displayWidth(line.text);
	return room > 0 ? {...line, text: line.text + ' '.repeat(room)} : line;
}

export const textLine = (text: string, style: number, kind: Line['kind']): Line => ({
	text,
	ranges: style !== 0 && text !== '' ? [{start: 0, end: text.length, style}] : [],
	kind,
});

/** The plain text of laid-out lines, as `--json` prints it. */
export const plainText = (lines: readonly Line[]): string => lines.map((line) => line.text).join('\n');

/** A table line's text with its frame (`|`, `+---+`) blanked: what search reads of a table. */
export function withoutFrame(line: Line): string {
	let text = line.text;
	for (const range of line.ranges) {
		if (range.style & Style.frame)
			text = text.slice(0, range.start) + ' '.repeat(range.end - range.start) + text.slice(range.end);
	}
	return text.trim();
}
