import type {ArticleMeta} from '../core/reading/article.js';
import {inCategoryRow} from '../core/search/categories.js';
import {parseQuery, type Query, type Term} from '../core/search/match.js';
import {markLookup, type SearchIndex} from '../core/search/search-index.js';
import type {BodyChunk} from '../core/search/body-search.js';
import type {Action, Order, State} from './state.js';
import {typedText} from './typed-text.js';

// The article list of the state: the articles under the chosen category that match the filter.

/** Whether the chosen row is all articles (not a category, the uncategorized or the starred). */
function showsAll(state: State): boolean {
	const row = state.categories[state.category] ?? state.categories[0]!;
	return !row.starred && !row.uncategorized && row.path.length === 0;
}

/** Whether an article belongs in the list: under the chosen category and matching the filter (`body`: its bodyBits). */
function matcher(state: State): (article: ArticleMeta, body?: number) => boolean {
	const row = state.categories[state.category] ?? state.categories[0]!;
	const {marks} = state;
	const lookup = markLookup(marks);
	const inRow = row.starred
		? (article: ArticleMeta) => marks.isStarred(article.path)
		: showsAll(state)
			? () => true
			: (article: ArticleMeta) => inCategoryRow(article, row);
	return (article, body = 0) => inRow(article) && state.search.matches(article, state.query, lookup, body);
}

/** By relevance: stable, so equal scores stay newest first. */
function byRelevance(found: ArticleMeta[], query: Query, search: SearchIndex): ArticleMeta[] {
	const score = new Map(found.map((article) => [article, search.relevance(article, query)]));
	return found.sort((a, b) => score.get(b)! - score.get(a)!);
}

/** Whether the filter needs the body search: it reads bodies, and some are indexed (in the text store on disk). */
const searchesBodies = (state: State) => state.query.readsBody && !state.query.all && state.search.bodies > 0;

// A search draws the screen as soon as it has a screenful of matches and
// finishes in steps between frames, so a keystroke reaches the screen in the
// same time for 1,000 articles or 100,000.
const screenful = 200;
const step = 20_000;

type Found = ReadonlyArray<readonly ArticleMeta[]>;

/** Steps with matches that may wait (a step takes a few milliseconds): the count on screen still moves. */
const maxWaiting = 12;

/**
 * The list with a search's new matches: added once those waiting are half as many as the list holds, or come from
 * `maxWaiting` steps (or a screenful is not yet shown, or `now`), not at every step. A list of a million matches is
 * then copied a few times instead of at every step (fifty at a million articles, 8 MB a copy, each straight into the
 * old generation): the copies filled the heap, and keys waited for its full collections.
 */
function extended(
	visible: readonly ArticleMeta[],
	found: Found | undefined,
	more: ArticleMeta[],
	now: boolean,
): {visible: readonly ArticleMeta[]; found?: Found} {
	const waiting = more.length === 0 ? (found ?? []) : [...(found ?? []), more];
	let count = 0;
	for (const part of waiting) count += part.length;
	const wait = visible.length >= screenful && count < visible.length / 2 && waiting.length < maxWaiting;
	if (!now && wait) return {visible, found: waiting};
	return {visible: count === 0 ? visible : visible.concat(...waiting)};
}

/** Whether every article that matches `strong`'s term also matches `weak`'s (both positive or both excluded, one field). */
function termImplies(strong: Term, weak: Term): boolean {
	if (strong.exclude !== weak.exclude || strong.field !== weak.field) return false;
	// Excluding a shorter text excludes more: the containment runs the other way.
	const [long, short] = strong.exclude ? [weak, strong] : [strong, weak];
	// A pinyin word matches where its prefixes do; a substring of it need not (`eixin` in `weixin`).
	return long.pinyin ? short.pinyin && long.text.startsWith(short.text) : long.text.includes(short.text);
}

/**
 * Typing one more character usually narrows the list, so the search runs over the current list instead of the
 * whole archive: only when every condition of the old query is implied by one of the new (so not when a word turns
 * into a pinyin candidate, an exclusion grows, a word becomes a field prefix or a date turns invalid), and never
 * with `is:`, whose marks change as articles are read.
 */
function narrows(previous: Query, next: Query): boolean {
	if (previous.all || !next.text.startsWith(previous.text)) return false;
	if (previous.marks.length > 0 || next.marks.length > 0) return false;
	if (previous.after !== undefined && !(next.after !== undefined && next.after >= previous.after)) return false;
	if (previous.before !== undefined && !(next.before !== undefined && next.before <= previous.before)) return false;
	return previous.terms.every((weak) => next.terms.some((strong) => termImplies(strong, weak)));
}

/** Every article in the order the list shows them. */
const inOrder = (state: State) => (state.order === 'oldest' && state.oldest) || state.articles;

/** Recompute the list, keeping the selected article selected when it is still there. */
export function refresh(state: State, changes: Partial<State>, from = inOrder({...state, ...changes})): State {
	const next = {...state, ...changes};
	const current = state.visible[state.selected];
	if (searchesBodies(next)) {
		// The body search answers from a worker (useBodySearch); bodyResults builds the list as its answers come. Until
		// the first comes (a few milliseconds), the list shown is the one before: no blank frame, no lost Enter.
		const seq = state.searchSeq + 1;
		const searching = {from, next: 0, seq, keep: current, stale: true};
		return {...next, searchSeq: seq, searching};
	}
	if (next.query.all && showsAll(next)) {
		// Nothing to match: the list is every article, as they are (at a million, no copy to make in steps).
		const kept = current ? from.indexOf(current) : -1;
		return {...next, visible: from, selected: kept === -1 ? 0 : kept, searching: undefined};
	}
	const test = matcher(next);
	const visible: ArticleMeta[] = [];
	let scanned = 0;
	if (next.order === 'relevance' && next.query.words.length > 0) {
		for (const article of from) if (test(article)) visible.push(article);
		byRelevance(visible, next.query, next.search);
		scanned = from.length;
	} else {
		// Scan past the selected article too, so that it stays selected if it still matches.
		const keepUntil = current ? from.indexOf(current) : -1;
		for (; scanned < from.length && (visible.length < screenful || scanned <= keepUntil); scanned++) {
			if (test(from[scanned]!)) visible.push(from[scanned]!);
		}
	}
	const kept = current ? visible.indexOf(current) : -1;
	const searching = scanned < from.length ? {from, next: scanned} : undefined;
	return {...next, visible, selected: kept === -1 ? 0 : kept, searching};
}

/** The filter text and its parsed query change together, only here. */
export function withFilter(state: State, text: string): State {
	const filter = typedText(text);
	const query = parseQuery(filter);
	const narrow = narrows(state.query, query) && state.order !== 'relevance' && !state.searching;
	// Relevance needs words: without a filter the list is by date again.
	const order = query.words.length === 0 && state.order === 'relevance' ? 'newest' : state.order;
	return refresh(state, {filter, query, order}, narrow ? state.visible : inOrder(state));
}

/**
 * The body search's answers for the next articles of the search under way. They come in order; when the last comes,
 * the actions that waited for the whole list (`then`) are applied.
 */
export function applyBodyChunk(state: State, chunk: BodyChunk, reduce: (state: State, action: Action) => State): State {
	const {searching} = state;
	if (searching?.seq !== chunk.seq || chunk.at !== searching.next) return state;
	const test = matcher(state);
	const more: ArticleMeta[] = [];
	const {from} = searching;
	for (let k = 0; k < chunk.bits.length; k++) {
		const article = from[chunk.at + k]!;
		const body = chunk.bits[k]!;
		if (!test(article, body)) continue;
		more.push(article);
	}
	const before = searching.stale ? [] : state.visible;
	// What is selected in the list still shown (a key may have moved it since the search began) is kept selected.
	const keep = searching.stale && searching.keep ? state.visible[state.selected] : searching.keep;
	const kept = keep !== undefined && more.includes(keep);
	const next = chunk.at + chunk.bits.length;
	const last = chunk.done || next >= from.length;
	// The first answer replaces the list shown before the search. Answers come a batch at a time (useBodySearch):
	// each is shown.
	let visible = more.length > 0 ? before.concat(more) : before;
	const keptAt = kept ? visible.indexOf(keep) : -1;
	const selected = keptAt !== -1 ? keptAt : searching.stale ? 0 : state.selected;
	if (!last) {
		return {
			...state,
			visible,
			selected,
			searching: {...searching, next, stale: false, keep: keptAt === -1 ? keep : undefined},
		};
	}
	// Every word matched somewhere, so a body match scores the same with or without its bits: the order needs none.
	const relevant = state.order === 'relevance' && state.query.words.length > 0;
	if (relevant) visible = byRelevance([...visible], state.query, state.search);
	const done: State = {...state, visible, selected: relevant ? 0 : selected, searching: undefined};
	return (searching.then ?? []).reduce(reduce, done);
}

/**
 * Apply `action` once the whole list is known: now, when the list still read from the cache is whole (the `load`
 * action applies it), or when a body search under way ends.
 */
export function whenListed(state: State, action: Action, reduce: (state: State, action: Action) => State): State {
	if (state.listing) return {...state, listing: {...state.listing, then: [...(state.listing.then ?? []), action]}};
	if (state.searching?.seq !== undefined)
		return {...state, searching: {...state.searching, then: [...(state.searching.then ?? []), action]}};
	return reduce(continueSearch(state, true), action);
}

/** The next step of a search under way (or all of it, to jump to the end of the list). */
export function continueSearch(state: State, all = false): State {
	// A body search steps as its answers come (applyBodyChunk).
	if (!state.searching || state.searching.seq !== undefined) return state;
	const {from, next} = state.searching;
	const test = matcher(state);
	const end = all ? from.length : Math.min(from.length, next + step);
	const more: ArticleMeta[] = [];
	for (let i = next; i < end; i++) if (test(from[i]!)) more.push(from[i]!);
	const last = end >= from.length;
	const {visible, found} = extended(state.visible, state.searching.found, more, last);
	return {...state, visible, searching: last ? undefined : {from, next: end, found}};
}

/** Newest first, oldest first (dated ones, undated still last), or relevance (while filtering). */
export function nextOrder(state: State): Order {
	if (state.order === 'newest') return 'oldest';
	if (state.order === 'oldest' && state.query.words.length > 0) return 'relevance';
	return 'newest';
}

export function oldestFirst(articles: readonly ArticleMeta[]): ArticleMeta[] {
	const dated = articles.filter((article) => article.date !== undefined);
	return [...dated.reverse(), ...articles.filter((article) => article.date === undefined)];
}
