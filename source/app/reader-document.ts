import type {Article} from '../core/reading/article.js';
import {formatDate} from '../core/reading/dates.js';
import {renderer} from '../core/rendering/renderer.js';
import type {LineKind as BodyLineKind, StyleRange} from '../core/rendering/lines.js';
import {categoryPath} from '../core/search/categories.js';
import {formatLinkList, type Link} from '../core/rendering/links.js';
import {wrapText} from '../core/rendering/wrap.js';

export type LineKind = 'title' | 'meta' | 'body' | 'heading' | BodyLineKind;
/** Where a line shows (part of) a URL: `[start, end)` of its text, written as an OSC 8 hyperlink when the terminal allows. */
export type Href = {url: string; start: number; end: number; id: string};
/** One line of the reader: its text, what kind of line it is, and the styles on parts of it (Style bits). */
export type DocumentLine = {text: string; kind: LineKind; ranges?: StyleRange[]; href?: Href};

/** Longest line the reader sets, however wide the terminal: long Chinese lines are hard to follow. */
export const maxReadingWidth = 100;

/** The article as the reader shows it, wrapped to `width` columns. The body is laid out once per width (cached). */
export function readerDocument(article: Article, width: number, keepBreaks = false): DocumentLine[] {
	const lines: DocumentLine[] = [];
	const add = (text: string, kind: LineKind) => {
		for (const line of wrapText(text, width)) lines.push({text: line, kind});
	};
	add(article.title, 'title');
	const meta = [article.author, formatDate(article.date), categoryPath(article)].filter(Boolean).join(' · ');
	if (meta) add(meta, 'meta');
	if (article.source)
		for (const line of hrefLines(`原文 ${article.source}`, article.source, width, 'wxnews-source'))
			lines.push({text: line.text, kind: 'meta', href: line.href});
	lines.push({text: '', kind: 'body'});
	const {articleLines, renderArticle} = renderer();
	const body = articleLines(article, width, keepBreaks);
	if (body.length === 0) add('（正文为空）', 'body');
	// A loop, not push(...body): a long body makes more lines than a call may take arguments.
	for (const line of body) lines.push(line);
	const {links} = renderArticle(article);
	if (links.length > 0) {
		lines.push({text: '', kind: 'body'});
		add('链接与图片', 'heading');
		for (const link of links)
			for (const line of linkLines(link, width)) lines.push({text: line.text, kind: 'meta', href: line.href});
	}
	return lines;
}

/** Footnote `n` of the article (the links of its body, numbered as the reader shows them). */
export function footnote(article: Article, n: number): Link | undefined {
	return renderer()
		.renderArticle(article)
		.links.find((link) => link.n === n);
}

/** A footnote as `[n] 链接 URL`, wrapped, with the part of each line that is the URL (for OSC 8). */
export function linkLines(link: Link, width: number): Array<{text: string; href?: Href}> {
	return hrefLines(formatLinkList([link]), link.url, width, `wxnews-${link.n}`);
}

/** `whole`, which ends with `url`, wrapped; each line with the part of it that is the URL. */
function hrefLines(whole: string, url: string, width: number, id: string): Array<{text: string; href?: Href}> {
	const from = whole.length - url.length;
	const out: Array<{text: string; href?: Href}> = [];
	let at = 0;
	for (const text of wrapText(whole, width)) {
		// Each wrapped line is a piece of the whole (the wrapper only drops spaces at its breaks).
		const found = whole.indexOf(text, at);
		const offset = found === -1 ? at : found;
		at = offset + text.length;
		const start = Math.max(0, from - offset);
		const end = Math.min(text.length, whole.length - offset);
		out.push(found !== -1 && start < end ? {text, href: {url, start, end, id}} : {text});
	}
	return out;
}
