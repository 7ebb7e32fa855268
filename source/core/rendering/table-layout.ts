import {displayWidth} from '../text/width.js';
import {Style, append, plainOf, type Block, type Cell} from './blocks.js';
import {blankLine, padded, prefixed, textLine, type Line} from './lines.js';

/** Lays out a cell's blocks; `compact`: no blank lines between them (inside a grid or a row). */
type LayoutCell = (blocks: Block[], width: number | undefined, compact: boolean) => Line[];

/** A cell placed on the grid: its top-left corner and span. */
type Placed = {cell: Cell; row: number; col: number; rows: number; cols: number};

// Tables wider than this many columns are never drawn as a grid.
const maxGridColumns = 30;
// A column narrower than this makes a grid unreadable: the table is set as rows of `header: value` instead.
const minColumn = 4;
const longestWord = 16;
const shortCell = 10;

/** Where each cell sits, colspan and rowspan applied as HTML does: `owner[row][col]` is the cell's index in `placed`. */
function place(rows: Cell[][], limit?: number): {placed: Placed[]; owner: number[][]; columns: number} {
	// A colspan reaches no further than the columns the cells themselves make (placed without colspans).
	const columnsOf =
		limit ??
		place(
			rows.map((row) => row.map((cell) => ({...cell, colspan: 1}))),
			Infinity,
		).columns;
	const placed: Placed[] = [];
	const owner: number[][] = rows.map(() => []);
	rows.forEach((row, r) => {
		let c = 0;
		for (const cell of row) {
			while (owner[r]![c] !== undefined) c++;
			const cols = Math.max(1, Math.min(cell.colspan, columnsOf - c, maxGridColumns + 1));
			const span = {rows: Math.min(cell.rowspan, rows.length - r), cols};
			placed.push({cell, row: r, col: c, ...span});
			// Overlapping spans (hostile or broken HTML) leave the first claim in place.
			for (let dr = 0; dr < span.rows; dr++)
				for (let dc = 0; dc < span.cols; dc++) owner[r + dr]![c + dc] ??= placed.length - 1;
			c += span.cols;
		}
	});
	const columns = owner.reduce((most, row) => Math.max(most, row.length), 0);
	return {placed, owner, columns};
}

function naturalWidth(lines: Line[]): number {
	return lines.reduce((most, line) => Math.max(most, displayWidth(line.text)), 0);
}

// The narrowest a cell can go without breaking inside a Latin word (capped: a URL may break anywhere).
function minimumWidth(lines: Line[], natural: number): number {
	let word = 0;
	for (const line of lines) for (const m of line.text.matchAll(/[\x21-\x7e]+/g)) word = Math.max(word, m[0].length);
	// A short cell (a label) is never wrapped.
	return Math.min(natural, Math.max(minColumn, Math.min(word, longestWord), natural <= shortCell ? natural : 0));
}

/** Column widths that fit `room`, or undefined when even the narrowest do not. */
function columnWidths(placed: Placed[], columns: number, layoutCell: LayoutCell, room: number | undefined) {
	const natural = new Array<number>(columns).fill(0);
	const minimum = new Array<number>(columns).fill(0);
	const measured = placed.map((p) => {
		const lines = layoutCell(p.cell.blocks, undefined, true);
		const width = naturalWidth(lines);
		return {natural: width, minimum: minimumWidth(lines, width)};
	});
	// Single-column cells first, then spanning cells widen the last column they cover if they need it.
	const order = placed.map((_, i) => i).sort((a, b) => placed[a]!.cols - placed[b]!.cols);
	for (const i of order) {
		const p = placed[i]!;
		for (const [need, widths] of [
			[measured[i]!.natural, natural],
			[measured[i]!.minimum, minimum],
		] as const) {
			const have = widths.slice(p.col, p.col + p.cols).reduce((a, b) => a + b, 0) + 3 * (p.cols - 1);
			if (need > have) widths[p.col + p.cols - 1]! += need - have;
		}
	}
	for (let c = 0; c < columns; c++) natural[c] = Math.max(1, natural[c]!);
	if (room === undefined) return natural;
	const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);
	if (sum(natural) <= room) return natural;
	const floor = minimum.map((m, c) => Math.max(Math.min(minColumn, natural[c]!), m));
	if (sum(floor) > room) return undefined;
	// Share what is left equally among the columns that want more, each up to its natural width (water filling):
	// narrow columns end up unwrapped, and the long ones share the rest.
	const widths = [...floor];
	let extra = room - sum(floor);
	let wanting = widths.map((_, c) => c).filter((c) => widths[c]! < natural[c]!);
	while (extra > 0 && wanting.length > 0) {
		const share = Math.max(1, Math.floor(extra / wanting.length));
		for (const c of wanting) {
			const give = Math.min(share, natural[c]! - widths[c]!, extra);
			widths[c]! += give;
			extra -= give;
		}
		wanting = wanting.filter((c) => widths[c]! < natural[c]!);
	}
	return widths;
}

const spanWidth = (widths: number[], p: Placed) =>
	widths.slice(p.col, p.col + p.cols).reduce((a, b) => a + b, 0) + 3 * (p.cols - 1);

function bolded(lines: Line[]): Line[] {
	return lines.map((line) => ({
		...line,
		ranges: line.text === '' ? line.ranges : [{start: 0, end: line.text.length, style: Style.bold}, ...line.ranges],
	}));
}

type Placement = ReturnType<typeof place>;

function grid(
	rows: Cell[][],
	placement: Placement,
	layoutCell: LayoutCell,
	width: number | undefined,
): Line[] | undefined {
	const {placed, owner, columns} = placement;
	if (columns > maxGridColumns) return undefined;
	const widths = columnWidths(placed, columns, layoutCell, width === undefined ? undefined : width - 3 * columns - 1);
	if (!widths) return undefined;
	const content = placed.map((p) => {
		const lines = layoutCell(p.cell.blocks, spanWidth(widths, p), true);
		return p.cell.header ? bolded(lines) : lines;
	});
	// Row heights: each row fits its own cells; a rowspan cell that needs more lines lengthens its last row.
	const heights = rows.map(() => 1);
	placed.forEach((p, i) => {
		if (p.rows === 1) heights[p.row] = Math.max(heights[p.row]!, content[i]!.length);
	});
	placed.forEach((p, i) => {
		if (p.rows === 1) return;
		const last = p.row + p.rows - 1;
		const have = heights.slice(p.row, last + 1).reduce((a, b) => a + b, 0) + p.rows - 1;
		if (content[i]!.length > have) heights[last]! += content[i]!.length - have;
	});
	const tops: number[] = [];
	let y = 1;
	for (const h of heights) {
		tops.push(y);
		y += h + 1;
	}
	// Only a cell's offset from its row's top matters, so tops need not match the rules actually drawn.
	const frame = (text: string): Line => textLine(text, Style.frame, 'table');
	const cellLine = (index: number, y: number): Line => {
		const p = placed[index];
		if (!p) return textLine('', 0, 'table');
		return padded(content[index]![y - tops[p.row]!] ?? textLine('', 0, 'table'), spanWidth(widths, p));
	};
	const out: Line[] = [];
	// One output line: along the columns, a cell's text, or dashes on the rule between rows `above` and `below`.
	const lineAt = (y: number, above: number, below: number | undefined) => {
		// Built as one string and one range list: a long table makes tens of thousands of these lines.
		let text = '';
		const ranges: Line['ranges'] = [];
		const add = (part: string, style: number) => {
			if (style !== 0 && part !== '') ranges.push({start: text.length, end: text.length + part.length, style});
			text += part;
		};
		let previousThrough = false;
		for (let c = 0; c < columns;) {
			const a = owner[above]?.[c] ?? -1;
			const through = below === undefined || (a >= 0 && a === owner[below]?.[c]);
			add(c > 0 && (through || previousThrough) ? '|' : c === 0 && through ? '|' : '+', Style.frame);
			const p = placed[a];
			if (through && p && p.col === c) {
				const cell = cellLine(a, y);
				const shift = text.length + 1;
				for (const range of cell.ranges) ranges.push({...range, start: range.start + shift, end: range.end + shift});
				text += ` ${cell.text} `;
				c += p.cols;
			} else {
				// An empty slot, or a slot an overlapping cell claims: kept blank so the columns stay aligned.
				add(through ? ' '.repeat(widths[c]! + 2) : '-'.repeat(widths[c]! + 2), through ? 0 : Style.frame);
				c++;
			}
			previousThrough = through;
		}
		add(previousThrough ? '|' : '+', Style.frame);
		out.push({text, ranges, kind: 'table'});
	};
	const rule = (): Line => frame('+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+');
	out.push(rule());
	// Rows of one line each need no rules between them, but under a header row.
	const compact = heights.every((h) => h === 1) && placed.every((p) => p.rows === 1);
	const header = rows.length > 2 && hasHeaderRow(rows, columns);
	rows.forEach((_, r) => {
		for (let k = 0; k < heights[r]!; k++) lineAt(tops[r]! + k, r, undefined);
		if (r < rows.length - 1 && (!compact || (r === 0 && header))) lineAt(tops[r]! + heights[r]!, r, r + 1);
	});
	out.push(rule());
	return out;
}

const separator = (label: string) => (/[\u2e80-\uffff]$/u.test(label) ? '：' : ': ');

/** The first row names the columns: its cells are all `<th>`, or, with no `<th>` anywhere, the table has over two columns. */
function hasHeaderRow(rows: Cell[][], columns: number): boolean {
	if (rows[0]!.every((cell) => cell.header)) return true;
	return columns > 2 && !rows.some((row) => row.some((cell) => cell.header));
}

/** Each row as a block of `header: value` lines, for a table too wide for a grid. */
function rowBlocks(rows: Cell[][], placement: Placement, layoutCell: LayoutCell, width: number | undefined): Line[] {
	const {placed, owner, columns} = placement;
	const headerRow = rows.length > 1 && hasHeaderRow(rows, columns);
	const inner = width === undefined ? undefined : Math.max(1, width - 2);
	const hanging = (lines: Line[], first: boolean) =>
		lines.map((line, i) => (first && i === 0 ? line : prefixed(line, '  ', 0)));
	const out: Line[] = [];
	for (let r = headerRow ? 1 : 0; r < rows.length; r++) {
		const cells = [...new Set(owner[r]!.filter((index) => index !== undefined))];
		// Without a header row, a two-column table is label/value pairs: the first cell labels the rest.
		const pairs = !headerRow && columns === 2 && cells.length >= 2;
		const block: Line[] = [];
		for (const [k, index] of cells.entries()) {
			if (pairs && k === 0) continue;
			const p = placed[index]!;
			const label = headerRow ? cellLabel(placed[owner[0]![p.col] ?? -1]) : pairs ? cellLabel(placed[cells[0]!]) : '';
			if (label === '') {
				append(block, hanging(layoutCell(p.cell.blocks, inner, true), true));
				continue;
			}
			const lead = firstParagraph(p.cell.blocks);
			const head = {text: label + separator(label), style: Style.bold};
			const first = layoutCell([{type: 'paragraph', lines: [[head, ...(lead ?? [])]]}], inner, true);
			append(block, hanging(first, true));
			append(block, hanging(layoutCell(lead ? p.cell.blocks.slice(1) : p.cell.blocks, inner, true), false));
		}
		if (block.length === 0) continue;
		if (out.length > 0) out.push(blankLine());
		append(out, block);
	}
	return out;
}

function cellLabel(p: Placed | undefined): string {
	if (!p) return '';
	return p.cell.blocks
		.flatMap((block) => (block.type === 'paragraph' || block.type === 'heading' ? block.lines.map(plainOf) : []))
		.join(' ')
		.trim();
}

/** The first block's lines as one line when it is a paragraph (it follows the label). */
function firstParagraph(blocks: Block[]) {
	const first = blocks[0];
	if (first?.type !== 'paragraph') return undefined;
	return first.lines.flatMap((line, i) => (i === 0 ? line : [{text: ' ', style: 0}, ...line]));
}

/**
 * A table: a grid aligned by display columns when it fits `width` (without a width, at its natural size),
 * else each row as `header: value` lines. A table of one cell, or of one column, is only its content.
 */
export function layoutTable(rows: Cell[][], width: number | undefined, layoutCell: LayoutCell): Line[] {
	const filled = rows.filter((row) => row.length > 0);
	if (filled.length === 0) return [];
	const placement = place(filled);
	const {columns, placed} = placement;
	if (placed.length === 1 || columns === 1) {
		const out: Line[] = [];
		for (const p of placed) {
			const lines = layoutCell(p.cell.blocks, width, false);
			if (lines.length === 0) continue;
			if (out.length > 0) out.push(blankLine());
			append(out, lines);
		}
		return out;
	}
	return grid(filled, placement, layoutCell, width) ?? rowBlocks(filled, placement, layoutCell, width);
}
