import type {Action, State} from './state.js';
import {applyEdit, typedText} from './typed-text.js';

// The reader's search inside the article, a slice of the screen state (see reduce in state.ts).

const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));

/** The scroll that shows `line`: unchanged when it is in view, else with the line at the top. */
function scrollToShow(scroll: number, line: number, page: number, max: number): number {
	if (line >= scroll && line < scroll + page) return scroll;
	return clamp(line, max);
}

export type FindAction = 'startFind' | 'setFindText' | 'findInArticle' | 'findNext' | 'endFind';

/** The in-article search actions. */
export function reduceFind(state: State, action: Extract<Action, {type: FindAction}>): State {
	const {find} = state;
	if (action.type === 'startFind') {
		if (state.screen !== 'reader') return state;
		return {
			...state,
			find: {text: '', matched: '', matches: [], current: -1, typing: true, origin: state.scroll},
			notice: undefined,
		};
	}
	if (!find) return state;
	switch (action.type) {
		case 'setFindText': {
			// The input inserts a read as it came: what follows an Enter in it is keys (the key loop's), not words.
			if (!find.typing) return state;
			const {text, fresh} = applyEdit(find.text, action.text, action.from);
			const typed = typedText(text.split(/[\r\n]/)[0]!);
			return {...state, inputs: state.inputs + (fresh ? 1 : 0), find: {...find, text: typed}};
		}
		case 'findInArticle': {
			// Matches for a text typed over since (the frame they came from was older than a key): the next ones come.
			if (action.text !== find.text) return state;
			const {matches, page, max} = action;
			if (matches.length === 0)
				return {...state, find: {...find, matched: action.text, matches, current: -1}, scroll: find.origin};
			// While typing: the first match at or after where the search began (or the first, past the end).
			const after = matches.findIndex((match) => match.line >= find.origin);
			const current = action.keep ? clamp(find.current, matches.length - 1) : Math.max(0, after);
			const from = action.keep ? state.scroll : find.origin;
			return {
				...state,
				find: {...find, matched: action.text, matches, current},
				scroll: scrollToShow(from, matches[current]!.line, page, max),
			};
		}
		case 'findNext': {
			const count = find.matches.length;
			if (count === 0) return {...state, notice: `没有找到“${find.text}”`};
			const next = find.current + action.by;
			const current = (next + count) % count;
			const wrapped = next < 0 || next >= count;
			return {
				...state,
				find: {...find, current},
				scroll: scrollToShow(state.scroll, find.matches[current]!.line, action.page, action.max),
				notice: wrapped ? (action.by > 0 ? '已到末尾，从头找起' : '已到开头，从末尾找起') : undefined,
			};
		}
		case 'endFind':
			// Enter keeps the search (n/N), unless nothing was typed; Esc while typing puts the view back.
			if (action.keep && find.text.trim() !== '') return {...state, find: {...find, typing: false}};
			return {...state, find: undefined, scroll: action.keep ? state.scroll : find.origin};
	}
	return state;
}
