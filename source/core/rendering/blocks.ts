/** Inline styles, as bits: a span or a line range may carry several. */
export const Style = {
	bold: 1,
	italic: 2,
	code: 4,
	link: 8,
	/** A footnote mark: `[3]`, `[图 4]`. */
	note: 16,
	heading: 32,
	/** Decorations the layout adds: quote bar, list bullet, rule, table frame. */
	quote: 64,
	bullet: 128,
	rule: 256,
	frame: 512,
	/** Text of a code block, and the mark that starts a code line's continuation. */
	codeBlock: 1024,
	continued: 2048,
} as const;

export type Span = {text: string; style: number};

/** A source line of a paragraph: its hard breaks, after the repair, separate these. */
export type SpanLine = Span[];

export type Cell = {blocks: Block[]; colspan: number; rowspan: number; header: boolean};

export type Block =
	| {type: 'paragraph'; lines: SpanLine[]}
	| {type: 'heading'; level: number; lines: SpanLine[]}
	| {type: 'quote'; children: Block[]}
	/** `first`: the first item of its list (items of one list are set without blank lines between them). */
	| {type: 'item'; bullet: string; first: boolean; children: Block[]}
	| {type: 'code'; lines: string[]; language?: string}
	| {type: 'table'; rows: Cell[][]}
	| {type: 'rule'};

export const plainOf = (line: SpanLine): string => line.map((span) => span.text).join('');

/** `items` added to the end of `list`: a loop, since push(...items) fails past the engine's argument limit. */
export function append<T>(list: T[], items: readonly T[]): void {
	for (const item of items) list.push(item);
}
