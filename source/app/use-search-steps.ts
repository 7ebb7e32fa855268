import {useEffect} from 'react';
import type {Action, State} from './state.js';

/**
 * A search under way finishes in steps between frames (see refresh in visible-list.ts), so keys stay answered. A body
 * search steps as its answers come instead (useBodySearch).
 */
export function useSearchSteps(searching: State['searching'], dispatch: (action: Action) => void): void {
	useEffect(() => {
		if (!searching || searching.seq !== undefined) return;
		const next = setImmediate(() => dispatch({type: 'continueSearch'}));
		return () => clearImmediate(next);
	}, [searching, dispatch]);
}
