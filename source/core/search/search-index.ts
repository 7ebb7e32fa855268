import type {Article, ArticleMeta} from '../reading/article.js';

export {bodySearchText} from './body-text.js';
import {bodySearchText} from './body-text.js';
import {bodyBits, fieldSeparator, foldForSearch, matches, relevance, type Query, type SearchFields} from './match.js';

/** An article's marks, from the caller's store (read/starred), for `is:` terms. */
export type MarkLookup = {read(article: ArticleMeta): boolean; starred(article: ArticleMeta): boolean};

/** The lookup over a marks store's view (keyed by the article's path). */
export function markLookup(marks: {isRead(path: string): boolean; isStarred(path: string): boolean}): MarkLookup {
	return {read: (article) => marks.isRead(article.path), starred: (article) => marks.isStarred(article.path)};
}

/** Where an article's folded body text lies in the body text file (text-store.ts): byte offset and length. */
export type TextSpan = {at: number; bytes: number};

/** The fields, and where the body text lies (kept as two numbers: 100,000 span objects would be 5 MB). */
type Entry = SearchFields & {textAt?: number; textBytes?: number};
type Keyed = Record<symbol, Entry | undefined>;

/**
 * What the matcher reads for each article: folded title/author/categories (made on first use), and where its folded
 * body text lies on disk once an indexer has written it (the text itself is never held: for 100,000 articles it is
 * 400 MB). One object per article, so a search over 100,000 articles does one lookup each. The catalog owns one and
 * hands it on across reloads; the reducer receives it in its state.
 */
export class SearchIndex {
	// Kept on the list entry, under a key of this index's own: a reload makes new entries for changed files, whose old
	// spans are then dropped. A WeakMap would do the same but costs 8 MB for 100,000 articles, and makes every full
	// collection trace its 100,000 pairs.
	private readonly key = Symbol('search fields');
	/** How many articles have body text on disk (a body search is worth starting only when some have). */
	bodies = 0;

	private entryOf(article: ArticleMeta): Entry | undefined {
		return (article as Keyed)[this.key];
	}

	fieldsOf(article: ArticleMeta): Entry {
		let found = this.entryOf(article);
		if (!found) {
			const text = [article.title, article.author ?? '', article.categories.join(' '), article.tags.join(' ')];
			// One fold of the joined fields: the separator survives it and keeps them apart.
			const meta = foldForSearch(text.join(fieldSeparator));
			const authorAt = meta.indexOf(fieldSeparator) + 1;
			const catAt = meta.indexOf(fieldSeparator, authorAt) + 1;
			// Every field from the start: one added later would go to a second object (for a million entries, 40 MB).
			found = {meta, authorAt, catAt, date: article.date, textAt: undefined, textBytes: undefined};
			// Not enumerable: a copy or a comparison of the entry does not see it.
			Object.defineProperty(article, this.key, {value: found});
		}
		return found;
	}

	/** Record where an article's body text was written. */
	setText(article: ArticleMeta, span: TextSpan): void {
		const entry = this.fieldsOf(article);
		if (entry.textAt === undefined) this.bodies++;
		entry.textAt = span.at;
		entry.textBytes = span.bytes;
	}

	textOf(article: ArticleMeta): TextSpan | undefined {
		const entry = this.entryOf(article);
		return entry?.textAt === undefined ? undefined : {at: entry.textAt, bytes: entry.textBytes!};
	}

	hasBody(article: ArticleMeta): boolean {
		return this.entryOf(article)?.textAt !== undefined;
	}

	/** Where the articles' texts lie, as the body search takes them: [offset, length] pairs, length -1 for none. */
	spansOf(articles: readonly ArticleMeta[]): Float64Array {
		const spans = new Float64Array(articles.length * 2);
		for (let i = 0; i < articles.length; i++) {
			const entry = this.entryOf(articles[i]!);
			spans[i * 2] = entry?.textAt ?? 0;
			spans[i * 2 + 1] = entry?.textAt === undefined ? -1 : entry.textBytes!;
		}
		return spans;
	}

	/**
	 * Matches on what is indexed: metadata always, the body through `body`, its bodyBits for the query (from the body
	 * search). `is:` terms read `marks`; without them every article is unread and not starred.
	 */
	matches(article: ArticleMeta, query: Query, marks?: MarkLookup, body = 0): boolean {
		if (query.all) return true;
		// Facts are looked up only for a query that asks for them: a keystroke checks 100,000 articles.
		const facts =
			marks && query.marks.length > 0 ? {read: marks.read(article), starred: marks.starred(article)} : undefined;
		return matches(query, this.fieldsOf(article), body, facts);
	}

	/** For a full article (the print path): its body is rendered and searched here, if the query reads it. */
	matchesFull(article: Article, query: Query, marks?: MarkLookup): boolean {
		const body = query.readsBody ? bodyBits(query, bodySearchText(article)) : 0;
		return this.matches(article, query, marks, body);
	}

	relevance(article: ArticleMeta, query: Query, body = 0): number {
		return relevance(query, this.fieldsOf(article), body);
	}
}
