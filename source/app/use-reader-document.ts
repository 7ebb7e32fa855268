import {useEffect, useMemo, useRef} from 'react';
import type {Article} from '../core/reading/article.js';
import {findMatches} from './find-in-article.js';
import {linkPanelLines} from './reader.js';
import {maxReadingWidth, readerDocument, type DocumentLine} from './reader-document.js';
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
	// After a resize the document may be shorter than where it was scrolled to. Not before the article is there: an
	// article opened before the renderer has loaded has no lines yet, and a restored position would be lost.
	useEffect(() => {
		if (article && state.scroll > max) dispatch({type: 'scroll', by: 0, max});
	}, [article, state.scroll, max, dispatch]);
	useFindMatches(state.find?.text, lines, rows, max, dispatch);
	return {lines, panel, rows, max, margin, scroll: Math.min(state.scroll, max)};
}

/**
 * The in-article search's matches, found here because they are positions in the laid-out lines (the reducer only
 * gets them): again for each new text (jumping from where the search began) and each new layout (keeping the match).
 */
function useFindMatches(
	text: string | undefined,
	lines: DocumentLine[],
	page: number,
	max: number,
	dispatch: (action: Action) => void,
) {
	const last = useRef<{text?: string; lines?: DocumentLine[]}>({});
	useEffect(() => {
		const before = last.current;
		last.current = {text, lines};
		if (text === undefined || (before.text === text && before.lines === lines)) return;
		const keep = before.text === text;
		dispatch({type: 'findInArticle', text, matches: findMatches(lines, text), page, max, keep});
	}, [text, lines, page, max, dispatch]);
}
