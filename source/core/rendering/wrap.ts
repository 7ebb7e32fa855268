import {displayWidth, eachGrapheme, graphemeWidth, graphemes} from '../text/width.js';

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

/** `start` is the atom's offset in the line. */
type Atom = {text: string; width: number; wide: boolean; spaceBefore: string; start: number};

function atomsOf(line: string): Atom[] {
	const atoms: Atom[] = [];
	let space = '';
	let word: Atom | undefined;
	let offset = 0;
	for (const g of eachGrapheme(line)) {
		const start = offset;
		offset += g.length;
		if (g === ' ' || g === '\t') {
			space += ' ';
			word = undefined;
			continue;
		}
		const width = graphemeWidth(g);
		const wide = width >= 2;
		if (!wide && word && !paired.has(g)) {
			word.text += g;
			word.width += width;
			continue;
		}
		const atom: Atom = {text: g, width, wide, spaceBefore: space, start};
		atoms.push(atom);
		space = '';
		word = wide || paired.has(g) ? undefined : atom;
	}
	return atoms;
}

function breakAllowed(before: Atom, after: Atom): boolean {
	const last = before.text.at(-1)!;
	const first = after.text[0]!;
	if (closing.has(first) || opening.has(last)) return false;
	if (paired.has(first) && first === last) return false;
	if (after.spaceBefore !== '') return true;
	return before.wide || after.wide || paired.has(first) || paired.has(last);
}

/** Atoms that may not be separated, glued together; `last` is the atom a following break is judged against. */
type Unit = {text: string; width: number; spaceBefore: string; last: Atom; start: number};

function unitsOf(atoms: Atom[]): Unit[] {
	const units: Unit[] = [];
	for (const atom of atoms) {
		const previous = units.at(-1);
		if (previous && !breakAllowed(previous.last, atom)) {
			previous.text += atom.spaceBefore + atom.text;
			previous.width += atom.spaceBefore.length + atom.width;
			previous.last = atom;
		} else {
			units.push({text: atom.text, width: atom.width, spaceBefore: atom.spaceBefore, last: atom, start: atom.start});
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
	const trimmedEnd = line.trimEnd().length;
	if (displayWidth(line) <= width) return [{start: 0, end: trimmedEnd, indent: ''}];
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

	for (const unit of unitsOf(atomsOf(line))) {
		const space = atLineStart ? 0 : unit.spaceBefore.length;
		const unitEnd = unit.start + unit.text.length;
		if (currentWidth + space + unit.width <= width) {
			take(atLineStart ? unit.start : unit.start - space, unitEnd, space + unit.width);
			continue;
		}
		// A unit longer than any line (a long URL) is split where it stands rather than leaving a short line behind.
		const roomOnFreshLine = width - indentWidth;
		const roomHere = width - currentWidth - space;
		if (!atLineStart && (unit.width <= roomOnFreshLine || roomHere < Math.min(10, width / 4))) flush();
		else if (!atLineStart) {
			currentWidth += space;
		}
		const parts = graphemes(unit.text);
		const widths = parts.map(graphemeWidth);
		let offset = unit.start;
		let index = 0;
		let restWidth = unit.width;
		while (currentWidth + restWidth > width) {
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
	return ranges.length > 0 ? ranges : [{start: 0, end: 0, indent: ''}];
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
