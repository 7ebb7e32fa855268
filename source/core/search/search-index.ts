import type {Article, ArticleMeta} from '../reading/article.js';
import {articleLines} from '../rendering/render.js';
import {withoutFrame} from '../rendering/lines.js';
import {fieldSeparator, foldForSearch, matches, relevance, type Query, type SearchFields} from './match.js';

/** An article's marks, from the caller's store (read/starred), for `is:` terms. */
export type MarkLookup = {read(article: ArticleMeta): boolean; starred(article: ArticleMeta): boolean};

/** The lookup over a marks store's view (keyed by the article's path). */
export function markLookup(marks: {isRead(path: string): boolean; isStarred(path: string): boolean}): MarkLookup {
	return {read: (article) => marks.isRead(article.path), starred: (article) => marks.isStarred(article.path)};
}

/** The folded text body search reads: the rendered body, unwrapped, as the reader shows it but for table frames. */
export function bodySearchText(article: Article): string {
	const lines = articleLines(article, undefined).map((line) =>
		line.kind === 'table' ? withoutFrame(line) : line.text,
	);
	return foldForSearch(lines.join('\n'));
}

/**
 * What the matcher reads for each article: folded title/author/categories (made on first use) and the folded body
 * text, which an indexer supplies (worker threads in the app, the renderer when printing). One object per article, so
 * a search over 100,000 articles does one lookup each. The catalog owns one and hands it on across reloads; the
 * reducer receives it in its state.
 */
export class SearchIndex {
	// Keyed by the list entry: a reload makes new entries for changed files, whose old text is then dropped.
	private readonly fields = new WeakMap<ArticleMeta, SearchFields>();

	fieldsOf(article: ArticleMeta): SearchFields {
		let found = this.fields.get(article);
		if (!found) {
			const text = [article.title, article.author ?? '', article.categories.join(' '), article.tags.join(' ')];
			// One fold of the joined fields: the separator survives it and keeps them apart.
			const meta = foldForSearch(text.join(fieldSeparator));
			const authorAt = meta.indexOf(fieldSeparator) + 1;
			const catAt = meta.indexOf(fieldSeparator, authorAt) + 1;
			found = {meta, body: undefined, authorAt, catAt, date: article.date?.getTime()};
			this.fields.set(article, found);
		}
		return found;
	}

	/** Record an article's folded body text (from bodySearchText). */
	setBody(article: ArticleMeta, folded: string): void {
		this.fieldsOf(article).body = folded;
	}

	/** The folded body text an indexer supplied, if any. */
	bodyOf(article: ArticleMeta): string | undefined {
		return this.fields.get(article)?.body;
	}

	hasBody(article: ArticleMeta): boolean {
		return this.bodyOf(article) !== undefined;
	}

	/**
	 * Matches on what is indexed: metadata always, the body once an indexer has supplied its text. `is:` terms read
	 * `marks`; without them every article is unread and not starred.
	 */
	matches(article: ArticleMeta, query: Query, marks?: MarkLookup): boolean {
		if (query.all) return true;
		// Facts are looked up only for a query that asks for them: a keystroke checks 100,000 articles.
		const facts =
			marks && query.marks.length > 0 ? {read: marks.read(article), starred: marks.starred(article)} : undefined;
		return matches(query, this.fieldsOf(article), facts);
	}

	/** For a full article (the print path): its body is rendered and indexed first, if the query reads it. */
	matchesFull(article: Article, query: Query, marks?: MarkLookup): boolean {
		if (query.readsBody && !this.hasBody(article)) this.setBody(article, bodySearchText(article));
		return this.matches(article, query, marks);
	}

	relevance(article: ArticleMeta, query: Query): number {
		return relevance(query, this.fieldsOf(article));
	}
}
