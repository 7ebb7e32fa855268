import {compile, type FormatCallback} from 'html-to-text';
import type {Article, Format} from '../reading/article.js';
import {truncatedNotice} from '../reading/load.js';
import {Footnotes, usableUrl, type Link} from './links.js';
import {markdownToHtml} from './markdown.js';
import {sanitizeLine, sanitizeText} from '../text/sanitize.js';
import {truncate} from '../text/width.js';

export type Rendered = {
	/** Unwrapped paragraphs with footnote markers, separated by blank lines. */
	text: string;
	links: Link[];
};

// @types/html-to-text (v9) does not declare the metadata that v10 passes to formatters.
const footnotesOf = (builder: unknown) => (builder as {metadata: Footnotes}).metadata;

const anchor: FormatCallback = (elem, walk, builder) => {
	const notes = footnotesOf(builder);
	const href = usableUrl(elem.attribs?.href, notes.base);
	walk(elem.children, builder);
	if (href)
		builder.addInline(`[${notes.number(href, 'link')}]`, {
			noWordTransform: true,
		});
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
	const notes = footnotesOf(builder);
	const attribs = elem.attribs ?? {};
	const src = usableUrl(attribs['data-original'] || attribs['data-src'] || attribs.src, notes.base);
	const label = [attribs.alt, attribs.title].map(meaningful).find((text) => text && text !== notes.title);
	const number = src ? ` ${notes.number(src, 'image')}` : '';
	builder.addInline(`[图${number}${label ? `: ${label}` : ''}]`, {
		noWordTransform: true,
	});
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
const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

// Compiled once: html-to-text builds its selector tree on compile.
const convert = compile({
	wordwrap: false,
	formatters: {footnoteAnchor: anchor, footnoteImage: image},
	limits: {maxInputLength: 20_000_000, maxDepth: 500, ellipsis: '…'},
	selectors: [
		{selector: 'a', format: 'footnoteAnchor'},
		{selector: 'img', format: 'footnoteImage'},
		...headings.map((selector) => ({
			selector,
			options: {uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2},
		})),
		{selector: 'ul', options: {itemPrefix: '- '}},
		{selector: 'hr', options: {length: 20}},
		{selector: 'table', format: 'block'},
		{selector: 'tr', format: 'block'},
		{selector: 'td', format: 'inline'},
		{selector: 'th', format: 'inline'},
		...[...skip, ...hidden].map((selector) => ({selector, format: 'skip'})),
	],
});

const cjk =
	'\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201d\\u2026';
// Spaces that inline tags or source newlines leave between two Chinese characters.
const spaceBetweenCjk = new RegExp(`(?<=[${cjk}]) +(?=[${cjk}])`, 'gu');

function tidy(text: string): string {
	return sanitizeText(text)
		.replace(/[\u00a0\u2000-\u200a\u202f\u205f]/g, ' ')
		.replace(/[\u200b\u200c\u2060]/g, '')
		.replace(spaceBetweenCjk, '')
		.split('\n')
		.map((line) => line.trimEnd())
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.replace(/^\n+|\n+$/g, '');
}

export type RenderOptions = {
	/** Relative links resolve against this (the article's source URL). */
	base?: string;
	/** Image titles that only repeat the article title are not shown. */
	title?: string;
};

/** Bodies longer than this are cut before rendering, with a visible notice: a hostile file may be slow, never unbounded. */
export const maxBodyChars = 200_000;

/** One renderer for both formats: Markdown goes to HTML first. */
export function renderBody(body: string, format: Format, options: RenderOptions = {}): Rendered {
	const truncated = body.length > maxBodyChars;
	const source = truncated ? body.slice(0, maxBodyChars) : body;
	const html = format === 'markdown' ? markdownToHtml(source) : source;
	const notes = new Footnotes(options.base, options.title);
	let text = tidy((convert as (html: string, metadata: Footnotes) => string)(html, notes));
	if (truncated) text += `\n\n${truncatedNotice}`;
	return {
		text,
		links: notes.links,
	};
}

// Rendered once per article object: the reader, the link panel and copying all ask for the same one.
const rendered = new WeakMap<Article, Rendered>();

export function renderArticle(article: Article): Rendered {
	let result = rendered.get(article);
	if (!result) {
		result = renderBody(article.body, article.format, {base: article.source, title: article.title});
		rendered.set(article, result);
	}
	return result;
}
