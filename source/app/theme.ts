import {Style} from '../core/rendering/blocks.js';

// NO_COLOR (https://no-color.org): no colour at all; selection and matches
// stay visible through inverse video, bold and underline, which are not colour.
export const colorEnabled = !('NO_COLOR' in process.env && process.env['NO_COLOR'] !== '');

export const theme = {
	accent: colorEnabled ? 'cyan' : undefined,
	dim: colorEnabled,
	match: colorEnabled ? {color: 'yellow', bold: true} : {underline: true, bold: true},
} as const;

/** What Ink's <Text> takes for styling. */
export type TextStyle = {
	color?: string;
	dimColor?: boolean;
	bold?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
};

/** A search match on a line, beside the Style bits of the body. */
export const matchStyle = 1 << 20;

// Each style's look: in colour, and with NO_COLOR (bold, underline and inverse only).
const looks: Array<[number, TextStyle, TextStyle]> = [
	[Style.heading, {color: 'cyan', bold: true}, {bold: true, underline: true}],
	[Style.bold, {bold: true}, {bold: true}],
	[Style.italic, {italic: true}, {underline: true}],
	[Style.code, {color: 'yellow'}, {inverse: true}],
	[Style.link, {color: 'blue', underline: true}, {underline: true}],
	[Style.note, {color: 'cyan', dimColor: true}, {}],
	[Style.quote, {color: 'cyan', dimColor: true}, {}],
	[Style.bullet, {color: 'cyan'}, {bold: true}],
	[Style.rule, {dimColor: true}, {}],
	[Style.frame, {dimColor: true}, {}],
	[Style.codeBlock, {color: 'green'}, {}],
	[Style.continued, {color: 'magenta'}, {bold: true}],
	[matchStyle, {color: 'yellow', bold: true}, {underline: true, bold: true}],
];

const cache = new Map<string, TextStyle>();

/** The <Text> props for a set of Style bits (later looks win where they overlap, so a match shows over all). */
export function textStyle(style: number, colour = colorEnabled): TextStyle {
	const key = `${style}${colour ? 'c' : 'p'}`;
	let found = cache.get(key);
	if (!found) {
		found = {};
		for (const [bit, coloured, plain] of looks) if (style & bit) Object.assign(found, colour ? coloured : plain);
		cache.set(key, found);
	}
	return found;
}
