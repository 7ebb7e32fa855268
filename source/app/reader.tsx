import {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {Article} from '../core/reading/article.js';
import {fit} from '../core/text/width.js';
import {parseQuery, type Query} from '../core/search/match.js';
import {Highlighted} from './highlight.js';
import {hyperlinksEnabled, osc8} from './hyperlinks.js';
import {footnote, linkLines, type DocumentLine, type Href} from './reader-document.js';
import type {Find, State} from './state.js';
import {currentMatchStyle, hrefStyle, lineSegments, type ExtraRange} from './styled-line.js';
import {matchStyle, textStyle, theme} from './theme.js';

const noQuery = parseQuery('');

/** A body line with its styles; title, meta and the link list keep their whole-line look. */
function DocumentText({
	line,
	query,
	found,
	links,
}: {
	line: DocumentLine;
	query: Query;
	/** The in-article search's matches on this line, when searching (they replace the filter's). */
	found?: readonly ExtraRange[];
	links: boolean;
}) {
	if (!line.ranges && !found && !(links && line.href)) return <Highlighted text={line.text} query={query} />;
	return (
		<Text>
			{lineSegments(line, found ? noQuery : query, found).map((segment, i) => (
				<Text key={i} {...textStyle(segment.style)} inverse={segment.style & currentMatchStyle ? true : undefined}>
					{links && line.href && segment.style & hrefStyle
						? osc8(line.href.url, segment.text, line.href.id)
						: segment.text}
				</Text>
			))}
		</Text>
	);
}

/** The search's matches by line, the current one marked. */
function matchesByLine(find: Find | undefined): Map<number, ExtraRange[]> | undefined {
	if (!find) return undefined;
	const byLine = new Map<number, ExtraRange[]>();
	for (const [i, {line, start, end}] of find.matches.entries()) {
		const style = matchStyle | (i === find.current ? currentMatchStyle : 0);
		const list = byLine.get(line) ?? [];
		list.push({start, end, style});
		byLine.set(line, list);
	}
	return byLine;
}

/** A line of the footnote panel: its text, and the part that is the URL. */
export type PanelLine = {text: string; href?: Href};

/** The full URL of the footnote the reader asked for: over SSH no browser can open it, so show and offer to copy it. */
export function linkPanelLines(article: Article | undefined, state: State, width: number): PanelLine[] {
	if (state.link === undefined || !article) return [];
	const link = footnote(article, state.link);
	if (!link) return [{text: `没有编号为 [${state.link}] 的脚注`}];
	return linkLines(link, width);
}

/** A panel line cut to its width, its URL part a hyperlink where the terminal allows. */
function PanelText({line, width, links}: {line: PanelLine; width: number; links: boolean}) {
	const text = fit(line.text, width);
	const {href} = line;
	if (!links || !href || href.start >= text.length) return <>{text}</>;
	const end = Math.min(href.end, text.length);
	return (
		<>
			{text.slice(0, href.start)}
			{osc8(href.url, text.slice(href.start, end), href.id)}
			{text.slice(end)}
		</>
	);
}

export function Reader({
	state,
	scroll,
	lines,
	panel,
	rows,
	width,
	height,
	margin,
}: {
	state: State;
	/** Where the document is scrolled to, already within its length. */
	scroll: number;
	lines: DocumentLine[];
	/** The footnote panel's lines (linkPanelLines), and the rows left above it for the document. */
	panel: PanelLine[];
	rows: number;
	width: number;
	height: number;
	margin: number;
}) {
	const pad = ' '.repeat(margin);
	const found = useMemo(() => matchesByLine(state.find), [state.find]);
	const links = hyperlinksEnabled();
	return (
		<Box flexDirection="column" height={height}>
			<Box flexDirection="column" height={rows}>
				{lines.slice(scroll, scroll + rows).map((line, i) => (
					<Text
						key={scroll + i}
						bold={line.kind === 'title' || line.kind === 'heading'}
						dimColor={theme.dim && line.kind === 'meta'}
						color={line.kind === 'title' ? theme.accent : undefined}
					>
						{pad}
						<DocumentText
							line={line}
							query={state.query}
							found={found ? (found.get(scroll + i) ?? []) : undefined}
							links={links}
						/>
					</Text>
				))}
			</Box>
			{panel.length > 0 && (
				<Box flexDirection="column">
					<Text dimColor={theme.dim}>{'-'.repeat(width - margin)}</Text>
					{panel.map((line, i) => (
						<Text key={i} bold>
							{pad}
							<PanelText line={line} width={width - margin * 2} links={links} />
						</Text>
					))}
				</Box>
			)}
		</Box>
	);
}
