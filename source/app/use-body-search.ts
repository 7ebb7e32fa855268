import {useEffect, useRef} from 'react';
import type {BodySearch} from '../core/search/body-search.js';
import type {Action, State} from './state.js';

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
	useEffect(() => {
		const {searching, search, query} = latest.current;
		if (seq === undefined || !searching || !bodySearch) return;
		const {from} = searching;
		const spans = new Float64Array(from.length * 2);
		for (const [i, article] of from.entries()) {
			const text = search.textOf(article);
			spans[i * 2] = text?.at ?? 0;
			spans[i * 2 + 1] = text ? text.bytes : -1;
		}
		bodySearch.scan(seq, query.needles, spans, (chunk) => dispatch({type: 'bodyResults', chunk}));
	}, [seq, bodySearch, dispatch]);
}
