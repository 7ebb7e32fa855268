import {displayWidth, eachGrapheme, graphemeWidth, graphemes, simple} from '../text/width.js';

// Chinese line breaking (GB/T 15834 and JIS X 4051 "kinsoku"): a line never
// starts with closing punctuation and never ends with an opening bracket.
export const closingPunctuation: ReadonlySet<string> = new Set(
	'，。、；：？！）］｝〕〉》」』】〙〗〟’”｠»…‥・·ー～〜ゝゞヽヾァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ々〻％‰℃°,.;:!?)]}%'.split(
		'',
	),
);
export const openingBrackets: ReadonlySet<string> = new Set('（［｛〔〈《「『【〘〖〝‘“｟«([{'.split(''));
const closing = closingPunctuation;
const opening = openingBrackets;
// Dashes and ellipses come in pairs (—— ……) that are never split.
const paired = new Set('—…⋯'.split(''));

/**
 * The pieces a line may break between (units: a word, one Chinese character, or graphemes that may not be
 * separated, such as a character and the closing punctuation after it), as parallel arrays of offsets into the
 * line: a 2 MB line makes millions of them, so no object is made per piece.
 */
type Units = {start: number[]; end: number[]; width: number[]; space: number[]};

function unitsOf(line: string): Units {
	const units: Units = {start: [], end: [], width: [], space: []};
	let space = 0;
	let inWord = false; // The last grapheme began or continued a narrow word, which the next narrow one extends.
	let lastChar = '';
	let lastWide = false;
	const visit = (g: string, at: number, width: number) => {
		if (g === ' ' || g === '\t') {
			space++;
			inWord = false;
			return;
		}
		const wide = width >= 2;
		const isPaired = paired.has(g);
		const n = units.start.length;
		if (!wide && inWord && !isPaired) {
			units.end[n - 1] = at + g.length;
			units.width[n - 1]! += width;
			lastChar = g.at(-1)!;
			return;
		}
		// A new atom: glued to the unit before it when no break is allowed between them.
		const first = g[0]!;
		let glue = false;
		if (n > 0) {
			if (closing.has(first) || opening.has(lastChar) || (isPaired && first === lastChar)) glue = true;
			else if (space === 0) glue = !(lastWide || wide || isPaired || paired.has(lastChar));
		}
		if (glue) {
			units.end[n - 1] = at + g.length;
			units.width[n - 1]! += space + width;
		} else {
			units.start.push(at);
			units.end.push(at + g.length);
			units.width.push(width);
			units.space.push(space);
		}
		space = 0;
		lastChar = g.at(-1)!;
		lastWide = wide;
		inWord = !(wide || isPaired);
	};
	if (simple.test(line)) {
		for (let i = 0; i < line.length; i++) visit(line[i]!, i, line.charCodeAt(i) < 0x7f ? 1 : 2);
	} else {
		let at = 0;
		for (const g of eachGrapheme(line)) {
			visit(g, at, graphemeWidth(g));
			at += g.length;
		}
	}
	return units;
}

// A list item or quote keeps its hanging indent on continuation lines.
const prefixPattern = /^(\s*(?:>\s?)*)((?:[-*+•·]|\d{1,3}[.)、]|[a-zA-Z][.)])\s+)?/;

function continuationIndent(line: string, width: number): string {
	const m = prefixPattern.exec(line)!;
	const quote = m[1] ?? '';
	const marker = m[2] ?? '';
	const indent = (quote.includes('>') ? quote : ' '.repeat(quote.length)) + ' '.repeat(displayWidth(marker));
	// Keep at least half the width for text so wrapping always progresses.
	return displayWidth(indent) > width / 2 ? '' : indent;
}

/** Where to cut graphemes `parts` (from `start`) to fill `room` columns, never starting the rest with closing punctuation. */
function cutAt(parts: string[], widths: number[], start: number, room: number): number {
	let used = 0;
	let i = start;
	while (i < parts.length && used + widths[i]! <= room) used += widths[i++]!;
	// Move the break back past closing punctuation / before an opening bracket.
	let j = i;
	const startsClosing = (k: number) =>
		closing.has(parts[k]?.[0] ?? '') || (parts[k] === ' ' && closing.has(parts[k + 1]?.[0] ?? ''));
	while (j > start + 1 && (startsClosing(j) || opening.has(parts[j - 1]!.at(-1)!))) j--;
	if (j > start + 1) i = j;
	return i === start ? start + 1 : i; // A grapheme wider than the room still has to go somewhere.
}

/** One wrapped line: `indent` (a hanging indent) then `text.slice(start, end)` of the line that was wrapped. */
export type WrapRange = {start: number; end: number; indent: string};

/**
 * Where a line (without tabs) breaks to fit `width` columns, as offsets into it, so that styles
 * on the text can follow it onto the wrapped lines. Trailing spaces of each line are left out.
 */
export function wrapRanges(line: string, width: number): WrapRange[] {
	// A column or two per UTF-16 unit at most: short lines need no measuring, and long ones are never measured twice.
	if (line.length * 2 <= width || (line.length <= 4 * width && displayWidth(line) <= width)) {
		return [{start: 0, end: line.trimEnd().length, indent: ''}];
	}
	const leading = /^ */.exec(line)![0];
	const indent = continuationIndent(line, width);
	const indentWidth = displayWidth(indent);
	const ranges: WrapRange[] = [];
	const keepLeading = leading.length <= width / 2;
	let start = keepLeading ? 0 : -1; // -1: the line starts at its first unit.
	let end = start;
	let lineIndent = '';
	let currentWidth = keepLeading ? leading.length : 0;
	let atLineStart = true;

	const flush = () => {
		if (start >= 0 && end > start) ranges.push({start, end, indent: lineIndent});
		start = -1;
		end = -1;
		lineIndent = indent;
		currentWidth = indentWidth;
		atLineStart = true;
	};
	const take = (from: number, to: number, columns: number) => {
		if (start < 0) start = from;
		end = to;
		currentWidth += columns;
		atLineStart = false;
	};

	const units = unitsOf(line);
	for (let u = 0; u < units.start.length; u++) {
		const unitStart = units.start[u]!;
		const unitEnd = units.end[u]!;
		const unitWidth = units.width[u]!;
		const space = atLineStart ? 0 : units.space[u]!;
		if (currentWidth + space + unitWidth <= width) {
			take(unitStart, unitEnd, space + unitWidth);
			continue;
		}
		// A unit longer than any line (a long URL) is split where it stands rather than leaving a short line behind.
		const roomOnFreshLine = width - indentWidth;
		const roomHere = width - currentWidth - space;
		if (!atLineStart && (unitWidth <= roomOnFreshLine || roomHere < Math.min(10, width / 4))) flush();
		else if (!atLineStart) {
			currentWidth += space;
		}
		const parts = graphemes(line.slice(unitStart, unitEnd));
		const widths = parts.map(graphemeWidth);
		let offset = unitStart;
		let index = 0;
		let restWidth = unitWidth;
		while (currentWidth + restWidth > width) {
			// Not even its next grapheme fits where this line stands: it starts the next line instead.
			if (!atLineStart && widths[index]! > width - currentWidth) {
				flush();
				continue;
			}
			const cut = cutAt(parts, widths, index, width - currentWidth);
			let length = 0;
			let columns = 0;
			for (let k = index; k < cut; k++) {
				length += parts[k]!.length;
				columns += widths[k]!;
			}
			if (start < 0) start = offset;
			end = offset + length;
			offset += length;
			restWidth -= columns;
			index = cut;
			currentWidth += columns;
			flush();
		}
		if (index < parts.length) take(offset, unitEnd, restWidth);
	}
	flush();
	if (ranges.length >= 2) avoidRunt(line, ranges, units, width);
	return ranges.length > 0 ? ranges : [{start: 0, end: 0, indent: ''}];
}

// A last line this short reads as a broken-off piece (`…已经修` / `补。`).
const runt = 4;
const enough = 6;

/**
 * A paragraph does not end on a runt: the line before gives up units (at breaks that were allowed there anyway)
 * until the last line holds a few characters, as long as that line stays more than half full.
 */
function avoidRunt(line: string, ranges: WrapRange[], units: Units, width: number): void {
	const last = ranges.at(-1)!;
	const previous = ranges.at(-2)!;
	const lastWidth = displayWidth(line.slice(last.start, last.end));
	if (lastWidth > runt || lastWidth === 0) return;
	const room = width - displayWidth(last.indent);
	const starts = units.start;
	// The units that begin inside the line before, from its end backwards.
	let u = starts.length - 1;
	while (u >= 0 && starts[u]! >= last.start) u--;
	for (; u >= 0 && starts[u]! > previous.start; u--) {
		const cut = starts[u]!;
		const moved = displayWidth(line.slice(cut, last.end));
		if (moved > room) return;
		const kept = line.slice(previous.start, cut).trimEnd();
		if (displayWidth(previous.indent + kept) <= width / 2) return;
		if (moved >= enough) {
			previous.end = previous.start + kept.length;
			last.start = cut;
			return;
		}
	}
}

export function wrapLine(line: string, width: number): string[] {
	const expanded = line.replaceAll('\t', '    ');
	return wrapRanges(expanded, width).map(({start, end, indent}) => (indent + expanded.slice(start, end)).trimEnd());
}

/** Wrap every line of a text to `width` display columns. */
export function wrapText(text: string, width: number): string[] {
	const out: string[] = [];
	// A loop, not push(...lines): a long paragraph makes more lines than a call may take arguments.
	for (const line of text.split('\n')) for (const wrapped of wrapLine(line, width)) out.push(wrapped);
	return out;
}
