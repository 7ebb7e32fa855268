import {useEffect, useMemo} from 'react';
import {Box, Spacer, Text, useApp, useInput, useStdout} from 'ink';
import TextInput from 'ink-text-input';
import {displayWidth, fit, truncate} from '../core/text/width.js';
import {renderArticle} from '../core/rendering/render.js';
import {categoryPath} from '../core/search/categories.js';
import {readFullArticle} from '../core/catalog/full-articles.js';
import type {Catalog} from '../core/catalog/catalog.js';
import {useCatalog} from './use-catalog.js';
import {allLabel, uncategorizedLabel} from '../core/search/categories.js';
import {Browser, browserLayout} from './browser.js';
import {osc52} from './clipboard.js';
import {keyHints, keyToCommand, splitKeystrokes} from './keys.js';
import {Page, helpRows, problemRows} from './page.js';
import {Reader, linkPanelLines} from './reader.js';
import {maxReadingWidth, readerDocument} from './reader-document.js';
import type {Action, State} from './state.js';
import {useAppState} from './use-app-state.js';
import {theme} from './theme.js';
import {useTerminalSize} from './use-terminal-size.js';

/** One short line: it changes on every move, so it is kept free of padding (bytes count over SSH). */
function headerText(state: State): string {
	// While a search is under way the count is what has been found so far.
	const more = state.searching ? '+' : '';
	const position = (index: number, count: number) => (count > 0 ? `${index + 1} / ${count}${more}` : `0 / 0${more}`);
	if (state.screen === 'reader' && state.reading) {
		const where = categoryPath(state.reading) || uncategorizedLabel;
		return `${where}   ${position(state.selected, state.visible.length)}`;
	}
	if (state.screen === 'help') return '帮助';
	if (state.screen === 'problems') return '读取问题';
	const row = state.categories[state.category];
	const where = row && row.path.length > 0 ? [allLabel, ...row.path].join(' › ') : (row?.label ?? allLabel);
	const filter = state.filter ? `   过滤：${state.filter}` : '';
	const problems = state.warnings.length > 0 ? `   ${state.warnings.length} 个问题(!)` : '';
	return `${where}   ${position(state.selected, state.visible.length)}${filter}${problems}`;
}

export function App({initial, root, catalog}: {initial: State; root: string; catalog?: Catalog}) {
	const [state, dispatch, stateNow] = useAppState(initial);
	const reload = useCatalog(catalog, dispatch);
	// A search under way finishes in steps between frames (see refresh in state.ts).
	useEffect(() => {
		if (!state.searching) return;
		const next = setImmediate(() => dispatch({type: 'continueSearch'}));
		return () => clearImmediate(next);
	}, [state.searching]);
	const {columns, rows} = useTerminalSize();
	const {exit} = useApp();
	const {stdout} = useStdout();

	// The frame stays one row shorter than the terminal: a full-height frame makes Ink clear the screen on every update.
	const height = Math.max(3, rows - 1);
	const bodyHeight = height - 2;
	const layout = browserLayout(columns, bodyHeight, state.categories.length);
	const margin = columns >= 60 ? 2 : 1;
	const textWidth = Math.max(10, Math.min(maxReadingWidth, columns - margin * 2));
	// The body is read from disk when an article is opened (a few are kept: see bodies.ts).
	const article = useMemo(
		() => (state.reading ? readFullArticle(root, state.reading) : undefined),
		[root, state.reading],
	);
	const lines = useMemo(() => (article ? readerDocument(article, textWidth) : []), [article, textWidth]);
	const panel = linkPanelLines(article, state, columns - margin * 2);
	const readerRows = Math.max(1, bodyHeight - (panel.length > 0 ? panel.length + 1 : 0));
	const readerMax = Math.max(0, lines.length - readerRows);

	const pageLines = useMemo(
		() =>
			state.screen === 'problems'
				? problemRows(state.warnings, columns)
				: state.screen === 'help'
					? helpRows(columns)
					: [],
		[state.screen, state.warnings, columns],
	);
	const pageMax = Math.max(0, pageLines.length - (bodyHeight - 1));
	// After a resize the document may be shorter than where it was scrolled to.
	const scroll = Math.min(state.scroll, readerMax);
	useEffect(() => {
		if (state.scroll > readerMax) dispatch({type: 'scroll', by: 0, max: readerMax});
	}, [state.scroll, readerMax]);

	useInput((input, key) => {
		const context = {
			listPage: layout.listHeight,
			readerPage: readerRows,
			readerMax,
			pageRows: bodyHeight - 1,
			pageMax,
		};
		const keystrokes = splitKeystrokes(input, key);
		for (const [i, [oneInput, oneKey]] of keystrokes.entries()) {
			const current = stateNow();
			let command = keyToCommand(oneInput, oneKey, current, context);
			if (!command) continue;
			if (command.type === 'quit') return exit();
			if (command.type === 'reload') {
				reload();
				continue;
			}
			if (command.type === 'copyLink') {
				const link = article && renderArticle(article).links.find((item) => item.n === current.link);
				if (!link) continue;
				stdout.write(osc52(link.url));
				command = {type: 'notice', text: `已复制 [${link.n}] 到剪贴板（OSC 52）`};
			}
			dispatch(command);
			if (command.type === 'startFilter' && i + 1 < keystrokes.length) {
				// `/wx` typed fast arrives as one read: what follows the slash is the filter's text (up to an Enter).
				const rest = keystrokes.slice(i + 1);
				const end = rest.findIndex(([, restKey]) => restKey.return);
				const text = (end === -1 ? rest : rest.slice(0, end)).map(([character]) => character).join('');
				const actions: Action[] = [{type: 'setFilter', text: stateNow().filter + text}];
				if (end !== -1) actions.push({type: 'endFilter', keep: true});
				for (const action of actions) dispatch(action);
				return;
			}
		}
	});

	const scrollInfo =
		state.screen === 'reader'
			? ` ${Math.min(lines.length, scroll + readerRows)}/${lines.length} 行 ${lines.length <= readerRows ? 100 : Math.round(((scroll + readerRows) / lines.length) * 100)}%`
			: '';
	const linkPrompt = state.linkInput ? `链接 [${state.linkInput}] Enter 显示  ` : '';
	const {indexing} = state;
	const progress =
		indexing && indexing.done < indexing.total
			? `正文索引 ${Math.floor((indexing.done / Math.max(1, indexing.total)) * 100)}%（过滤暂只含已索引正文）  `
			: '';
	const status = `${linkPrompt}${state.notice ? state.notice + '  ' : ''}${progress}${keyHints(state)}`;

	let body;
	if (state.screen === 'reader' && article)
		body = (
			<Reader
				state={state}
				scroll={scroll}
				lines={lines}
				panel={panel}
				rows={readerRows}
				width={columns}
				height={bodyHeight}
				margin={margin}
			/>
		);
	else if (state.screen === 'help' || state.screen === 'problems')
		body = (
			<Page
				title={state.screen === 'help' ? '按键' : `${state.warnings.length} 个文件有问题`}
				rows={pageLines}
				width={columns}
				height={bodyHeight}
				top={Math.min(state.pageTop, pageMax)}
			/>
		);
	else body = <Browser state={state} layout={layout} />;

	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Text>
				<Text bold inverse>
					{' wxnews '}
				</Text>{' '}
				{truncate(headerText(state), columns - 9)}
			</Text>
			<Box height={bodyHeight} flexDirection="column">
				{body}
			</Box>
			{state.editingFilter ? (
				<Box width={columns} height={1} overflow="hidden">
					<Text color={theme.accent}>/ </Text>
					<TextInput value={state.filter} onChange={(text) => dispatch({type: 'setFilter', text})} />
					<Spacer />
					<Text dimColor={theme.dim}> {keyHints(state)}</Text>
				</Box>
			) : (
				<Text dimColor={theme.dim}>{fit(status, columns - displayWidth(scrollInfo)) + scrollInfo}</Text>
			)}
		</Box>
	);
}
