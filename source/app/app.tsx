import {useMemo, useRef} from 'react';
import {Box} from 'ink';
import type {Catalog} from '../core/catalog/catalog.js';
import {Browser, browserLayout} from './browser.js';
import {Header} from './header.js';
import {Page, helpRows, problemRows} from './page.js';
import {Reader} from './reader.js';
import type {TerminalControl} from './screen.js';
import type {State} from './state.js';
import {StatusLine} from './status-line.js';
import {useAppState} from './use-app-state.js';
import {useArticle, useRendererSoon} from './use-article.js';
import {useCatalog} from './use-catalog.js';
import {useKeyLoop} from './use-key-loop.js';
import {useMarks} from './use-marks.js';
import type {MarkStore} from '../core/marks/marks-store.js';
import {useReaderDocument} from './use-reader-document.js';
import {useSearchSteps} from './use-search-steps.js';
import {useBodySearch} from './use-body-search.js';
import {useTerminalSize} from './use-terminal-size.js';

/** Picks the screen and lays it out: header, body, status line. */
export function App({
	initial,
	root,
	catalog,
	terminal,
	marks,
}: {
	initial: State;
	root: string;
	catalog?: Catalog;
	/** Redraw and suspend, which the screen that runs the app carries out. */
	terminal?: TerminalControl;
	/** Read marks, stars and places (the same store the state's `marks` views). */
	marks?: MarkStore;
}) {
	const [state, dispatch, stateNow] = useAppState(initial);
	const reload = useCatalog(catalog, dispatch);
	useSearchSteps(state.searching, dispatch);
	useBodySearch(state, catalog?.bodySearch, dispatch);
	const {columns, rows} = useTerminalSize();

	// The frame stays one row shorter than the terminal: a full-height frame makes Ink clear the screen on every update.
	const height = Math.max(3, rows - 1);
	const bodyHeight = height - 2;
	const layout = browserLayout(columns, bodyHeight, state.categories.length);
	useRendererSoon();
	const article = useArticle(root, state.reading);
	const reader = useReaderDocument(article, state, dispatch, {columns, bodyHeight});
	const pageRows = useMemo(
		() =>
			state.screen === 'problems'
				? problemRows(state.warnings, columns)
				: state.screen === 'help'
					? helpRows(columns)
					: [],
		[state.screen, state.warnings, columns],
	);
	const pageMax = Math.max(0, pageRows.length - (bodyHeight - 1));
	const inputReady = useRef(false);
	const context = {
		listPage: layout.listHeight,
		readerPage: reader.rows,
		readerMax: reader.max,
		pageRows: bodyHeight - 1,
		pageMax,
		inputReady: () => inputReady.current,
	};
	useKeyLoop({stateNow, dispatch, context, article, reload, terminal, marks});
	useMarks(marks, state, dispatch);

	const reading = state.screen === 'reader' && article;
	let body;
	if (reading)
		body = (
			<Reader
				state={state}
				scroll={reader.scroll}
				lines={reader.lines}
				panel={reader.panel}
				rows={reader.rows}
				width={columns}
				height={bodyHeight}
				margin={reader.margin}
			/>
		);
	else if (state.screen === 'help' || state.screen === 'problems')
		body = (
			<Page
				title={state.screen === 'help' ? '按键' : `${state.warnings.length} 个文件有问题`}
				rows={pageRows}
				width={columns}
				height={bodyHeight}
				top={Math.min(state.pageTop, pageMax)}
			/>
		);
	else body = <Browser state={state} layout={layout} />;

	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Header state={state} width={columns} />
			<Box height={bodyHeight} flexDirection="column">
				{body}
			</Box>
			<StatusLine
				state={state}
				width={columns}
				dispatch={dispatch}
				inputReady={inputReady}
				reader={reading ? {scroll: reader.scroll, rows: reader.rows, lines: reader.lines.length} : undefined}
			/>
		</Box>
	);
}
