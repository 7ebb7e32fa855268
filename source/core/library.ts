import type {Article, ArticleMeta} from './article.js';
import {pathContains} from './categories.js';
import {foldForSearch, matches, relevance, type Query, type SearchFields} from './match.js';
import {renderBody, type Rendered} from './render.js';

// What the matcher reads for each article: folded title/author/categories
// (made on first use) and the folded body text, which an indexer supplies
// (worker threads in the app, the renderer when printing). One object per
// article, so a search over 100,000 articles does one lookup each.
const fields = new WeakMap<ArticleMeta, SearchFields>();
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
	let found = fields.get(article);
	if (!found) {
		const text = [article.title, article.author ?? '', article.categories.join(' '), article.tags.join(' ')];
		found = {meta: foldForSearch(text.join('\n')), body: undefined};
		fields.set(article, found);
	}
	return found;
}

/** Record an article's folded body text (from bodySearchText). */
export function setBodyText(article: ArticleMeta, folded: string): void {
	searchFields(article).body = folded;
}

/** The folded body text an indexer supplied, if any. */
export function bodyTextOf(article: ArticleMeta): string | undefined {
	return fields.get(article)?.body;
}

export function hasBodyText(article: ArticleMeta): boolean {
	return bodyTextOf(article) !== undefined;
}

/** The folded text body search reads: the rendered body, as the reader shows it. */
export function bodySearchText(article: Article): string {
	return foldForSearch(renderArticle(article).text);
}

/** Index a full article's body from its rendering (the print path). */
export function indexRendered(article: Article): void {
	if (!hasBodyText(article)) setBodyText(article, bodySearchText(article));
}

/** Matches on what is indexed: metadata always, the body once an indexer has supplied its text. */
export function articleMatches(article: ArticleMeta, query: Query): boolean {
	return query.words.length === 0 || matches(query, searchFields(article));
}

/** For a full article (the print path): its body is rendered and indexed first. */
export function fullArticleMatches(article: Article, query: Query): boolean {
	if (query.words.length > 0) indexRendered(article);
	return articleMatches(article, query);
}

export function articleRelevance(article: ArticleMeta, query: Query): number {
	return relevance(query, searchFields(article));
}

/** `--category NAME`: NAME appears in the category path (folded like the filter). */
export function inCategory(article: ArticleMeta, name: string): boolean {
	return pathContains(article.categories, name);
}
