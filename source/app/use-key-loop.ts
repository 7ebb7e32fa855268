import {useLayoutEffect, useRef} from 'react';
import {useApp, useInput, useStdout} from 'ink';
import type {Article} from '../core/reading/article.js';
import {footnote} from './reader-document.js';
import {osc52} from './clipboard.js';
import {openInBrowser} from './open-link.js';
import type {KeyContext} from './keys/bindings.js';
import type {TerminalControl} from './screen.js';
import {keyToCommand} from './keys/key-to-command.js';
import {splitKeystrokes} from './keys/keystrokes.js';
import type {MarkStore} from '../core/marks/marks-store.js';
import type {Action, State} from './state.js';

type KeyLoop = {
	/** The state the keys before this one left (see useAppState). */
	stateNow: () => State;
	dispatch: (action: Action) => void;
	context: KeyContext;
	/** The open article, for copying its links. */
	article: Article | undefined;
	reload: () => void;
	terminal?: TerminalControl;
	/** Where read marks and stars are kept (the state's view of it is refreshed with `marked`). */
	marks?: MarkStore;
};

/** The article a mark applies to: the open one, else the selected one. */
const target = (state: State) => (state.screen === 'reader' ? state.reading : state.visible[state.selected]);

/** Reads keys, turns them into commands through the key table, and carries out those that are not state: quit, reload, copy, redraw, suspend. */
export function useKeyLoop({stateNow, dispatch, context, article, reload, terminal, marks}: KeyLoop): void {
	const {exit} = useApp();
	const {stdout} = useStdout();
	// useInput hands Ink each render's handler in a passive effect, which can run after a key: an article shown by a
	// render of its own (once the renderer has loaded) would still be undefined to `o` and `c`. Keys read what the
	// last frame showed, as they read the state (stateNow).
	const lastFrame = useRef({article, context});
	useLayoutEffect(() => {
		lastFrame.current = {article, context};
	});
	useInput((input, key) => {
		const {article, context} = lastFrame.current;
		const keystrokes = splitKeystrokes(input, key);
		for (const [i, [oneInput, oneKey]] of keystrokes.entries()) {
			const current = stateNow();
			let command = keyToCommand(oneInput, oneKey, current, context);
			if (!command) continue;
			if (command.type === 'quit') {
				if (command.status) process.exitCode = command.status;
				return exit();
			}
			if (command.type === 'reload') {
				reload();
				continue;
			}
			if (command.type === 'redraw' || command.type === 'suspend') {
				terminal?.[command.type]();
				continue;
			}
			if (command.type === 'toggleRead' || command.type === 'toggleStar' || command.type === 'markAllRead') {
				command = mark(command.type, current, marks);
				if (!command) continue;
			}
			if (command.type === 'copyLink') {
				const shown = shownUrl(article, current);
				if (!shown) continue;
				stdout.write(osc52(shown.url));
				command = {type: 'notice', text: `已复制${shown.name}到剪贴板（OSC 52）`};
			}
			if (command.type === 'openInBrowser') {
				const shown = shownUrl(article, current);
				if (!shown) {
					command = {type: 'notice', text: '没有可打开的网址'};
				} else {
					void openInBrowser(shown.url).then((text) => dispatch({type: 'notice', text}));
					continue;
				}
			}
			dispatch(command);
			if ((command.type === 'startFilter' || command.type === 'startFind') && i + 1 < keystrokes.length) {
				// `/wx` typed fast arrives as one read: what follows the slash is the filter's (or the search's) text,
				// up to an Enter.
				const rest = keystrokes.slice(i + 1);
				const end = rest.findIndex(([, restKey]) => restKey.return);
				const text = (end === -1 ? rest : rest.slice(0, end)).map(([character]) => character).join('');
				if (command.type === 'startFind') {
					// Its matches follow from the text (useReaderDocument).
					dispatch({type: 'setFindText', text});
					if (end !== -1) dispatch({type: 'endFind', keep: true});
				} else {
					// Over a kept filter (selected), the text replaces it.
					const now = stateNow();
					dispatch({type: 'setFilter', text: now.filterSelected ? text : now.filter + text});
					if (end !== -1) dispatch({type: 'endFilter', keep: true});
				}
				return;
			}
		}
	});
}

/** The URL c and o act on: the footnote shown, else the article's source. */
function shownUrl(article: Article | undefined, state: State): {url: string; name: string} | undefined {
	if (!article) return undefined;
	if (state.link !== undefined) {
		const link = footnote(article, state.link);
		return link && {url: link.url, name: ` [${link.n}] `};
	}
	return article.source ? {url: article.source, name: '原文网址'} : undefined;
}

/** Carry out a mark command on the store; what the state then learns (`marked`, with a notice). */
function mark(
	type: 'toggleRead' | 'toggleStar' | 'markAllRead',
	state: State,
	marks: MarkStore | undefined,
): Action | undefined {
	if (!marks) return undefined;
	if (type === 'markAllRead') {
		for (const article of state.visible) marks.setRead(article.path, true);
		return {type: 'marked', notice: `已把 ${state.visible.length} 篇标为已读`};
	}
	const article = target(state);
	if (!article) return undefined;
	if (type === 'toggleRead') {
		const read = !marks.isRead(article.path);
		marks.setRead(article.path, read);
		return {type: 'marked', notice: read ? '已标为已读' : '已标为未读'};
	}
	const starred = !marks.isStarred(article.path);
	marks.setStarred(article.path, starred);
	return {type: 'marked', notice: starred ? '已收藏' : '已取消收藏'};
}
