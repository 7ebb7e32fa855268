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
		bodySearch.scan(seq, query.needles, search.spansOf(searching.from), (chunk) =>
			dispatch({type: 'bodyResults', chunk}),
		);
	}, [seq, bodySearch, dispatch]);
}
