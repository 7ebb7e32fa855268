import {Style} from '../core/rendering/blocks.js';
import {matchRanges, type Query} from '../core/search/match.js';
import type {DocumentLine} from './reader-document.js';
import {matchStyle} from './theme.js';

export type Segment = {text: string; style: number};
/** A part of a line with its own Style bits (the in-article search's matches). */
export type ExtraRange = {start: number; end: number; style: number};

/** The current match of the in-article search (drawn inverse, over the match look). */
export const currentMatchStyle = 1 << 21;
/** The part of a line that is its `href` URL (written inside OSC 8 where the terminal allows). */
export const hrefStyle = 1 << 22;

/** What the app draws for a prefix the text spells in ASCII: the quote's `>` and a code line's indent become a bar. */
const bar = '│';

/** A document line cut where its styles (and the filter's or the search's matches, and its URL) change. */
export function lineSegments(line: DocumentLine, query: Query, extra: readonly ExtraRange[] = []): Segment[] {
	const {text} = line;
	const ranges = [...(line.ranges ?? []), ...extra];
	for (const [start, end] of matchRanges(query, text)) ranges.push({start, end, style: matchStyle});
	if (line.href) ranges.push({start: line.href.start, end: line.href.end, style: hrefStyle});
	const cuts = new Set([0, text.length]);
	for (const range of ranges) {
		cuts.add(Math.max(0, Math.min(text.length, range.start)));
		cuts.add(Math.max(0, Math.min(text.length, range.end)));
	}
	const points = [...cuts].sort((a, b) => a - b);
	const segments: Segment[] = [];
	for (let i = 0; i + 1 < points.length; i++) {
		const start = points[i]!;
		const end = points[i + 1]!;
		let style = 0;
		for (const range of ranges) if (range.start <= start && range.end >= end) style |= range.style;
		let part = text.slice(start, end);
		if (style & Style.quote) part = part.replaceAll('>', bar);
		segments.push({text: part, style});
	}
	// A code line's indent becomes a dim gutter (same width: the lines stay as laid out).
	if (line.kind === 'code') {
		const first = segments[0];
		if (!first || first.text === '') return [{text: bar, style: Style.frame}];
		if (first.style === 0 && first.text.startsWith(' ')) {
			segments.splice(0, 1, {text: bar, style: Style.frame}, {text: first.text.slice(1), style: 0});
		}
	}
	return segments.filter((segment) => segment.text !== '');
}
