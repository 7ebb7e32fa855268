import {matchRanges, parseQuery} from '../core/search/match.js';
import type {DocumentLine} from './reader-document.js';

/** One match of the in-article search: the document line it is on and where on that line. */
export type FindMatch = {line: number; start: number; end: number};

/**
 * Every match of `text` in the reader's lines, in reading order, by the list's matcher (its folding of
 * Traditional/Simplified, case and full/half width). Pinyin only on the title, as the list matches it there only.
 * A match that a wrap splits over two lines is not found (the lines are matched one by one).
 */
export function findMatches(lines: readonly DocumentLine[], text: string): FindMatch[] {
	const query = parseQuery(text);
	if (query.words.length === 0) return [];
	const literal = {...query, pinyin: query.pinyin.map(() => false)};
	const found: FindMatch[] = [];
	for (const [line, {text: shown, kind}] of lines.entries())
		for (const [start, end] of matchRanges(kind === 'title' ? query : literal, shown)) found.push({line, start, end});
	return found;
}
