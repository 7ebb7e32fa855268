import {displayWidth, eachGrapheme, graphemeWidth} from '../text/width.js';
import {Style, type Block, type SpanLine} from './blocks.js';
import {blankLine, prefixed, textLine, type Line, type LineKind, type StyleRange} from './lines.js';
import {layoutTable} from './table-layout.js';
import {wrapRanges} from './wrap.js';

export type LayoutOptions = {
	/** No blank lines between blocks (inside a table cell). */
	compact?: boolean;
	/** Laying out a list item's content. */
	inItem?: boolean;
};

/** Marks a code line's continuation when it is longer than the width. */
export const continuationMark = '» ';
const codeIndent = '  ';
const ruleLength = 20;
// Containers stop indenting when less than this is left: deep nesting must still fit the width.
const minimumInner = 10;

/** A source line of styled spans, wrapped to `width` (undefined: one line). */
function styledLines(line: SpanLine, width: number | undefined, base: number, kind: LineKind): Line[] {
	const text = line.map((span) => span.text).join('');
	const spans: StyleRange[] = [];
	let at = 0;
	for (const span of line) {
		const style = span.style | base;
		if (style !== 0 && span.text !== '') spans.push({start: at, end: at + span.text.length, style});
		at += span.text.length;
	}
	const ranges =
		width === undefined ? [{start: 0, end: text.length, indent: ''}] : wrapRanges(text, Math.max(1, width));
	return ranges.map(({start, end, indent}) => {
		const shift = indent.length - start;
		const inside: StyleRange[] = [];
		for (const span of spans) {
			if (span.end <= start || span.start >= end) continue;
			inside.push({
				start: Math.max(span.start, start) + shift,
				end: Math.min(span.end, end) + shift,
				style: span.style,
			});
		}
		return {text: indent + text.slice(start, end), ranges: inside, kind};
	});
}

/** Cut a code line into pieces of at most `room` columns, preferring a space near the end of each. */
function codePieces(line: string, room: number): string[] {
	if (displayWidth(line) <= room) return [line];
	const pieces: string[] = [];
	let current = '';
	let columns = 0;
	let lastSpace = -1;
	for (const g of eachGrapheme(line)) {
		const w = graphemeWidth(g);
		if (columns + w > room && current !== '') {
			// Cut before a space near the end if there is one: the continuation then shows that space after its mark.
			const cut = lastSpace > current.length * 0.75 ? lastSpace : current.length;
			pieces.push(current.slice(0, cut));
			current = current.slice(cut);
			columns = displayWidth(current);
			lastSpace = -1;
		}
		if (g === ' ') lastSpace = current.length;
		current += g;
		columns += w;
	}
	if (current !== '') pieces.push(current);
	return pieces;
}

function codeLines(lines: string[], width: number | undefined): Line[] {
	const out: Line[] = [];
	const room = width === undefined ? undefined : Math.max(1, width - codeIndent.length);
	for (const line of lines) {
		const pieces = room === undefined ? [line] : codePieces(line, room);
		pieces.forEach((piece, i) => {
			const body = textLine(piece, Style.codeBlock, 'code');
			out.push(i === 0 ? prefixed(body, codeIndent, 0) : prefixed(body, continuationMark, Style.continued));
		});
	}
	return out;
}

/** Children laid out inside a prefix: `first` on the first line, `rest` on the others. */
function within(
	children: Block[],
	width: number | undefined,
	options: LayoutOptions,
	first: string,
	rest: string,
	style: number,
): Line[] {
	const prefixWidth = displayWidth(first);
	const fits = width === undefined || width - prefixWidth >= Math.min(minimumInner, width);
	const inner = layout(children, width === undefined || !fits ? width : width - prefixWidth, {
		...options,
		inItem: style === Style.bullet,
	});
	if (!fits) return inner;
	return inner.map((line, i) => prefixed(line, i === 0 ? first : rest, i === 0 || rest.trim() !== '' ? style : 0));
}

function blockLines(block: Block, width: number | undefined, options: LayoutOptions): Line[] {
	switch (block.type) {
		case 'paragraph':
			return block.lines.flatMap((line) => styledLines(line, width, 0, 'text'));
		case 'heading':
			return block.lines.flatMap((line) => styledLines(line, width, Style.heading, 'heading'));
		case 'quote':
			return within(block.children, width, options, '> ', '> ', Style.quote);
		case 'item': {
			const bullet = `${block.bullet} `;
			return within(block.children, width, options, bullet, ' '.repeat(displayWidth(bullet)), Style.bullet);
		}
		case 'code':
			return codeLines(block.lines, width);
		case 'rule':
			return [textLine('-'.repeat(Math.min(ruleLength, width ?? ruleLength)), Style.rule, 'rule')];
		case 'table':
			return layoutTable(block.rows, width, (blocks, cellWidth, compact) => layout(blocks, cellWidth, {compact}));
	}
}

/**
 * Blocks as lines for a width (undefined: paragraphs unwrapped, code lines whole). The app and `--json`
 * both use this, so their lines are the same; `--json` prints the lines' plain text.
 */
export function layout(blocks: readonly Block[], width: number | undefined, options: LayoutOptions = {}): Line[] {
	const out: Line[] = [];
	let previous: Block | undefined;
	for (const block of blocks) {
		const lines = blockLines(block, width, options);
		if (lines.length === 0) continue;
		// Items of one list, and a list nested right under an item's text, are set without a blank line.
		const tight = block.type === 'item' && (previous?.type === 'item' ? !block.first : options.inItem === true);
		if (previous && !options.compact && !tight) out.push(blankLine());
		// A loop, not push(...lines): a long body makes more lines than a call may take arguments.
		for (const line of lines) out.push(line);
		previous = block;
	}
	return out;
}
