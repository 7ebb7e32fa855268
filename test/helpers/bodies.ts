import type {Article} from '../../source/core/reading/article.js';
import {TextStore} from '../../source/core/catalog/text-store.js';
import {scanTexts} from '../../source/core/search/scan-texts.js';
import {bodySearchText, SearchIndex} from '../../source/core/search/search-index.js';
import type {BodySearch} from '../../source/core/search/body-search.js';
import {reduce, type Action, type State} from '../../source/app/state.js';
import type {Catalog} from '../../source/core/catalog/catalog.js';
import {parseQuery} from '../../source/core/search/match.js';

/** Index bodies the way the app does: each article's folded text appended to a text store (a private one). */
export function withBodies(
	articles: readonly Article[],
	search = new SearchIndex(),
): {search: SearchIndex; store: TextStore} {
	const store = TextStore.open(undefined);
	for (const article of articles) {
		const text = Buffer.from(bodySearchText(article).replaceAll('\n', ' '));
		const info = {file: article.file, size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0};
		const [span] = store.append([info], [text.length], Buffer.concat([text, Buffer.from('\n')]));
		search.setText(article, span!);
	}
	return {search, store};
}

/** The state once its body search has answered: the worker's scan, run in this thread. */
export function answered(state: State, store: TextStore): State {
	while (state.searching?.seq !== undefined) {
		const {from, next, seq} = state.searching;
		const spans = state.search.spansOf(from.slice(next));
		const needles = state.query.needles.map((needle) => Buffer.from(needle));
		const bits = scanTexts(store.fd, spans, needles);
		state = reduce(state, {type: 'bodyResults', chunk: {seq, at: next, bits, done: true}});
	}
	return state;
}

/** reduce, then the body search's answers. */
export const answering =
	(store: TextStore) =>
	(state: State, action: Action): State =>
		answered(reduce(state, action), store);

let scans = 0;

/** The titles of a catalog's articles that match `text`, bodies searched by the app's own body search (or `scanner`). */
export async function bodyMatches(
	catalog: Catalog,
	text: string,
	scanner: BodySearch | undefined = catalog.bodySearch,
): Promise<string[]> {
	const query = parseQuery(text);
	const {articles, search} = catalog;
	let bits: Uint32Array = new Uint32Array(articles.length);
	if (scanner && query.readsBody) {
		const spans = search.spansOf(articles);
		bits = await new Promise<Uint32Array>((resolve) => {
			const all = new Uint32Array(articles.length);
			scanner.scan(++scans, query.needles, spans, (chunk) => {
				all.set(chunk.bits, chunk.at);
				if (chunk.done) resolve(all);
			});
		});
	}
	return articles.filter((article, i) => search.matches(article, query, undefined, bits[i])).map((a) => a.title);
}
