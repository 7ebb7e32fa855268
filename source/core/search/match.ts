import {toSimplified} from './chinese-fold.js';
import {isPinyinWord, pinyinMatches, pinyinRanges} from './pinyin.js';

// The one matcher behind `--filter` and the interactive filter.
// Rules: every word must appear; case, full-/half-width (NFKC) and
// Traditional/Simplified Chinese are folded; whitespace next to a Chinese
// character is ignored, so `IT之家` finds `IT 之家`; a word of Latin letters
// also matches titles, authors, categories and tags by pinyin (see pinyin.ts).

const cjkChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const spaceNextToCjk = new RegExp(`(?<=${cjkChar.source})\\s+|\\s+(?=${cjkChar.source})`, 'gu');

/** Fold a text the way the matcher compares it. */
export function foldForSearch(text: string): string {
	return toSimplified(text.normalize('NFKC').toLowerCase()).replace(spaceNextToCjk, '').replace(/\s+/g, ' ');
}

export type Query = {
	words: string[];
	/** Which words may also match by pinyin (decided once, not per article). */
	pinyin: boolean[];
	text: string;
};

export function parseQuery(input: string): Query {
	// Split before folding: `微信 停运` is two words even though the text
	// side ignores spaces next to Chinese characters.
	const words = input
		.normalize('NFKC')
		.split(/\s+/)
		.map((word) => foldForSearch(word).replace(/\s/g, ''))
		.filter(Boolean);
	return {text: input.trim(), words, pinyin: words.map(isPinyinWord)};
}

/** The folded fields of one article, as the matcher reads them. */
export type SearchFields = {
	/** Title, author, categories and tags: literal and pinyin matches. */
	meta: string;
	/** The body text, when it has been indexed: literal matches. */
	body?: string;
};

/** 2 for a match in the title, author, categories or tags; 1 for one in the body only; 0 for none. */
function wordIn(query: Query, i: number, fields: SearchFields): 0 | 1 | 2 {
	const word = query.words[i]!;
	if (fields.meta.includes(word) || (query.pinyin[i] && pinyinMatches(word, fields.meta))) return 2;
	return fields.body?.includes(word) ? 1 : 0;
}

export function matches(query: Query, fields: SearchFields): boolean {
	return query.words.every((_, i) => wordIn(query, i, fields) > 0);
}

/** For ordering by relevance: matches in the title, author or categories weigh twice a body match. */
export function relevance(query: Query, fields: SearchFields): number {
	let score = 0;
	for (let i = 0; i < query.words.length; i++) score += wordIn(query, i, fields);
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
