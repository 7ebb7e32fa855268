import {toSimplified} from './chinese-fold.js';
import {pinyinMatches, pinyinRanges} from './pinyin.js';
import {cjkChar, type Field, type Query, type Term} from './query.js';

export {foldForSearch, parseQuery, type Query, type Term} from './query.js';

// The one matcher behind `--filter` and the interactive filter.
// Rules: every word must appear; case, full-/half-width (NFKC) and
// Traditional/Simplified Chinese are folded; whitespace next to a Chinese
// character is ignored, so `IT之家` finds `IT 之家`; a word of Latin letters
// also matches titles, authors, categories and tags by pinyin (see pinyin.ts).
// The syntax on top (exclusions, phrases, fields, dates, marks) is read in query.ts.

/** Between the fields in `meta`: folding keeps it, and no term holds it (nor does any title: the reader drops controls). */
export const fieldSeparator = '\u001f';

/** The folded fields of one article, as the matcher reads them. */
export type SearchFields = {
	/** Title, author, categories and tags, each folded, joined by fieldSeparator: literal and pinyin matches. */
	meta: string;
	/** Where the author and the categories (then tags) start in `meta`; without them every field is all of `meta`. */
	authorAt?: number;
	catAt?: number;
	/** Epoch ms; undefined for an undated article. */
	date?: number;
};

/** What the caller knows of an article beyond its text: its marks, for `is:` terms. */
export type Facts = {read: boolean; starred: boolean};

/** Where a field lies in `meta`, as [start, end). */
function span(fields: SearchFields, field: Field): [number, number] {
	const {meta, authorAt, catAt} = fields;
	if (authorAt === undefined || catAt === undefined) return [0, meta.length];
	if (field === 'title') return [0, authorAt - 1];
	if (field === 'author') return [authorAt, catAt - 1];
	return [catAt, meta.length];
}

/**
 * Which of the query's needles (`Query.needles`) a folded body text holds: bit i for needle i. Body text is matched
 * literally, so this is all the matcher needs of a body; the app's body search (body-search.ts) computes the same
 * mask from the UTF-8 bytes on disk. 0 for a body not indexed yet.
 */
export function bodyBits(query: Query, body: string | undefined): number {
	let bits = 0;
	if (body !== undefined) for (const [i, needle] of query.needles.entries()) if (body.includes(needle)) bits |= 1 << i;
	return bits;
}

/** 2 for a match in the title, author, categories or tags; 1 for one in the body only; 0 for none. */
function termIn(term: Term, fields: SearchFields, body: number): 0 | 1 | 2 {
	const {text, field} = term;
	const {meta} = fields;
	if (field === undefined) {
		if (meta.includes(text) || (term.pinyin && pinyinMatches(text, meta))) return 2;
		return (body >>> term.needle!) & 1 ? 1 : 0;
	}
	const [start, end] = span(fields, field);
	// A term holds no separator, so a match that starts inside the field ends inside it.
	const at = meta.indexOf(text, start);
	if (at !== -1 && at < end) return 2;
	return term.pinyin && pinyinMatches(text, meta.slice(start, end)) ? 2 : 0;
}

/**
 * Whether an article matches. `body` is its bodyBits for the query. Without `facts` an article counts as unread and
 * not starred: `is:unread` matches everything, `is:read` and `is:starred` nothing.
 */
export function matches(query: Query, fields: SearchFields, body = 0, facts?: Facts): boolean {
	if (query.after !== undefined || query.before !== undefined) {
		const {date} = fields;
		if (date === undefined) return false;
		if (query.after !== undefined && date < query.after) return false;
		if (query.before !== undefined && date >= query.before) return false;
	}
	for (const [mark, wanted] of query.marks) {
		const has = facts !== undefined && (mark === 'read' ? facts.read : facts.starred);
		if (has !== wanted) return false;
	}
	for (const term of query.terms) if (termIn(term, fields, body) > 0 === term.exclude) return false;
	return true;
}

/** For ordering by relevance: matches in the title, author or categories weigh twice a body match; exclusions do not count. */
export function relevance(query: Query, fields: SearchFields, body = 0): number {
	let score = 0;
	for (const term of query.terms) if (!term.exclude) score += termIn(term, fields, body);
	return score;
}

export type Range = [start: number, end: number];

/** Fold with a map from each folded character back to its place in the original. */
function foldWithMap(text: string): {
	folded: string;
	starts: number[];
	ends: number[];
} {
	const chars: Array<{c: string; start: number; end: number}> = [];
	let index = 0;
	for (const cp of text) {
		const end = index + cp.length;
		// One entry per UTF-16 unit, so that indexes into `folded` line up.
		for (const c of toSimplified(cp.normalize('NFKC').toLowerCase()).split('')) chars.push({c, start: index, end});
		index = end;
	}
	const kept = chars.filter((item, i) => {
		if (!/\s/u.test(item.c)) return true;
		const previous = chars[i - 1]?.c ?? '';
		const next = chars[i + 1]?.c ?? '';
		if (cjkChar.test(previous) || cjkChar.test(next)) return false;
		return !/\s/u.test(previous); // Collapse runs to one space.
	});
	return {
		folded: kept.map((item) => (/\s/u.test(item.c) ? ' ' : item.c)).join(''),
		starts: kept.map((item) => item.start),
		ends: kept.map((item) => item.end),
	};
}

/** Where the query's words occur in `text`, as sorted, merged ranges of the original string. */
export function matchRanges(query: Query, text: string): Range[] {
	if (query.words.length === 0 || text === '') return [];
	const {folded, starts, ends} = foldWithMap(text);
	const ranges: Range[] = [];
	for (const [i, word] of query.words.entries()) {
		const before = ranges.length;
		let at = folded.indexOf(word);
		while (at !== -1) {
			ranges.push([starts[at]!, ends[at + word.length - 1]!]);
			at = folded.indexOf(word, at + word.length);
		}
		// Plain Latin matches come first; pinyin is highlighted on the characters it matched only when there are none.
		if (ranges.length === before && query.pinyin[i]) {
			for (const [start, end] of pinyinRanges(word, folded)) ranges.push([starts[start]!, ends[end - 1]!]);
		}
	}
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: Range[] = [];
	for (const range of ranges) {
		const last = merged.at(-1);
		if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
		else merged.push([...range]);
	}
	return merged;
}
