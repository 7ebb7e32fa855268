import {useEffect} from 'react';
import type {Action, State} from './state.js';

/** A search under way finishes in steps between frames (see refresh in state.ts), so keys stay answered. */
export function useSearchSteps(searching: State['searching'], dispatch: (action: Action) => void): void {
	useEffect(() => {
		if (!searching) return;
		const next = setImmediate(() => dispatch({type: 'continueSearch'}));
		return () => clearImmediate(next);
	}, [searching, dispatch]);
}
