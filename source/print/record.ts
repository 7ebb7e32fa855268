import type {Article} from '../core/reading/article.js';
import {formatDate} from '../core/reading/dates.js';
import {articleLines, renderArticle} from '../core/rendering/render.js';
import {plainText} from '../core/rendering/lines.js';
import {categoryPath} from '../core/search/categories.js';
import {formatLinkList, type Link} from '../core/rendering/links.js';
import {wrapText} from '../core/rendering/wrap.js';

/** One article as `--json` / `--ndjson` print it (schema in readme.md). */
export type ArticleRecord = {
	id: string;
	path: string;
	title: string;
	author: string | null;
	categories: string[];
	date: string | null;
	source: string | null;
	image: string | null;
	format: 'html' | 'markdown';
	links: Link[];
	text: string;
};

export function toRecord(article: Article, width?: number): ArticleRecord {
	const {links} = renderArticle(article);
	// The reader's own layout: the same lines as the app shows at this width, as plain text.
	return {
		id: article.id,
		path: article.path,
		title: article.title,
		author: article.author ?? null,
		categories: article.categories,
		date: article.date === undefined ? null : new Date(article.date).toISOString(),
		source: article.source ?? null,
		image: article.image ?? null,
		format: article.format,
		links,
		text: plainText(articleLines(article, width)),
	};
}

/** The plain list for pipes: date, category path and title, tab-separated. */
export function toListLine(article: Article): string {
	return [formatDate(article.date), categoryPath(article), article.title].join('\t');
}

/** One article as text for a pipe (`wxnews article.md | less`): its header, the body at `width`, then its links. */
export function articleText(article: Article, width: number): string {
	const meta = [article.author, formatDate(article.date), categoryPath(article)].filter(Boolean).join(' · ');
	const head = [article.title, meta, article.source ? `原文 ${article.source}` : ''].filter(Boolean);
	const {links} = renderArticle(article);
	const body = plainText(articleLines(article, width)) || '（正文为空）';
	const end = links.length > 0 ? `\n\n链接与图片\n${wrapText(formatLinkList(links), width).join('\n')}` : '';
	return [...head.flatMap((line) => wrapText(line, width)), '', body].join('\n') + end;
}
