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
	const spans = useRef<{from: readonly ArticleMeta[]; search: SearchIndex; bodies: number; spans: Float64Array}>(
		undefined,
	);
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
		// Typing a new word over the whole list asks about the same articles again: their spans are made once, and
		// again only when more bodies were indexed.
		let made = spans.current;
		if (made?.from !== searching.from || made.search !== search || made.bodies !== search.bodies) {
			made = {from: searching.from, search, bodies: search.bodies, spans: search.spansOf(searching.from)};
			spans.current = made;
		}
		bodySearch.scan(seq, query.needles, made.spans, (chunk) => {
			waiting.push(chunk);
			// The first answer (a screenful) at once; the rest about once a frame, so that the list of 100,000
			// matches is extended a few times, not copied for every chunk.
			if (chunk.at === 0 || chunk.done) flush();
			else timer ??= setTimeout(flush, answerInterval);
		});
		return () => clearTimeout(timer);
	}, [seq, bodySearch, dispatch]);
}

const answerInterval = 30;

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
