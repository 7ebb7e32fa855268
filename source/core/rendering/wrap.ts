import {displayWidth, graphemeWidth, graphemes} from '../text/width.js';

// Chinese line breaking (GB/T 15834 and JIS X 4051 "kinsoku"): a line never
// starts with closing punctuation and never ends with an opening bracket.
const closing = new Set(
	'，。、；：？！）］｝〕〉》」』】〙〗〟’”｠»…‥・·ー～〜ゝゞヽヾァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ々〻％‰℃°,.;:!?)]}%'.split(
		'',
	),
);
const opening = new Set('（［｛〔〈《「『【〘〖〝‘“｟«([{'.split(''));
// Dashes and ellipses come in pairs (—— ……) that are never split.
const paired = new Set('—…⋯'.split(''));

type Atom = {text: string; width: number; wide: boolean; spaceBefore: string};

function atomsOf(line: string): Atom[] {
	const atoms: Atom[] = [];
	let space = '';
	let word: Atom | undefined;
	for (const g of graphemes(line)) {
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
		const atom: Atom = {text: g, width, wide, spaceBefore: space};
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
type Unit = {text: string; width: number; spaceBefore: string; last: Atom};

function unitsOf(atoms: Atom[]): Unit[] {
	const units: Unit[] = [];
	for (const atom of atoms) {
		const previous = units.at(-1);
		if (previous && !breakAllowed(previous.last, atom)) {
			previous.text += atom.spaceBefore + atom.text;
			previous.width += atom.spaceBefore.length + atom.width;
			previous.last = atom;
		} else {
			units.push({text: atom.text, width: atom.width, spaceBefore: atom.spaceBefore, last: atom});
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
	while (j > start + 1 && (closing.has(parts[j]?.[0] ?? '') || opening.has(parts[j - 1]!.at(-1)!))) j--;
	if (j > start + 1) i = j;
	return i === start ? start + 1 : i; // A grapheme wider than the room still has to go somewhere.
}

export function wrapLine(line: string, width: number): string[] {
	const expanded = line.replaceAll('\t', '    ');
	if (displayWidth(expanded) <= width) return [expanded.trimEnd()];
	const leading = /^ */.exec(expanded)![0];
	const indent = continuationIndent(expanded, width);
	const indentWidth = displayWidth(indent);
	const lines: string[] = [];
	let current = leading.length <= width / 2 ? leading : '';
	let currentWidth = current.length;
	let lineIndent = current;

	const flush = () => {
		lines.push(current.trimEnd());
		current = indent;
		currentWidth = indentWidth;
		lineIndent = indent;
	};

	for (const unit of unitsOf(atomsOf(expanded))) {
		const atLineStart = current === lineIndent;
		const space = atLineStart ? '' : unit.spaceBefore;
		if (currentWidth + space.length + unit.width <= width) {
			current += space + unit.text;
			currentWidth += space.length + unit.width;
			continue;
		}
		// A unit longer than any line (a long URL) is split where it stands rather than leaving a short line behind.
		const roomOnFreshLine = width - indentWidth;
		const roomHere = width - currentWidth - space.length;
		if (!atLineStart && (unit.width <= roomOnFreshLine || roomHere < Math.min(10, width / 4))) flush();
		else if (!atLineStart) {
			current += space;
			currentWidth += space.length;
		}
		const parts = graphemes(unit.text);
		const widths = parts.map(graphemeWidth);
		let start = 0;
		let restWidth = unit.width;
		while (currentWidth + restWidth > width) {
			const end = cutAt(parts, widths, start, width - currentWidth);
			current += parts.slice(start, end).join('');
			for (let k = start; k < end; k++) restWidth -= widths[k]!;
			start = end;
			flush();
		}
		current += parts.slice(start).join('');
		currentWidth += restWidth;
	}
	if (current.trim() !== '' || lines.length === 0) lines.push(current.trimEnd());
	return lines;
}

/** Wrap every line of a text to `width` display columns. */
export function wrapText(text: string, width: number): string[] {
	const out: string[] = [];
	// A loop, not push(...lines): a long paragraph makes more lines than a call may take arguments.
	for (const line of text.split('\n')) for (const wrapped of wrapLine(line, width)) out.push(wrapped);
	return out;
}
