import type {Key} from 'ink';
import type {Action, State} from './state.js';

// Every key binding lives here: one table from keys to actions.
export type Command = Action | {type: 'quit'} | {type: 'copyLink'} | {type: 'reload'};

export type KeyContext = {
	/** Rows the article list shows at once. */
	listPage: number;
	/** Rows the reader shows at once, and the largest scroll offset. */
	readerPage: number;
	readerMax: number;
	/** Rows of the help or problems page, and how far it can scroll. */
	pageRows: number;
	pageMax: number;
};

type Motion = 'up' | 'down' | 'pageUp' | 'pageDown' | 'start' | 'end';

function motion(input: string, key: Key): Motion | undefined {
	if (key.upArrow || input === 'k') return 'up';
	if (key.downArrow || input === 'j') return 'down';
	if (key.pageUp || input === 'b') return 'pageUp';
	if (key.pageDown || input === ' ') return 'pageDown';
	if (key.home || input === 'g') return 'start';
	if (key.end || input === 'G') return 'end';
	return undefined;
}

export function keyToCommand(input: string, key: Key, state: State, context: KeyContext): Command | undefined {
	if (state.editingFilter) {
		// The text input takes every other key.
		if (key.return) return {type: 'endFilter', keep: true};
		if (key.escape) return {type: 'endFilter', keep: false};
		if (key.upArrow) return {type: 'move', by: -1};
		if (key.downArrow) return {type: 'move', by: 1};
		return undefined;
	}

	if (input === '?') return state.screen === 'help' ? {type: 'back'} : {type: 'show', screen: 'help'};
	if (state.screen === 'help' || state.screen === 'problems') {
		if (key.escape || input === 'q' || key.leftArrow || input === 'h' || key.return) return {type: 'back'};
		const {pageRows: rows, pageMax: max} = context;
		const moves = {
			up: -1,
			down: 1,
			pageUp: -Math.max(1, rows - 1),
			pageDown: Math.max(1, rows - 1),
			start: -max,
			end: max,
		};
		const move = motion(input, key);
		return move ? {type: 'pageScroll', by: moves[move], max} : undefined;
	}

	if (state.screen === 'reader') {
		if (/^\d$/.test(input)) return {type: 'linkDigit', digit: input};
		if (key.return && state.linkInput !== '') return {type: 'openLink'};
		if (state.link !== undefined && (input === 'c' || input === 'y')) return {type: 'copyLink'};
		if (key.escape || input === 'q' || key.leftArrow || input === 'h' || key.backspace || key.delete)
			return {type: 'back'};
		if (input === 'n' || input === 'p') return {type: 'sibling', by: input === 'n' ? 1 : -1};
		if (input === '/') return {type: 'startFilter'};
		const move = motion(input, key);
		const {readerPage: page, readerMax: max} = context;
		switch (move) {
			case 'up':
				return {type: 'scroll', by: -1, max};
			case 'down':
				return {type: 'scroll', by: 1, max};
			case 'pageUp':
				return {type: 'scroll', by: -Math.max(1, page - 1), max};
			case 'pageDown':
				return {type: 'scroll', by: Math.max(1, page - 1), max};
			case 'start':
			case 'end':
				return {type: 'scrollTo', to: move, max};
			default:
				return undefined;
		}
	}

	// The browser.
	if (input === 'q') return {type: 'quit'};
	if (key.escape) return {type: 'back'};
	if (input === '/') return {type: 'startFilter'};
	if (input === '!' && state.warnings.length > 0) return {type: 'show', screen: 'problems'};
	if (input === 'r') return {type: 'reload'};
	if (input === 's') return {type: 'toggleOrder'};
	if (key.return) return {type: 'open'};
	if (key.tab) return {type: 'focus', pane: 'other'};
	if (key.leftArrow || input === 'h') return {type: 'focus', pane: 'categories'};
	if (key.rightArrow || input === 'l') return {type: 'focus', pane: 'list'};
	const page = Math.max(1, context.listPage - 1);
	switch (motion(input, key)) {
		case 'up':
			return {type: 'move', by: -1};
		case 'down':
			return {type: 'move', by: 1};
		case 'pageUp':
			return {type: 'move', by: -page};
		case 'pageDown':
			return {type: 'move', by: page};
		case 'start':
			return {type: 'jump', to: 'start'};
		case 'end':
			return {type: 'jump', to: 'end'};
		default:
			return undefined;
	}
}

/** The few keys that matter on each screen, for the status line. */
export function keyHints(state: State): string {
	if (state.editingFilter) return 'Enter 保留 · Esc 清除 · ↑↓ 选择';
	switch (state.screen) {
		case 'help':
		case 'problems':
			return 'Esc 返回';
		case 'reader':
			return state.link !== undefined
				? 'c 复制链接 · Esc 返回'
				: '↑↓ 滚动 · 空格 翻页 · n/p 下一篇/上一篇 · 数字 链接 · q 返回';
		default:
			return 'Enter 打开 · / 过滤 · Tab 切换栏 · q 退出 · ? 帮助';
	}
}

export const helpLines: Array<[string, string]> = [
	['↑ ↓  k j', '上下移动 / 滚动一行'],
	['PgUp PgDn  b 空格', '翻页'],
	['Home End  g G', '到开头 / 到末尾'],
	['← →  h l  Tab', '在分类栏和文章列表之间切换'],
	['Enter', '打开文章（在分类栏：进入列表）'],
	['/', '过滤：输入关键词，实时缩小列表；Enter 保留，Esc 清除'],
	['Esc  q', '返回；在列表中 q 退出'],
	['n p', '阅读时打开下一篇 / 上一篇'],
	['数字 Enter', '阅读时显示脚注链接的完整网址'],
	['c', '把显示的网址复制到本地剪贴板（OSC 52，经 SSH 和 tmux 也可用）'],
	['s', '切换排序：日期 / 相关度（标题匹配在前，匹配词多的在前）'],
	['r', '重新读取文件夹（新增、修改、删除的文件）'],
	['!', '列出读取出错的文件'],
	['?', '显示 / 关闭本帮助'],
	['Ctrl-C', '随时退出'],
];

/** Several keys can arrive in one read (fast typing, key repeat over a slow SSH link): split plain text into single keys. */
export function splitKeystrokes(input: string, key: Key): Array<[string, Key]> {
	const characters = [...input];
	if (characters.length <= 1 || key.ctrl || key.meta) return [[input, key]];
	const blank = Object.fromEntries(Object.keys(key).map((name) => [name, false])) as unknown as Key;
	return characters.map((character) => [
		character === '\r' ? '' : character,
		{...blank, return: character === '\r', tab: character === '\t'},
	]);
}
