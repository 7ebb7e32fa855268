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

// Text made only of these is one grapheme per UTF-16 unit: no segmenter needed. `simple` is one column for ASCII
// and two for the rest (wrap.ts relies on it); `oneUnit` adds the narrow characters of graphemeWidth's fast path.
// U+302A–U+302F are tone marks that join the character before them.
export const simple = /^[\x20-\x7e\u3000-\u3029\u3030-\u303f\u4e00-\u9fff\uff01-\uff60]*$/;
const oneUnit =
	/^[\x20-\x7e\xa1-\xac\xae-\xff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25fc\u3000-\u3029\u3030-\u303f\u4e00-\u9fff\uff01-\uff60]*$/;

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
		// Ideographs, CJK punctuation and full-width forms (what string-width says, without its first-call cost of
		// compiling its patterns, about 20 ms in the first frame).
		if (
			(code >= 0x4e00 && code <= 0x9fff) ||
			(code >= 0x3400 && code <= 0x4dbf) ||
			(code >= 0x3000 && code <= 0x3029) ||
			(code >= 0x3030 && code <= 0x303e) ||
			(code >= 0xff01 && code <= 0xff60)
		)
			return 2;
		// Latin-1, general punctuation (… · — “”), arrows, box drawing and geometric shapes the interface draws: one
		// column, as string-width says (checked in width tests), without its patterns.
		if (
			(code >= 0xa1 && code <= 0xff && code !== 0xad) ||
			(code >= 0x2010 && code <= 0x2027) ||
			(code >= 0x2030 && code <= 0x205e) ||
			(code >= 0x2190 && code <= 0x21ff) ||
			(code >= 0x2500 && code <= 0x25fc)
		)
			return 1;
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
