import {useEffect, useMemo} from 'react';
import type {Article} from '../core/reading/article.js';
import {linkPanelLines} from './reader.js';
import {maxReadingWidth, readerDocument} from './reader-document.js';
import type {Action, State} from './state.js';

/** The reader's document at this size: its wrapped lines, the footnote panel, and how far it can scroll. */
export function useReaderDocument(
	article: Article | undefined,
	state: State,
	dispatch: (action: Action) => void,
	size: {columns: number; bodyHeight: number},
) {
	const {columns, bodyHeight} = size;
	const margin = columns >= 60 ? 2 : 1;
	const textWidth = Math.max(10, Math.min(maxReadingWidth, columns - margin * 2));
	const {sourceBreaks} = state;
	const lines = useMemo(
		() => (article ? readerDocument(article, textWidth, sourceBreaks) : []),
		[article, textWidth, sourceBreaks],
	);
	const panel = linkPanelLines(article, state, columns - margin * 2);
	const rows = Math.max(1, bodyHeight - (panel.length > 0 ? panel.length + 1 : 0));
	const max = Math.max(0, lines.length - rows);
	// After a resize the document may be shorter than where it was scrolled to.
	useEffect(() => {
		if (state.scroll > max) dispatch({type: 'scroll', by: 0, max});
	}, [state.scroll, max, dispatch]);
	return {lines, panel, rows, max, margin, scroll: Math.min(state.scroll, max)};
}
