import type {FormatCallback} from 'html-to-text';
import {sanitizeLine} from '../text/sanitize.js';
import {truncate} from '../text/width.js';
import {usableUrl, type Footnotes} from './links.js';
import {kind, marker} from './markers.js';

export type CapturedCell = {text: string; colspan: number; rowspan: number};

/** The converter's metadata: footnote numbering, and the code and tables kept aside for the parser. */
export class ConvertContext {
	readonly code: Array<{text: string; language?: string}> = [];
	readonly tables: CapturedCell[][][] = [];
	/** Inside `<pre>`, text is verbatim: no footnote marks are added to it. */
	preDepth = 0;

	constructor(
		readonly notes: Footnotes,
		/** The source's hard breaks as they are, none joined (the reader's B, for when the repair is wrong). */
		readonly keepBreaks = false,
	) {}
}

// html-to-text's builder, as far as these formatters use it (@types/html-to-text v9 lacks metadata).
type Builder = Parameters<FormatCallback>[2] & {metadata: ConvertContext};
const contextOf = (builder: unknown) => (builder as Builder).metadata;

const add = (builder: Parameters<FormatCallback>[2], text: string) => builder.addInline(text, {noWordTransform: true});

/** Wraps the element's content in an on/off marker pair. */
const inline =
	(on: string, off: string): FormatCallback =>
	(elem, walk, builder) => {
		add(builder, on);
		walk(elem.children, builder);
		add(builder, off);
	};

/** A block container: its content between open (with a payload) and close markers. */
function container(builder: Parameters<FormatCallback>[2], letter: string, payload: string, fill: () => void) {
	builder.openBlock({leadingLineBreaks: 2});
	add(builder, marker.open + letter + payload + marker.end);
	fill();
	add(builder, marker.close);
	builder.closeBlock({trailingLineBreaks: 2});
}

const anchor: FormatCallback = (elem, walk, builder) => {
	const context = contextOf(builder);
	const href = usableUrl(elem.attribs?.href, context.notes.base);
	if (!href || context.preDepth > 0) return walk(elem.children, builder);
	add(builder, marker.linkOn);
	walk(elem.children, builder);
	add(builder, marker.linkOff + marker.noteOn + `[${context.notes.number(href, 'link')}]` + marker.noteOff);
};

// Alt text worth showing: not empty, not a file name, not a bare number.
function meaningful(text: string | undefined): string | undefined {
	const clean = sanitizeLine(text ?? '');
	if (clean === '' || /\.(?:png|jpe?g|gif|webp|svg|bmp)$/i.test(clean) || /^[\d\s_-]+$/.test(clean)) {
		return undefined;
	}
	if (/^(?:image|img|图片|图|picture|photo)$/i.test(clean)) return undefined;
	return truncate(clean, 40);
}

const image: FormatCallback = (elem, _walk, builder) => {
	const context = contextOf(builder);
	if (context.preDepth > 0) return;
	const {notes} = context;
	const attribs = elem.attribs ?? {};
	const src = usableUrl(attribs['data-original'] || attribs['data-src'] || attribs.src, notes.base);
	const label = [attribs.alt, attribs.title].map(meaningful).find((text) => text && text !== notes.title);
	const number = src ? ` ${notes.number(src, 'image')}` : '';
	add(builder, marker.noteOn + `[图${number}${label ? `: ${label}` : ''}]` + marker.noteOff);
};

const heading: FormatCallback = (elem, walk, builder) =>
	container(builder, kind.heading, (elem.name ?? 'h1').slice(1), () => walk(elem.children, builder));

const quote: FormatCallback = (elem, walk, builder) =>
	container(builder, kind.quote, '', () => walk(elem.children, builder));

const rule: FormatCallback = (_elem, _walk, builder) => {
	builder.openBlock({leadingLineBreaks: 2});
	add(builder, marker.atom + kind.rule + marker.end);
	builder.closeBlock({trailingLineBreaks: 2});
};

const list =
	(ordered: boolean): FormatCallback =>
	(elem, walk, builder) => {
		let next = Number.parseInt(elem.attribs?.start ?? '1', 10);
		if (!Number.isFinite(next)) next = 1;
		let first = true;
		builder.openBlock({leadingLineBreaks: 2});
		for (const child of elem.children ?? []) {
			if (child.type === 'tag' && child.name === 'li') {
				// `^` starts a list's first item: the layout sets lists apart, but not the items of one list.
				const bullet = (first ? '^' : '') + (ordered ? `${next++}.` : '-');
				first = false;
				container(builder, kind.item, bullet, () => walk(child.children, builder));
			} else walk([child], builder);
		}
		builder.closeBlock({trailingLineBreaks: 2});
	};

type Element = Parameters<FormatCallback>[0];

function languageOf(elem: Element): string | undefined {
	const classes = [
		elem.attribs?.class ?? '',
		...(elem.children ?? []).map((child) => (child as Element).attribs?.class ?? ''),
	];
	for (const names of classes) {
		const m = /(?:^|\s)(?:language|lang)-([\w#+.-]{1,30})/.exec(names);
		if (m?.[1]) return m[1];
	}
	return undefined;
}

/** Code is kept aside whole and verbatim; the text gets a placeholder. */
const pre: FormatCallback = (elem, walk, builder) => {
	const context = contextOf(builder);
	context.preDepth++;
	builder.openBlock({isPre: true, leadingLineBreaks: 2});
	walk(elem.children, builder);
	context.preDepth--;
	builder.closeBlock({
		trailingLineBreaks: 2,
		blockTransform: (text) => {
			context.code.push({text, language: languageOf(elem)});
			return marker.atom + kind.code + (context.code.length - 1) + marker.end;
		},
	});
};

// Hostile spans are clamped: a table never grows past this many rows or columns from one cell.
const span = (value: string | undefined) => Math.min(100, Math.max(1, Number.parseInt(value ?? '1', 10) || 1));

/** Tables are kept aside as cells (each cell's converted text); the parser lays them out. */
const table: FormatCallback = (elem, walk, builder) => {
	const context = contextOf(builder);
	if (context.preDepth > 0) return walk(elem.children, builder);
	const cell = (node: Element) => {
		builder.openTableCell();
		if (node.name === 'th') add(builder, marker.header);
		walk(node.children, builder);
		builder.closeTableCell({colspan: span(node.attribs?.colspan), rowspan: span(node.attribs?.rowspan)});
	};
	const rows = (nodes: Element[] | undefined) => {
		for (const node of nodes ?? []) {
			if (node.type !== 'tag') continue;
			if (['thead', 'tbody', 'tfoot'].includes(node.name ?? '')) rows(node.children);
			else if (node.name === 'tr') {
				builder.openTableRow();
				for (const child of node.children ?? [])
					if (child.type === 'tag' && (child.name === 'td' || child.name === 'th')) cell(child);
				builder.closeTableRow();
			}
		}
	};
	builder.openTable();
	rows(elem.children);
	builder.closeTable({
		leadingLineBreaks: 2,
		trailingLineBreaks: 2,
		tableToString: (captured: CapturedCell[][]) => {
			if (captured.every((row) => row.length === 0)) return '';
			context.tables.push(captured);
			return marker.atom + kind.table + (context.tables.length - 1) + marker.end;
		},
	});
};

export const formatters: Record<string, FormatCallback> = {
	markAnchor: anchor,
	markImage: image,
	markHeading: heading,
	markQuote: quote,
	markRule: rule,
	markUnorderedList: list(false),
	markOrderedList: list(true),
	markPre: pre,
	markTable: table,
	markBold: inline(marker.boldOn, marker.boldOff),
	markItalic: inline(marker.italicOn, marker.italicOff),
	markCode: inline(marker.codeOn, marker.codeOff),
};
