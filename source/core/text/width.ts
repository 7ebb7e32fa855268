import type stringWidthFunction from 'string-width';
import {lazyPackage} from '../lazy-package.js';

// string-width compiles its patterns as it loads (about 18 ms of every start): required at the first grapheme the
// fast paths below do not cover. Ink's own measuring goes through here too (app/ink-string-width.ts).
const stringWidthPackage = lazyPackage<{default: typeof stringWidthFunction}>('string-width');
export const stringWidth: typeof stringWidthFunction = (text, options) => stringWidthPackage().default(text, options);

// Terminal columns, measured per grapheme cluster so that emoji, ZWJ
// sequences and combining marks count as the terminal shows them.
// Made on first use: the first costs about 7 ms (ICU's data), and most frames need none.
let segmenter: Intl.Segmenter | undefined;
const cache = new Map<string, number>();

// V8's segmenter is quadratic on long strings (a million-character
// paragraph would take minutes), so long text is cut into pieces first, at
// places where a cluster cannot continue: before printable ASCII or a CJK
// ideograph.
const piece = 256;
const safeStart = /[\x20-\x7e\u4e00-\u9fff]/y;

function* pieces(text: string): Generator<string> {
	let start = 0;
	while (text.length - start > piece) {
		let cut = start + piece;
		for (; cut < text.length; cut++) {
			safeStart.lastIndex = cut;
			if (safeStart.test(text)) break;
		}
		yield text.slice(start, cut);
		start = cut;
	}
	if (start < text.length) yield text.slice(start);
}

// Characters that are one grapheme each (no segmenter needed) and as many columns as string-width gives them
// (checked against it in the width tests), without its first-call cost of compiling its patterns. Two: ideographs,
// CJK punctuation and full-width forms. One: Latin-1, general punctuation (… · — “”), arrows, box drawing and the
// geometric shapes the interface draws. Left out: U+302A–U+302F (tone marks, which join the character before them),
// U+303F (one column) and the soft hyphen.
type Range = readonly [from: number, to: number];
const wide: readonly Range[] = [
	[0x3000, 0x3029],
	[0x3030, 0x303e],
	[0x3400, 0x4dbf],
	[0x4e00, 0x9fff],
	[0xff01, 0xff60],
];
const narrow: readonly Range[] = [
	[0xa1, 0xac],
	[0xae, 0xff],
	[0x2010, 0x2027],
	[0x2030, 0x205e],
	[0x2190, 0x21ff],
	[0x2500, 0x25fc],
];

function inRanges(code: number, ranges: readonly Range[]): boolean {
	for (const [from, to] of ranges) if (code >= from && code <= to) return true;
	return false;
}

const unit = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const classOf = (ranges: readonly Range[]) => ranges.map(([from, to]) => `${unit(from)}-${unit(to)}`).join('');
/** Text of printable ASCII (one column each) and the wide characters (two each): wrap.ts relies on it. */
export const simple = new RegExp(`^[\\x20-\\x7e${classOf(wide)}]*$`);
/** Text that is one grapheme per UTF-16 unit, each of a width graphemeWidth knows without string-width. */
const oneUnit = new RegExp(`^[\\x20-\\x7e${classOf(narrow)}${classOf(wide)}]*$`);

export function* eachGrapheme(text: string): Generator<string> {
	for (const part of pieces(text)) {
		if (oneUnit.test(part)) yield* part;
		else {
			segmenter ??= new Intl.Segmenter('zh', {granularity: 'grapheme'});
			for (const {segment} of segmenter.segment(part)) yield segment;
		}
	}
}

export function graphemes(text: string): string[] {
	return [...eachGrapheme(text)];
}

export function graphemeWidth(g: string): number {
	const code = g.charCodeAt(0);
	if (g.length === 1) {
		if (code >= 0x20 && code < 0x7f) return 1;
		if (inRanges(code, wide)) return 2;
		if (inRanges(code, narrow)) return 1;
	}
	let width = cache.get(g);
	if (width === undefined) {
		width = stringWidth(g);
		if (cache.size < 50_000) cache.set(g, width);
	}
	return width;
}

export function displayWidth(text: string): number {
	// Fast path: printable ASCII is one column a character.
	if (/^[\x20-\x7e]*$/.test(text)) return text.length;
	let width = 0;
	for (const segment of eachGrapheme(text)) width += graphemeWidth(segment);
	return width;
}

/** Cut to at most `width` columns, ending with `…` when something was cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const room = width - displayWidth(ellipsis);
	let used = 0;
	let out = '';
	for (const segment of eachGrapheme(text)) {
		const w = graphemeWidth(segment);
		if (used + w > room) break;
		out += segment;
		used += w;
	}
	return room >= 0 ? out + ellipsis : out;
}

/** Cut or pad with spaces to exactly `width` columns. */
export function fit(text: string, width: number): string {
	const cut = truncate(text, width);
	return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}
