import type {Article, ArticleMeta} from '../reading/article.js';
import {articleLines} from '../rendering/render.js';
import {withoutFrame} from '../rendering/lines.js';
import {foldForSearch, matches, relevance, type Query, type SearchFields} from './match.js';

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
			found = {meta: foldForSearch(text.join('\n')), body: undefined};
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

	/** Matches on what is indexed: metadata always, the body once an indexer has supplied its text. */
	matches(article: ArticleMeta, query: Query): boolean {
		return query.words.length === 0 || matches(query, this.fieldsOf(article));
	}

	/** For a full article (the print path): its body is rendered and indexed first. */
	matchesFull(article: Article, query: Query): boolean {
		if (query.words.length > 0 && !this.hasBody(article)) this.setBody(article, bodySearchText(article));
		return this.matches(article, query);
	}

	relevance(article: ArticleMeta, query: Query): number {
		return relevance(query, this.fieldsOf(article));
	}
}
