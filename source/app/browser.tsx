import {useRef, type ReactNode} from 'react';
import {Box, Text} from 'ink';
import type {ArticleMeta} from '../core/reading/article.js';
import {rowKey, uncategorizedLabel, type CategoryRow} from '../core/search/categories.js';
import {formatDate} from '../core/reading/dates.js';
import {displayWidth, fit, truncate} from '../core/text/width.js';
import {Highlighted} from './highlight.js';
import {countUnread} from './unread-counts.js';
import type {State} from './state.js';
import {theme} from './theme.js';
import {useWindowStart} from './window.js';

export type BrowserLayout = {
	stacked: boolean;
	categoryWidth: number;
	categoryHeight: number;
	listWidth: number;
	listHeight: number;
};

/** Side by side when there is room; stacked on narrow terminals. */
export function browserLayout(columns: number, bodyHeight: number, categoryCount: number): BrowserLayout {
	if (columns >= 70) {
		const categoryWidth = Math.max(16, Math.min(32, Math.floor(columns * 0.28)));
		return {
			stacked: false,
			categoryWidth,
			categoryHeight: bodyHeight,
			listWidth: columns - categoryWidth - 1,
			listHeight: bodyHeight,
		};
	}
	const categoryHeight = Math.max(1, Math.min(categoryCount, Math.floor(bodyHeight / 3)));
	return {
		stacked: true,
		categoryWidth: columns,
		categoryHeight,
		listWidth: columns,
		listHeight: Math.max(1, bodyHeight - categoryHeight - 1),
	};
}

function Row({selected, focused, children}: {selected: boolean; focused: boolean; children: ReactNode}) {
	// Selection is a marker plus inverse video (bold when the other pane has the focus), never colour alone.
	return (
		<Text inverse={selected && focused} bold={selected && !focused}>
			{children}
		</Text>
	);
}

/** Unread articles below each category row (by rowKey), counted again only when the articles or the marks change. */
function useUnreadCounts({articles, marks}: State): Map<string, number> {
	// The store changes in place; its flags' version says when (not on every saved place: each keystroke saves one).
	const last = useRef<{articles: readonly ArticleMeta[]; version: number; counts: Map<string, number>}>(undefined);
	if (last.current?.articles !== articles || last.current.version !== marks.flagsVersion)
		last.current = {articles, version: marks.flagsVersion, counts: countUnread(articles, marks)};
	return last.current.counts;
}

function CategoryPane({
	rows,
	unread,
	folded,
	selected,
	focused,
	width,
	height,
}: {
	rows: CategoryRow[];
	unread: Map<string, number>;
	folded: ReadonlySet<string>;
	selected: number;
	focused: boolean;
	width: number;
	height: number;
}) {
	const start = useWindowStart(selected, rows.length, height);
	return (
		<Box flexDirection="column" width={width} height={height}>
			{rows.slice(start, start + height).map((row, i) => {
				const index = start + i;
				// Unread beside the total, as mail and news readers show them: `12/480`.
				const count = ` ${unread.get(rowKey(row)) ?? 0}/${row.count}`;
				// + folded, - open: plain ASCII, one column in every terminal (▸ is ambiguous width), and visible without colour.
				const fold = row.parent ? (folded.has(rowKey(row)) ? '+' : '-') : ' ';
				const indent = '  '.repeat(Math.max(0, row.depth - 1));
				const label = `${index === selected ? '>' : ' '} ${indent}${row.depth > 0 ? fold + ' ' : ''}${row.label}`;
				const text = fit(label, width - displayWidth(count)) + count;
				return (
					<Row key={index} selected={index === selected} focused={focused}>
						{text}
					</Row>
				);
			})}
		</Box>
	);
}

/** The whole category path when it fits, else its most telling part: the source (`新媒体/IT 之家/分类资讯` → `IT 之家/分类资讯` → `IT 之家`). */
function categoryLabel(categories: string[], width: number): string {
	const candidates = [categories.join('/'), categories.slice(1).join('/'), categories[1] ?? '', categories.at(-1)!];
	return candidates.find((label) => label !== '' && displayWidth(label) <= width) ?? categories.join('/');
}

function articleRow(article: ArticleMeta, width: number, showCategory: boolean, marks: State['marks']) {
	const date = fit(article.date === undefined ? '(无日期)' : formatDate(article.date, false), 10);
	// newsboat's flags: N unread, ! starred; letters, so they show without colour or bold.
	const flags = (marks.isRead(article.path) ? ' ' : 'N') + (marks.isStarred(article.path) ? '!' : ' ');
	const prefix = `${flags} ${date}  `;
	const room = width - 2 - displayWidth(prefix);
	let suffix = '';
	if (showCategory && room >= 40) {
		// Every row fills the column, so titles end in one place and no row looks unfinished.
		const column = Math.min(20, Math.floor(room / 4));
		const label = article.categories.length > 0 ? categoryLabel(article.categories, column) : uncategorizedLabel;
		suffix = '  ' + fit(label, column);
	}
	// Pad the title only when a column follows it: trailing spaces cost bytes on every redraw.
	const titleWidth = room - displayWidth(suffix);
	return {prefix, title: suffix ? fit(article.title, titleWidth) : truncate(article.title, titleWidth), suffix};
}

function ArticleList({state, focused, width, height}: {state: State; focused: boolean; width: number; height: number}) {
	const {visible, selected, query} = state;
	const start = useWindowStart(selected, visible.length, height);
	if (visible.length === 0) {
		return (
			<Box width={width} height={height}>
				<Text>
					{fit(
						state.filter ? `  没有文章包含“${truncate(state.filter, 20)}”（Esc 清除过滤）` : '  这里没有文章',
						width,
					)}
				</Text>
			</Box>
		);
	}
	const showCategory = state.category === 0;
	return (
		<Box flexDirection="column" width={width} height={height}>
			{visible.slice(start, start + height).map((article, i) => {
				const index = start + i;
				const isSelected = index === selected;
				const {prefix, title, suffix} = articleRow(article, width, showCategory, state.marks);
				const unread = !state.marks.isRead(article.path);
				return (
					<Row key={article.id} selected={isSelected} focused={focused}>
						{isSelected ? '> ' : '  '}
						{prefix}
						<Text bold={unread}>
							<Highlighted text={title} query={query} />
						</Text>
						<Text dimColor={theme.dim && !isSelected}>{suffix}</Text>
					</Row>
				);
			})}
		</Box>
	);
}

export function Browser({state, layout}: {state: State; layout: BrowserLayout}) {
	const unread = useUnreadCounts(state);
	const categories = (
		<CategoryPane
			rows={state.categories}
			unread={unread}
			folded={state.folded}
			selected={state.category}
			focused={state.focus === 'categories'}
			width={layout.categoryWidth}
			height={layout.categoryHeight}
		/>
	);
	const list = (
		<ArticleList state={state} focused={state.focus === 'list'} width={layout.listWidth} height={layout.listHeight} />
	);
	if (layout.stacked) {
		return (
			<Box flexDirection="column">
				{categories}
				<Text dimColor={theme.dim}>{'-'.repeat(layout.listWidth)}</Text>
				{list}
			</Box>
		);
	}
	return (
		<Box flexDirection="row">
			{categories}
			{/* One text node for the whole rule: Ink's cost per frame grows with the number of nodes. */}
			<Box width={1} height={layout.listHeight}>
				<Text>{Array.from({length: layout.listHeight}, () => '|').join('\n')}</Text>
			</Box>
			{list}
		</Box>
	);
}
