import type {ArticleMeta} from '../core/reading/article.js';
import type {Progress} from '../core/catalog/catalog.js';
import {
	categoryRows,
	initiallyFolded,
	pathContains,
	rowKey,
	unfoldedRows,
	type CategoryRow,
} from '../core/search/categories.js';
import {SearchIndex} from '../core/search/search-index.js';
import {openMarks, type MarkView, type Place} from '../core/marks/marks-store.js';
import {parseQuery, type Query} from '../core/search/match.js';
import type {Warning} from '../core/reading/load.js';
import {
	applyBodyChunk,
	continueSearch,
	nextOrder,
	oldestFirst,
	refresh,
	whenListed,
	withFilter,
} from './visible-list.js';
import type {BodyChunk} from '../core/search/body-search.js';
import {reduceFind} from './find-state.js';
import {applyEdit} from './typed-text.js';
import {fold, inPath, sameRow, withFolded, withStarredRow} from './tree-state.js';
import type {FindMatch} from './find-in-article.js';

// All screen state, changed only through `reduce`, so it can be tested without a terminal.
export type Screen = 'browser' | 'reader' | 'help' | 'problems';
export type Pane = 'categories' | 'list';
export type Order = 'newest' | 'oldest' | 'relevance';

export type State = {
	articles: readonly ArticleMeta[];
	/** What the filter reads for each article (the catalog's, filled in as bodies are indexed). */
	search: SearchIndex;
	/** Read and starred marks (the store's view; `marked` after it changes). */
	marks: MarkView;
	/** The reader shows the source's hard breaks as they are, none repaired (key B). */
	sourceBreaks: boolean;
	/** `wxnews article.md`: the reader on one article, which q leaves for the shell. */
	single?: boolean;
	/** A yes/no question in the status line, and the command a yes makes. */
	question?: {text: string; yes: 'markAllRead'};
	warnings: readonly Warning[];
	/** Every category row; `categories` are those shown (none below a folded row), `category` indexes them. */
	tree: readonly CategoryRow[];
	folded: ReadonlySet<string>;
	categories: CategoryRow[];
	category: number;
	/** Articles under the chosen category that match the filter, newest first (or by relevance). */
	visible: readonly ArticleMeta[];
	selected: number;
	focus: Pane;
	screen: Screen;
	/** Where Esc from help/problems returns to. */
	back: Screen;
	/** How far the help or problems page is scrolled. */
	pageTop: number;
	/** The open article and how far it is scrolled. */
	reading?: ArticleMeta;
	scroll: number;
	filter: string;
	query: Query;
	editingFilter: boolean;
	/** Digits typed in the reader, naming a footnote. */
	linkInput: string;
	/** The footnote whose URL is shown in the reader. */
	link?: number;
	notice?: string;
	/** Relevance only while filtering. `oldest` holds the articles oldest first while that order is on. */
	order: Order;
	oldest?: readonly ArticleMeta[];
	/** The kept filter text is selected when the input opens again: typing replaces it. */
	filterSelected: boolean;
	/** Counts the text inputs made afresh (their React key): one is, when an edit came from a stale frame. */
	inputs: number;
	/** A search still under way: the list holds the matches found so far (see refresh). */
	searching?: {
		from: readonly ArticleMeta[];
		next: number;
		/** A body search's number (see useBodySearch): its answers come as bodyResults actions. */
		seq?: number;
		/** The article selected before it began: selected again when it is found. */
		keep?: ArticleMeta;
		/** A body search that has had no answer yet: the list still shows what the last search found. */
		stale?: boolean;
		/** Matches found since the list was last extended (see extended in visible-list.ts), in list order. */
		found?: ReadonlyArray<readonly ArticleMeta[]>;
		/** Actions that wait for the whole list (jump to its end, next unread). */
		then?: Action[];
	};
	/** The last body search's number. */
	searchSeq: number;
	/** How much of the archive's body text is searchable yet. */
	indexing?: Progress;
	/**
	 * How much of the cache is read, while the list holds only its newest articles (a partial start), and the moves
	 * past its end that wait for the rest.
	 */
	listing?: Progress & {then?: Action[]};
	/** The search inside the open article (`/` in the reader). */
	find?: Find;
};

/** Search inside the article: its words, every match (findMatches over the document's lines), the current one. */
export type Find = {
	text: string;
	/** The text `matches` are of: until they come (a frame after the text), the count says nothing. */
	matched: string;
	matches: readonly FindMatch[];
	/** Index into `matches`; -1 when there are none. */
	current: number;
	/** The words are being typed (the status line is their input). */
	typing: boolean;
	/** The scroll when the search began: typing searches from here, Esc while typing returns here. */
	origin: number;
};

export type Action =
	| {type: 'move'; by: number}
	| {type: 'jump'; to: 'start' | 'end'}
	| {type: 'focus'; pane: Pane | 'other'}
	| {type: 'open'}
	| {type: 'back'}
	| {type: 'scroll'; by: number; max: number}
	| {type: 'pageScroll'; by: number; max: number}
	| {type: 'scrollTo'; to: 'start' | 'end'; max: number}
	| {type: 'sibling'; by: 1 | -1}
	| {type: 'startFilter'}
	/** `from`: the text the input showed when the key came (its edit is made again on a newer text). */
	| {type: 'setFilter'; text: string; from?: string}
	| {type: 'endFilter'; keep: boolean}
	| {type: 'show'; screen: 'help' | 'problems'}
	| {type: 'linkDigit'; digit: string}
	| {type: 'openLink'}
	| {type: 'notice'; text?: string}
	| {type: 'toggleOrder'}
	| {type: 'fold'; which: 'selected' | 'all'}
	| {type: 'marked'; notice?: string}
	| {type: 'toggleSourceBreaks'}
	| {type: 'nextUnread'}
	| {type: 'ask'; text: string; yes: 'markAllRead'}
	| {type: 'answer'}
	| {type: 'continueSearch'}
	| {type: 'bodyResults'; chunk: BodyChunk}
	| {type: 'startFind'}
	| {type: 'setFindText'; text: string; from?: string}
	/** The matches of `text` in the document as laid out now; `keep` (a new layout) keeps the current match. */
	| {type: 'findInArticle'; text: string; matches: readonly FindMatch[]; page: number; max: number; keep?: boolean}
	| {type: 'findNext'; by: 1 | -1; page: number; max: number}
	| {type: 'endFind'; keep: boolean}
	| {type: 'indexed'; progress: Progress}
	| {type: 'listing'; progress: Progress}
	| {type: 'load'; articles: readonly ArticleMeta[]; warnings: readonly Warning[]; search: SearchIndex};

export type Start = {
	warnings?: readonly Warning[];
	search?: SearchIndex;
	marks?: MarkView;
	/** Where the last run left off, used when no --filter or --category is given. */
	place?: Place;
	single?: boolean;
	/** `--filter` and `--category`. */
	filter?: string;
	category?: string;
	/** The list holds only the newest articles so far (see State.listing). */
	listing?: Progress;
};

export function initialState(
	articles: readonly ArticleMeta[],
	{
		warnings = [],
		search = new SearchIndex(),
		marks = openMarks('', {enabled: false}),
		place,
		single,
		filter = '',
		category = '',
		listing,
	}: Start = {},
): State {
	const tree = withStarredRow(categoryRows(articles), marks);
	// The last place, unless flags say where to open (and only what still exists of it).
	const last = filter === '' && category.trim() === '' ? place : undefined;
	if (last) filter = last.filter;
	const query = parseQuery(filter);
	// `--category NAME` opens on the first category whose path contains NAME, as the flag filters when printing.
	const wanted = last
		? tree.find((row) => sameRow(row, last))
		: category.trim()
			? tree.find((row) => row.path.length > 0 && pathContains(row.path, category))
			: undefined;
	const folded = initiallyFolded(tree);
	// The chosen category is shown, whatever the folding would hide.
	for (const row of tree)
		if (wanted && row.path.length < wanted.path.length && inPath(wanted, row)) folded.delete(rowKey(row));
	const categories = unfoldedRows(tree, folded);
	const state: State = {
		articles,
		search,
		marks,
		warnings,
		tree,
		folded,
		categories,
		category: wanted ? Math.max(0, categories.indexOf(wanted)) : 0,
		visible: [],
		selected: 0,
		focus: 'list',
		screen: 'browser',
		back: 'browser',
		pageTop: 0,
		scroll: 0,
		filter,
		query,
		editingFilter: false,
		linkInput: '',
		order: 'newest',
		filterSelected: false,
		inputs: 0,
		sourceBreaks: false,
		single,
		searchSeq: 0,
		listing,
	};
	const shown = refresh(state, {});
	return last?.article ? selectPath(shown, last.article) : shown;
}

/** Select the article with this path, if the list has it (finishing a search under way to find it). */
function selectPath(state: State, file: string): State {
	const all = continueSearch(state, true);
	const index = all.visible.findIndex((article) => article.path === file);
	return index === -1 ? state : {...all, selected: index};
}

/** The next unread article after the selected one (or the open one), from the top again past the end. */
function nextUnread(state: State): State {
	const all = continueSearch(state, true);
	const {visible, marks} = all;
	const from = state.screen === 'reader' && state.reading ? visible.indexOf(state.reading) : state.selected;
	for (let step = 1; step <= visible.length; step++) {
		const index = (from + step) % visible.length;
		if (!marks.isRead(visible[index]!.path))
			return state.screen === 'reader' ? {...showArticle(all, index), notice: undefined} : {...all, selected: index};
	}
	return {...state, notice: '没有未读文章'};
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));

function showArticle(state: State, index: number): State {
	const article = state.visible[index];
	if (!article) return state;
	return {
		...state,
		selected: index,
		reading: article,
		scroll: 0,
		screen: 'reader',
		link: undefined,
		linkInput: '',
		// Every article opens repaired; B is for the one whose repair went wrong.
		sourceBreaks: false,
		find: undefined,
	};
}

export function reduce(state: State, action: Action): State {
	switch (action.type) {
		case 'move':
		case 'jump': {
			const inCategories = state.focus === 'categories';
			// Moving past what a search under way has found so far, or the list read so far, waits for the rest of it.
			if (
				!inCategories &&
				(state.searching || state.listing) &&
				(action.type === 'jump' ? action.to === 'end' : state.selected + action.by >= state.visible.length)
			) {
				return whenListed(state, action, reduce);
			}
			const count = inCategories ? state.categories.length : state.visible.length;
			const current = inCategories ? state.category : state.selected;
			const target = action.type === 'jump' ? (action.to === 'start' ? 0 : count - 1) : current + action.by;
			const index = clamp(target, count - 1);
			if (inCategories) return index === state.category ? state : refresh(state, {category: index});
			return index === state.selected ? state : {...state, selected: index};
		}
		case 'focus': {
			const pane = action.pane === 'other' ? (state.focus === 'list' ? 'categories' : 'list') : action.pane;
			return {...state, focus: pane};
		}
		case 'open':
			if (state.screen !== 'browser') return state;
			if (state.focus === 'categories') return {...state, focus: 'list'};
			return showArticle(state, state.selected);
		case 'back':
			// Esc (or q) in the reader first ends a search, then closes a shown URL, then goes back to the list.
			if (state.screen === 'reader' && state.find) return {...state, find: undefined, notice: undefined};
			if (state.screen === 'reader' && state.link !== undefined) return {...state, link: undefined, notice: undefined};
			if (state.screen === 'reader' && state.linkInput !== '') return {...state, linkInput: ''};
			if (state.screen === 'help' || state.screen === 'problems') return {...state, screen: state.back};
			if (state.screen === 'reader')
				return {
					...state,
					screen: 'browser',
					reading: undefined,
					notice: undefined,
				};
			return state.filter === '' ? state : withFilter(state, '');
		case 'pageScroll':
			return {...state, pageTop: clamp(state.pageTop + action.by, action.max)};
		case 'scroll':
			return {...state, scroll: clamp(state.scroll + action.by, action.max)};
		case 'scrollTo':
			return {
				...state,
				scroll: action.to === 'start' ? 0 : Math.max(0, action.max),
			};
		case 'sibling': {
			const index = state.reading ? state.visible.indexOf(state.reading) : -1;
			const next = index + action.by;
			if (index === -1 || next < 0 || next >= state.visible.length) {
				return {
					...state,
					notice: action.by > 0 ? '已是最后一篇' : '已是第一篇',
				};
			}
			return {...showArticle(state, next), notice: undefined};
		}
		case 'startFilter':
			return {
				...state,
				screen: 'browser',
				reading: undefined,
				editingFilter: true,
				filterSelected: state.filter !== '',
			};
		case 'setFilter': {
			// The top match is selected, not a row that was selected before the list changed. Over a selected filter,
			// the key table sends what was typed, which replaces it.
			const {text, fresh} = applyEdit(state.filter, action.text, action.from);
			const next = withFilter({...state, filterSelected: false, inputs: state.inputs + (fresh ? 1 : 0)}, text);
			// Nor the one a body search would select again when it finds it.
			return {...next, selected: 0, searching: next.searching && {...next.searching, keep: undefined}};
		}
		case 'continueSearch':
			return continueSearch(state);
		case 'startFind':
		case 'setFindText':
		case 'findInArticle':
		case 'findNext':
		case 'endFind':
			return reduceFind(state, action);
		case 'toggleOrder': {
			const order = nextOrder(state);
			return refresh(state, {order, oldest: order === 'oldest' ? oldestFirst(state.articles) : undefined});
		}
		case 'fold':
			return fold(state, action.which);
		case 'indexed': {
			// More bodies became searchable: a filter may now match more (or fewer, with an exclusion).
			const next = {...state, indexing: action.progress};
			return state.query.readsBody ? refresh(next, {}) : next;
		}
		case 'listing':
			return {...state, listing: {...action.progress, then: state.listing?.then}};
		case 'endFilter':
			return action.keep
				? {...state, editingFilter: false, filterSelected: false, focus: 'list'}
				: withFilter({...state, editingFilter: false, filterSelected: false}, '');
		case 'show':
			if (state.screen === action.screen) return state;
			// From help to problems (or back) keeps where Esc finally returns to.
			return {
				...state,
				screen: action.screen,
				pageTop: 0,
				back: state.screen === 'help' || state.screen === 'problems' ? state.back : state.screen,
			};
		case 'linkDigit':
			return state.linkInput.length >= 4
				? state
				: {
						...state,
						linkInput: state.linkInput + action.digit,
						link: undefined,
					};
		case 'openLink': {
			const n = Number(state.linkInput);
			return {
				...state,
				linkInput: '',
				link: Number.isInteger(n) && n > 0 ? n : undefined,
			};
		}
		case 'notice':
			return {...state, notice: action.text};
		case 'marked': {
			// The store changed: the 收藏 count, and a list that depends on marks.
			const tree = withStarredRow(state.tree, state.marks);
			const next = {
				...state,
				question: undefined,
				notice: action.notice ?? state.notice,
				...withFolded(state, state.folded, tree),
			};
			const row = next.categories[next.category];
			return row?.starred || next.query.marks.length > 0 ? refresh(next, {}) : next;
		}
		case 'nextUnread':
			return state.searching?.seq === undefined ? nextUnread(state) : whenListed(state, action, reduce);
		case 'bodyResults':
			return applyBodyChunk(state, action.chunk, reduce);
		case 'toggleSourceBreaks': {
			const sourceBreaks = !state.sourceBreaks;
			return {
				...state,
				sourceBreaks,
				scroll: 0,
				notice: sourceBreaks ? '按原文换行显示（不修复断句）' : '已修复断句',
			};
		}
		case 'ask':
			return {...state, question: {text: action.text, yes: action.yes}};
		case 'answer':
			return {...state, question: undefined};
		case 'load': {
			// The same row stays chosen (by its path: "all" and "uncategorized" both have an empty one), folded as it was.
			const loaded = refresh(state, {
				listing: undefined,
				articles: action.articles,
				warnings: action.warnings,
				search: action.search,
				oldest: state.order === 'oldest' ? oldestFirst(action.articles) : undefined,
				...withFolded(state, state.folded, withStarredRow(categoryRows(action.articles), state.marks)),
			});
			return (state.listing?.then ?? []).reduce(reduce, loaded);
		}
	}
}
