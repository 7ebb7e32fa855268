import {useEffect, useRef} from 'react';
import type {MarkStore} from '../core/marks/marks-store.js';
import type {Action, State} from './state.js';

/** A reading position is reopened only if it was left less than this long ago. */
const positionKeptMs = 24 * 3600 * 1000;

/**
 * What the app tells the marks store as it goes: an opened article is read, where the reader is in it, and where the
 * browser is (category, selected article, filter), for the next start. The store saves in the background.
 */
export function useMarks(marks: MarkStore | undefined, state: State, dispatch: (action: Action) => void): void {
	const {reading} = state;
	// Articles opened in this run: they open at the top again, as n and p move back and forth; a position is kept
	// for the next start.
	const opened = useRef(new Set<string>());
	useEffect(() => {
		if (!marks || !reading) return;
		const wasRead = marks.isRead(reading.path);
		marks.setRead(reading.path, true);
		if (!wasRead) dispatch({type: 'marked'});
		if (opened.current.has(reading.path)) return;
		opened.current.add(reading.path);
		const position = marks.position(reading.path);
		// The reader clamps the scroll to the document once it is laid out.
		if (position && position.line > 0 && Date.now() - position.at < positionKeptMs)
			dispatch({type: 'scroll', by: position.line, max: Number.MAX_SAFE_INTEGER});
	}, [marks, reading, dispatch]);

	useEffect(() => {
		if (marks && reading && state.scroll > 0) marks.setPosition(reading.path, state.scroll);
	}, [marks, reading, state.scroll]);

	const row = state.categories[state.category];
	const selected = state.visible[state.selected]?.path;
	useEffect(() => {
		if (!marks || !row) return;
		const kind = row.starred ? 'starred' : row.uncategorized ? 'uncategorized' : undefined;
		marks.setLastPlace({category: row.path, ...(kind ? {row: kind} : {}), article: selected, filter: state.filter});
	}, [marks, row, selected, state.filter]);
}
