import type {Key} from 'ink';
import type {Action, State} from '../state.js';

// Every key binding is one row here: where it applies, its keys, the command it makes and its help text.
// keyToCommand walks these rows, and the help page and the status line's hints are printed from them.

/** What keys do: a state change (Action), or an effect the key loop carries out. */
export type Command =
	| Action
	| {type: 'quit'; status?: number}
	| {type: 'copyLink'}
	| {type: 'openInBrowser'}
	| {type: 'reload'}
	| {type: 'redraw'}
	| {type: 'suspend'}
	| {type: 'toggleRead'}
	| {type: 'toggleStar'}
	| {type: 'markAllRead'};

/**
 * Where a key is read: the list, the reader, the help or problems page, the filter input (which takes text), a y/n
 * question, the reader's search input (`find`, takes text) and the reader while a search is kept (`found`: n/N).
 */
export type KeyScreen = 'browser' | 'reader' | 'found' | 'page' | 'filter' | 'find' | 'confirm';

export type KeyContext = {
	/** Rows the article list shows at once. */
	listPage: number;
	/** Rows the reader shows at once, and the largest scroll offset. */
	readerPage: number;
	readerMax: number;
	/** Rows of the help or problems page, and how far it can scroll. */
	pageRows: number;
	pageMax: number;
	/** Whether the text input (ink-text-input) listens yet: it takes typed text from its first frame on. */
	inputReady: () => boolean;
};

/** `text` after one key of the text input: a character typed, or Backspace (a DEL, which typedText applies). */
const typedOn = (text: string, name: string, input: string) => text + (name === 'Backspace' ? '\u007F' : input);

/** The named keys a binding can use; any other key is the character it types. Names are also what help shows. */
export const namedKeys = {
	'↑': (_input, key) => key.upArrow,
	'↓': (_input, key) => key.downArrow,
	'←': (_input, key) => key.leftArrow,
	'→': (_input, key) => key.rightArrow,
	PgUp: (_input, key) => key.pageUp,
	PgDn: (_input, key) => key.pageDown,
	Home: (_input, key) => key.home,
	End: (_input, key) => key.end,
	Enter: (_input, key) => key.return,
	Esc: (_input, key) => key.escape,
	Tab: (_input, key) => key.tab,
	// Terminals send DEL for Backspace; Ink reports it as delete.
	Backspace: (_input, key) => key.backspace || key.delete,
	空格: (input) => input === ' ',
	'0–9': (input) => /^\d$/.test(input),
	// Any text typed, where no other row takes it (the filter input, over a selected filter).
	文字: (input, key) => !key.ctrl && !key.meta && input !== '' && !/[\u0000-\u001f\u007f]/.test(input),
	'Ctrl-C': (input, key) => key.ctrl && input === 'c',
	'Ctrl-L': (input, key) => key.ctrl && input === 'l',
	'Ctrl-Z': (input, key) => key.ctrl && input === 'z',
} satisfies Record<string, (input: string, key: Key) => boolean>;

export type Binding = {
	screens: readonly KeyScreen[];
	/** Named keys (namedKeys) or single characters. */
	keys: readonly string[];
	help: string;
	/** What the status line shows for this row, `keys text`: the few keys that matter on a screen. */
	hints?: ReadonlyArray<readonly [keys: string, text: string]>;
	/** Only then does the binding take its keys. */
	when?: (state: State) => boolean;
	/** The command for the key that matched (`name` is its entry in `keys`); undefined lets the key go. */
	command: (state: State, context: KeyContext, pressed: {name: string; input: string}) => Command | undefined;
};

type Motion = 'up' | 'down' | 'pageUp' | 'pageDown' | 'start' | 'end';

/** One motion, read on each screen as what moves there: the selection, the reader's scroll or the page's. */
function moveBy(motion: Motion, state: State, context: KeyContext): Command {
	if (state.screen === 'reader') {
		const {readerPage: page, readerMax: max} = context;
		const pages = {up: -1, down: 1, pageUp: -Math.max(1, page - 1), pageDown: Math.max(1, page - 1)};
		return motion === 'start' || motion === 'end'
			? {type: 'scrollTo', to: motion, max}
			: {type: 'scroll', by: pages[motion], max};
	}
	if (state.screen === 'help' || state.screen === 'problems') {
		const {pageRows: rows, pageMax: max} = context;
		const pages = {up: -1, down: 1, pageUp: -Math.max(1, rows - 1), pageDown: Math.max(1, rows - 1)};
		return {type: 'pageScroll', by: motion === 'start' ? -max : motion === 'end' ? max : pages[motion], max};
	}
	if (motion === 'start' || motion === 'end') return {type: 'jump', to: motion};
	const page = Math.max(1, context.listPage - 1);
	return {type: 'move', by: {up: -1, down: 1, pageUp: -page, pageDown: page}[motion]};
}

/** The reader, with or without a kept search. */
const reading: readonly KeyScreen[] = ['reader', 'found'];
const everywhere: readonly KeyScreen[] = ['browser', ...reading, 'page'];

export const bindings: readonly Binding[] = [
	{
		screens: everywhere,
		keys: ['↑', '↓', 'k', 'j'],
		help: '上下移动 / 滚动一行',
		command: (state, context, {name}) => moveBy(name === '↑' || name === 'k' ? 'up' : 'down', state, context),
	},
	{
		screens: everywhere,
		keys: ['PgUp', 'PgDn', 'b', '空格'],
		help: '翻页',
		command: (state, context, {name}) =>
			moveBy(name === 'PgUp' || name === 'b' ? 'pageUp' : 'pageDown', state, context),
	},
	{
		screens: everywhere,
		keys: ['Home', 'End', 'g', 'G'],
		help: '到开头 / 到末尾',
		command: (state, context, {name}) => moveBy(name === 'Home' || name === 'g' ? 'start' : 'end', state, context),
	},
	{
		screens: ['browser'],
		keys: ['Enter'],
		help: '打开文章（在分类栏：进入列表）',
		hints: [['Enter', '打开']],
		command: () => ({type: 'open'}),
	},
	{
		screens: ['browser'],
		keys: ['/'],
		help: '过滤：输入关键词，实时缩小列表',
		hints: [['/', '过滤']],
		command: () => ({type: 'startFilter'}),
	},
	{
		screens: reading,
		keys: ['/'],
		help: '阅读时：在文章中查找，高亮每一处（与过滤同样折叠繁简、全半角），跳到当前位置之后的第一处',
		hints: [['/', '查找']],
		command: () => ({type: 'startFind'}),
	},
	{
		screens: ['find'],
		keys: ['文字', 'Backspace'],
		help: '查找时：输入查找的文字',
		// As in the filter: what comes before the input listens is not lost.
		command: (state, context, {name, input}) =>
			context.inputReady() || !state.find
				? undefined
				: {type: 'setFindText', text: typedOn(state.find.text, name, input)},
	},
	{
		screens: ['find'],
		keys: ['Enter', 'Esc'],
		help: '查找时：保留查找（n / N 跳转） / 取消，回到原处',
		hints: [
			['Enter', '保留'],
			['Esc', '取消'],
		],
		command: (_state, _context, {name}) => ({type: 'endFind', keep: name === 'Enter'}),
	},
	{
		screens: ['found'],
		keys: ['n', 'N'],
		help: '查找后：下一处 / 上一处（到头后回绕）；Esc 结束查找，之后 n / p 换篇',
		hints: [['n/N', '下一处/上一处']],
		command: (_state, context, {name}) => ({
			type: 'findNext',
			by: name === 'n' ? 1 : -1,
			page: context.readerPage,
			max: context.readerMax,
		}),
	},
	{
		screens: ['browser'],
		keys: ['←', '→', 'h', 'l', 'Tab'],
		help: '在分类栏和文章列表之间切换',
		hints: [['Tab', '切换栏']],
		command: (_state, _context, {name}) => ({
			type: 'focus',
			pane: name === 'Tab' ? 'other' : name === '←' || name === 'h' ? 'categories' : 'list',
		}),
	},
	{
		screens: ['filter'],
		keys: ['Enter', 'Esc'],
		help: '过滤时：保留 / 清除过滤词，回到列表',
		hints: [
			['Enter', '保留'],
			['Esc', '清除'],
		],
		command: (_state, _context, {name}) => ({type: 'endFilter', keep: name === 'Enter'}),
	},
	{
		screens: ['filter'],
		keys: ['文字', 'Backspace'],
		help: '过滤时：再次按 / 时保留的过滤词是选中的，输入即替换，退格即清除',
		// Over a selected filter, and between the key that opened the input and its first frame (when it does not
		// listen yet), the table takes what is typed, so that no key is lost; then the input does.
		command: (state, context, {name, input}) => {
			if (state.filterSelected) return {type: 'setFilter', text: name === 'Backspace' ? '' : input};
			if (context.inputReady()) return undefined;
			return {type: 'setFilter', text: typedOn(state.filter, name, input)};
		},
	},
	{
		screens: ['filter'],
		keys: ['↑', '↓'],
		help: '过滤时：在结果中上下选择',
		hints: [['↑/↓', '选择']],
		command: (_state, _context, {name}) => ({type: 'move', by: name === '↑' ? -1 : 1}),
	},
	{screens: ['browser'], keys: ['q'], help: '退出', hints: [['q', '退出']], command: () => ({type: 'quit'})},
	{screens: ['browser'], keys: ['Esc'], help: '在列表中：清除过滤', command: () => ({type: 'back'})},
	{
		screens: reading,
		keys: ['q', 'Esc', '←', 'h', 'Backspace'],
		help: '阅读时：返回列表（先结束查找，或收起显示的网址）；只打开一个文件时退出',
		hints: [['q', '返回']],
		// With one file there is no list to go back to.
		command: (state) =>
			state.single && !state.find && state.link === undefined && state.linkInput === ''
				? {type: 'quit'}
				: {type: 'back'},
	},
	{
		screens: reading,
		keys: ['B'],
		help: '阅读时：按原文的换行显示（不把导出工具断开的句子接起来），再按恢复',
		command: () => ({type: 'toggleSourceBreaks'}),
	},
	{
		screens: ['reader'],
		keys: ['n', 'p'],
		help: '阅读时：打开下一篇 / 上一篇',
		hints: [['n/p', '下一篇/上一篇']],
		command: (_state, _context, {name}) => ({type: 'sibling', by: name === 'n' ? 1 : -1}),
	},
	{
		screens: reading,
		keys: ['0–9', 'Enter'],
		help: '阅读时：输入脚注编号，再按 Enter 显示完整网址',
		hints: [['0–9', '链接']],
		command: (state, _context, {name, input}) =>
			name === 'Enter' ? (state.linkInput === '' ? undefined : {type: 'openLink'}) : {type: 'linkDigit', digit: input},
	},
	{
		screens: reading,
		keys: ['c', 'y'],
		help: '把显示的网址（未显示时：原文网址）复制到本地剪贴板（OSC 52，经 SSH 和 tmux 也可用）',
		hints: [['c', '复制链接']],
		when: (state) => state.link !== undefined || state.reading?.source !== undefined,
		command: () => ({type: 'copyLink'}),
	},
	{
		screens: reading,
		keys: ['o'],
		help: '用本地浏览器打开显示的网址（未显示时：原文网址），经 $BROWSER、xdg-open 或 open；经 SSH 时改按 c 复制',
		command: () => ({type: 'openInBrowser'}),
	},
	{
		screens: ['browser', ...reading],
		keys: ['m'],
		help: '把选中或打开的文章标为已读 / 未读（打开即已读）',
		command: () => ({type: 'toggleRead'}),
	},
	{
		screens: ['browser', ...reading],
		keys: ['u'],
		help: '下一篇未读：在列表中选中它，阅读时打开它',
		hints: [['u', '下一篇未读']],
		command: () => ({type: 'nextUnread'}),
	},
	{
		screens: ['browser', ...reading],
		keys: ['f'],
		help: '收藏 / 取消收藏（分类栏顶部的“收藏”列出全部）',
		command: () => ({type: 'toggleStar'}),
	},
	{
		screens: ['browser'],
		keys: ['A'],
		help: '把当前列表的文章全部标为已读（先问 y/n）',
		command: (state) => ({
			type: 'ask',
			text: `把当前列表的 ${state.visible.length} 篇文章全部标为已读？(y/n)`,
			yes: 'markAllRead',
		}),
	},
	{
		screens: ['confirm'],
		keys: ['y', 'n', 'Esc'],
		help: '回答 y/n 问题：y 确定，n 或 Esc 取消',
		hints: [
			['y', '确定'],
			['n', '取消'],
		],
		command: (state, _context, {name}) =>
			name === 'y' && state.question ? {type: state.question.yes} : {type: 'answer'},
	},
	{
		screens: ['browser'],
		keys: ['s'],
		help: '排序：最新在前 → 最早在前 → 相关度（过滤时；标题匹配在前，匹配词多的在前）',
		command: () => ({type: 'toggleOrder'}),
	},
	{
		screens: ['browser'],
		keys: ['z', 'Z'],
		help: '折叠 / 展开选中的分类；Z：全部折叠 / 全部展开',
		command: (_state, _context, {name}) => ({type: 'fold', which: name === 'z' ? 'selected' : 'all'}),
	},
	{
		screens: ['browser'],
		keys: ['r'],
		help: '重新读取文件夹（新增、修改、删除的文件）',
		command: () => ({type: 'reload'}),
	},
	{
		screens: ['browser'],
		keys: ['!'],
		help: '列出读取出错的文件',
		when: (state) => state.warnings.length > 0,
		command: () => ({type: 'show', screen: 'problems'}),
	},
	{
		screens: ['page'],
		keys: ['Esc', 'q', '←', 'h', 'Enter'],
		help: '在帮助或问题页：关闭本页',
		hints: [['Esc', '返回']],
		command: () => ({type: 'back'}),
	},
	{
		screens: everywhere,
		keys: ['?'],
		help: '显示 / 关闭本帮助',
		hints: [['?', '帮助']],
		command: (state) => (state.screen === 'help' ? {type: 'back'} : {type: 'show', screen: 'help'}),
	},
	// 130 for Ctrl-C: what shells expect of a program it ended.
	{
		screens: [...everywhere, 'filter', 'find'],
		keys: ['Ctrl-C', 'Ctrl-L', 'Ctrl-Z'],
		help: '随时：退出 / 重画屏幕 / 暂停回到 shell（fg 继续）',
		command: (_state, _context, {name}) =>
			name === 'Ctrl-C' ? {type: 'quit', status: 130} : {type: name === 'Ctrl-L' ? 'redraw' : 'suspend'},
	},
];
