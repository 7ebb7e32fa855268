import {useCallback, useRef, useState} from 'react';
import {reduce, type Action, type State} from './state.js';

/**
 * The screen state, with the reducer applied at once on every dispatch.
 * Keys can arrive faster than frames (two `q`s while a long article is being
 * set): each must be read against the state the keys before it left, not the
 * state last drawn, or the second `q` leaves the reader twice and clears the
 * filter instead of quitting.
 */
export function useAppState(initial: State): [state: State, dispatch: (action: Action) => void, now: () => State] {
	const latest = useRef(initial);
	const [state, setState] = useState(initial);
	const dispatch = useCallback((action: Action) => {
		latest.current = reduce(latest.current, action);
		setState(latest.current);
	}, []);
	const now = useCallback(() => latest.current, []);
	return [state, dispatch, now];
}
