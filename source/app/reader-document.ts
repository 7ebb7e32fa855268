import type {Article} from '../core/reading/article.js';
import {formatDate} from '../core/reading/dates.js';
import {articleLines, renderArticle} from '../core/rendering/render.js';
import type {LineKind as BodyLineKind, StyleRange} from '../core/rendering/lines.js';
import {categoryPath} from '../core/search/categories.js';
import {formatLinkList} from '../core/rendering/links.js';
import {wrapText} from '../core/rendering/wrap.js';

export type LineKind = 'title' | 'meta' | 'body' | 'heading' | BodyLineKind;
/** One line of the reader: its text, what kind of line it is, and the styles on parts of it (Style bits). */
export type DocumentLine = {text: string; kind: LineKind; ranges?: StyleRange[]};

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
	if (article.source) add(`原文 ${article.source}`, 'meta');
	lines.push({text: '', kind: 'body'});
	const body = articleLines(article, width, keepBreaks);
	if (body.length === 0) add('（正文为空）', 'body');
	// A loop, not push(...body): a long body makes more lines than a call may take arguments.
	for (const line of body) lines.push(line);
	const {links} = renderArticle(article);
	if (links.length > 0) {
		lines.push({text: '', kind: 'body'});
		add('链接与图片', 'heading');
		add(formatLinkList(links), 'meta');
	}
	return lines;
}
