import {compile} from 'html-to-text';
import type {Article, Format} from '../reading/article.js';
import {truncatedNotice} from '../reading/load.js';
import type {Block} from './blocks.js';
import {ConvertContext, formatters} from './formatters.js';
import {layout} from './layout.js';
import {plainText, type Line} from './lines.js';
import {Footnotes, type Link} from './links.js';
import {markdownToHtml} from './markdown.js';
import {stripMarkers} from './markers.js';
import {cjk, parseBlocks} from './parse-blocks.js';

export type Rendered = {
	/** The body as blocks with styled spans: what layout() sets for a width. */
	blocks: Block[];
	/** The blocks laid out without a width (paragraphs unwrapped, code lines whole), as plain text. */
	readonly text: string;
	links: Link[];
};

const skip = [
	'style',
	'script',
	'noscript',
	'template',
	'head',
	'title',
	'button',
	'input',
	'select',
	'textarea',
	'svg',
	'iframe',
	'object',
	'embed',
	'canvas',
	'map',
];
const hidden = ['[hidden]', '[style*="display:none"]', '[style*="display: none"]', '[aria-hidden="true"]'];

// Compiled once: html-to-text builds its selector tree on compile.
const convert = compile({
	wordwrap: false,
	formatters,
	// The whole document: by default only a <body> is converted, and articles quote `<body>` in their text.
	baseElements: {selectors: ['wxnews-whole-document'], returnDomByDefault: true},
	limits: {maxInputLength: 20_000_000, maxDepth: 500, ellipsis: '…'},
	selectors: [
		{selector: 'a', format: 'markAnchor'},
		{selector: 'img', format: 'markImage'},
		...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({selector, format: 'markHeading'})),
		{selector: 'blockquote', format: 'markQuote'},
		{selector: 'hr', format: 'markRule'},
		{selector: 'ul', format: 'markUnorderedList'},
		{selector: 'ol', format: 'markOrderedList'},
		{selector: 'pre', format: 'markPre'},
		{selector: 'table', format: 'markTable'},
		...['b', 'strong'].map((selector) => ({selector, format: 'markBold'})),
		...['i', 'em'].map((selector) => ({selector, format: 'markItalic'})),
		...['code', 'kbd', 'samp', 'tt'].map((selector) => ({selector, format: 'markCode'})),
		...[...skip, ...hidden].map((selector) => ({selector, format: 'skip'})),
	],
}) as (html: string, metadata: ConvertContext) => string;

const preformatted = /<pre\b[\s\S]*?<\/pre\s*>/gi;
const lineBreakRun = /[ \t]*\n\s*/g;

// The text character before `end`, past any tags (`<…>` without `<` or `>` inside); '' at the start.
function textBefore(html: string, end: number): string {
	let j = end - 1;
	while (j >= 0 && html[j] === '>') {
		let k = j - 1;
		while (k >= 0 && html[k] !== '<' && html[k] !== '>') k--;
		if (k < 0 || html[k] !== '<') break;
		j = k - 1;
	}
	if (j < 0) return '';
	const low = html.charCodeAt(j);
	return low >= 0xdc00 && low <= 0xdfff && j > 0 ? html.slice(j - 1, j + 1) : html[j]!;
}

// The text character at `start` or after it, past any tags.
function textAfter(html: string, start: number): string {
	let j = start;
	while (j < html.length && html[j] === '<') {
		let k = j + 1;
		while (k < html.length && html[k] !== '<' && html[k] !== '>') k++;
		if (k >= html.length || html[k] !== '>') break;
		j = k + 1;
	}
	return j < html.length ? String.fromCodePoint(html.codePointAt(j)!) : '';
}

/**
 * A line break in the source between two Chinese characters (across tags) is only layout: it goes, outside `<pre>`.
 * A scan, not one regex with lookbehinds: those are quadratic on long runs of tags.
 */
function dropLayoutBreaks(html: string): string {
	const drop = (part: string) =>
		part.replace(lineBreakRun, (run: string, at: number) =>
			cjk.test(textBefore(part, at)) && cjk.test(textAfter(part, at + run.length)) ? '' : run,
		);
	let out = '';
	let at = 0;
	for (const m of html.matchAll(preformatted)) {
		out += drop(html.slice(at, m.index)) + m[0];
		at = m.index + m[0].length;
	}
	return out + drop(html.slice(at));
}

export type RenderOptions = {
	/** Relative links resolve against this (the article's source URL). */
	base?: string;
	/** Image titles that only repeat the article title are not shown. */
	title?: string;
	/** Keep every hard break of the source (no repair of broken sentences). */
	keepBreaks?: boolean;
};

/** Only pathological bodies are cut (the file reader stops at 8 MB too): 2 MB articles render whole. */
export const maxBodyChars = 8 * 1024 * 1024;

/** Cut at a line end near the limit if there is one, else between two characters (never inside a surrogate pair). */
function cutBody(body: string): string {
	let end = maxBodyChars;
	const lineEnd = body.lastIndexOf('\n', end);
	if (lineEnd > end - 10_000) end = lineEnd;
	else if (/[\ud800-\udbff]/.test(body[end - 1] ?? '')) end--;
	return body.slice(0, end);
}

/** One renderer for both formats: Markdown goes to HTML first, then one converter into blocks. */
export function renderBody(body: string, format: Format, options: RenderOptions = {}): Rendered {
	const truncated = body.length > maxBodyChars;
	const source = truncated ? cutBody(body) : body;
	const html = dropLayoutBreaks(stripMarkers(format === 'markdown' ? markdownToHtml(source) : source));
	const context = new ConvertContext(new Footnotes(options.base, options.title), options.keepBreaks);
	let blocks: Block[];
	try {
		blocks = parseBlocks(convert(html, context), context).blocks;
	} catch {
		// The converter's own limits (depth, size) are the net; a body that still fails shows as its plain text.
		blocks = parseBlocks(stripMarkers(source).replace(/<[^>]*>/g, ''), context).blocks;
	}
	if (truncated) blocks.push({type: 'paragraph', lines: [[{text: truncatedNotice, style: 0}]]});
	let text: string | undefined;
	return {
		blocks,
		links: context.notes.links,
		// Laid out on first use: the reader never needs it, and a 2 MB body opens faster without it.
		get text() {
			return (text ??= plainText(layout(blocks, undefined)));
		},
	};
}

// Rendered once per article object (and per way of reading its breaks): the reader, the link panel and copying all
// ask for the same one.
const rendered = new WeakMap<Article, Rendered>();
const renderedWithBreaks = new WeakMap<Article, Rendered>();

export function renderArticle(article: Article, keepBreaks = false): Rendered {
	const memo = keepBreaks ? renderedWithBreaks : rendered;
	let result = memo.get(article);
	if (!result) {
		result = renderBody(article.body, article.format, {base: article.source, title: article.title, keepBreaks});
		memo.set(article, result);
	}
	return result;
}

// Laid out once per article and width: reopening an article, or scrolling it, sets no text again.
const laidOut = new WeakMap<Article, Map<string, Line[]>>();

/** The article's body laid out for `width` (undefined: unwrapped), cached; `keepBreaks`: the source's breaks as they are. */
export function articleLines(article: Article, width: number | undefined, keepBreaks = false): Line[] {
	let byWidth = laidOut.get(article);
	if (!byWidth) laidOut.set(article, (byWidth = new Map()));
	const key = `${width ?? ''}${keepBreaks ? '/breaks' : ''}`;
	let lines = byWidth.get(key);
	if (!lines) {
		lines = layout(renderArticle(article, keepBreaks).blocks, width);
		if (byWidth.size >= 4) byWidth.clear(); // Resizing through many widths keeps only recent ones.
		byWidth.set(key, lines);
	}
	return lines;
}
