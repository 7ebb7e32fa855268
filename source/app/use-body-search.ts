import {useEffect, useRef} from 'react';
import type {BodyChunk, BodySearch} from '../core/search/body-search.js';
import type {Action, State} from './state.js';
import type {ArticleMeta} from '../core/reading/article.js';
import type {SearchIndex} from '../core/search/search-index.js';

/**
 * Runs the body search a new filter asked for (State.searching with a seq): where each article's text lies on disk
 * goes to the worker, and its answers come back as bodyResults actions, in list order. A newer search (the next
 * keystroke) drops this one's answers.
 */
export function useBodySearch(
	state: State,
	bodySearch: BodySearch | undefined,
	dispatch: (action: Action) => void,
): void {
	// Only a new seq starts a scan, not the state's other changes (each answer is one).
	const latest = useRef(state);
	latest.current = state;
	const seq = state.searching?.seq;
	const spans = useRef<Spans>({});
	useEffect(() => {
		const {searching, search, query} = latest.current;
		if (seq === undefined || !searching || !bodySearch) return;
		let waiting: BodyChunk[] = [];
		let timer: NodeJS.Timeout | undefined;
		const flush = () => {
			timer = undefined;
			if (waiting.length > 0) dispatch({type: 'bodyResults', chunk: joined(waiting)});
			waiting = [];
		};
		bodySearch.scan(seq, query.needles, spansFor(spans.current, searching.from, search), (chunk) => {
			waiting.push(chunk);
			// The first answer (a screenful) at once; the rest every few frames, so that a list of a million matches is
			// extended a few times a second, not copied for every chunk (each copy straight into the old generation,
			// whose full collections then held keys up for half a second).
			if (chunk.at === 0 || chunk.done) flush();
			else timer ??= setTimeout(flush, answerInterval);
		});
		return () => clearTimeout(timer);
	}, [seq, bodySearch, dispatch]);
}

const answerInterval = 120;

type Made = {from: readonly ArticleMeta[]; search: SearchIndex; bodies: number; spans: Float64Array};
/** The spans made for the longest list searched (the whole archive, mostly) and for the last other one. */
type Spans = {longest?: Made; last?: Made};

/**
 * Where the texts of `from` lie. A word typed over the whole list asks about the same articles again, and so does
 * every Backspace back to one character: the whole list's spans are made once (and again only when more bodies
 * were indexed), not again after each narrower search. At a million articles they are 16 MB outside the heap, and
 * making them took 70 ms of the key.
 */
function spansFor(made: Spans, from: readonly ArticleMeta[], search: SearchIndex): Float64Array {
	for (const known of [made.longest, made.last])
		if (known?.from === from && known.search === search && known.bodies === search.bodies) return known.spans;
	const fresh = {from, search, bodies: search.bodies, spans: search.spansOf(from)};
	if (from.length >= (made.longest?.from.length ?? 0)) made.longest = fresh;
	else made.last = fresh;
	return fresh.spans;
}

/** Chunks that follow each other, as one. */
function joined(chunks: BodyChunk[]): BodyChunk {
	if (chunks.length === 1) return chunks[0]!;
	const bits = new Uint32Array(chunks.reduce((sum, chunk) => sum + chunk.bits.length, 0));
	let at = 0;
	for (const chunk of chunks) {
		bits.set(chunk.bits, at);
		at += chunk.bits.length;
	}
	const last = chunks.at(-1)!;
	return {seq: last.seq, at: chunks[0]!.at, bits, done: last.done};
}
