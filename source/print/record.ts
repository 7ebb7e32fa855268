import type {Article} from '../core/reading/article.js';
import {formatDate} from '../core/reading/dates.js';
import {articleLines, renderArticle} from '../core/rendering/render.js';
import {plainText} from '../core/rendering/lines.js';
import {categoryPath} from '../core/search/categories.js';
import type {Link} from '../core/rendering/links.js';

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
		date: article.date ? article.date.toISOString() : null,
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
