import type {Article} from './article.js';
import {foldForSearch, matchesFolded, type Query} from './match.js';
import {renderBody, type Rendered} from './render.js';

// Rendered bodies and folded search text, made on first use and kept while
// the article object lives.
const rendered = new WeakMap<Article, Rendered>();
const folded = new WeakMap<Article, string>();

export function renderArticle(article: Article): Rendered {
	let result = rendered.get(article);
	if (!result) {
		result = renderBody(article.body, article.format, {
			base: article.source,
			title: article.title,
		});
		rendered.set(article, result);
	}
	return result;
}

export function categoryPath(article: Article): string {
	return article.categories.join(' › ');
}

/** The text a filter looks in: title, author, categories, tags and body. */
export function searchText(article: Article): string {
	let text = folded.get(article);
	if (text === undefined) {
		text = foldForSearch(
			[
				article.title,
				article.author ?? '',
				article.categories.join(' '),
				article.tags.join(' '),
				renderArticle(article).text,
			].join('\n'),
		);
		folded.set(article, text);
	}
	return text;
}

export function articleMatches(article: Article, query: Query): boolean {
	return matchesFolded(query, searchText(article));
}

/** `--category NAME`: NAME appears in the category path (folded like the filter). */
export function inCategory(article: Article, name: string): boolean {
	const wanted = foldForSearch(name.trim());
	return wanted === '' || foldForSearch(article.categories.join('/')).includes(wanted);
}
