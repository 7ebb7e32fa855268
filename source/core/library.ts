import type {Article, ArticleMeta} from './article.js';
import {foldForSearch, matches, relevance, type Query, type SearchFields} from './match.js';
import {renderBody, type Rendered} from './render.js';

// What the matcher reads for each article: folded title/author/categories
// (made on first use) and the folded body text, which an indexer supplies
// (worker threads in the app, the renderer when printing).
const metaText = new WeakMap<ArticleMeta, string>();
const bodyText = new WeakMap<ArticleMeta, string>();
const rendered = new WeakMap<Article, Rendered>();

export function renderArticle(article: Article): Rendered {
	let result = rendered.get(article);
	if (!result) {
		result = renderBody(article.body, article.format, {base: article.source, title: article.title});
		rendered.set(article, result);
	}
	return result;
}

export function categoryPath(article: ArticleMeta): string {
	return article.categories.join(' › ');
}

export function searchFields(article: ArticleMeta): SearchFields {
	let meta = metaText.get(article);
	if (meta === undefined) {
		meta = foldForSearch(
			[article.title, article.author ?? '', article.categories.join(' '), article.tags.join(' ')].join('\n'),
		);
		metaText.set(article, meta);
	}
	return {meta, body: bodyText.get(article)};
}

/** Record an article's folded body text (from foldForSearch of its rendered text). */
export function setBodyText(article: ArticleMeta, folded: string): void {
	bodyText.set(article, folded);
}

export function hasBodyText(article: ArticleMeta): boolean {
	return bodyText.has(article);
}

/** Index a full article's body from its rendering (the print path). */
export function indexRendered(article: Article): void {
	if (!bodyText.has(article)) setBodyText(article, foldForSearch(renderArticle(article).text));
}

/** A full article (with its body) is indexed on demand; a bare ArticleMeta matches its body only once indexed. */
export function articleMatches(article: ArticleMeta | Article, query: Query): boolean {
	if (query.words.length === 0) return true;
	if ('body' in article) indexRendered(article);
	return matches(query, searchFields(article));
}

export function articleRelevance(article: ArticleMeta, query: Query): number {
	return relevance(query, searchFields(article));
}

/** `--category NAME`: NAME appears in the category path (folded like the filter). */
export function inCategory(article: ArticleMeta, name: string): boolean {
	const wanted = foldForSearch(name.trim());
	return wanted === '' || foldForSearch(article.categories.join('/')).includes(wanted);
}

/** The folded body text an indexer supplied, if any. */
export function bodyTextOf(article: ArticleMeta): string | undefined {
	return bodyText.get(article);
}
