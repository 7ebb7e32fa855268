import {Box, Text} from 'ink';
import type {Article} from '../core/reading/article.js';
import {renderArticle} from '../core/rendering/render.js';
import {fit} from '../core/text/width.js';
import {wrapText} from '../core/rendering/wrap.js';
import {Highlighted} from './highlight.js';
import type {DocumentLine} from './reader-document.js';
import type {State} from './state.js';
import {lineSegments} from './styled-line.js';
import {textStyle, theme} from './theme.js';
import type {Query} from '../core/search/match.js';

/** A body line with its styles; title, meta and the link list keep their whole-line look. */
function DocumentText({line, query}: {line: DocumentLine; query: Query}) {
	if (!line.ranges) return <Highlighted text={line.text} query={query} />;
	return (
		<Text>
			{lineSegments(line, query).map((segment, i) => (
				<Text key={i} {...textStyle(segment.style)}>
					{segment.text}
				</Text>
			))}
		</Text>
	);
}

/** The full URL of the footnote the reader asked for: over SSH no browser can open it, so show and offer to copy it. */
export function linkPanelLines(article: Article | undefined, state: State, width: number): string[] {
	if (state.link === undefined || !article) return [];
	const link = renderArticle(article).links.find((item) => item.n === state.link);
	if (!link) return [`没有编号为 [${state.link}] 的脚注`];
	return wrapText(`[${link.n}] ${link.kind === 'image' ? '图片' : '链接'} ${link.url}`, width);
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
	panel: string[];
	rows: number;
	width: number;
	height: number;
	margin: number;
}) {
	const pad = ' '.repeat(margin);
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
						<DocumentText line={line} query={state.query} />
					</Text>
				))}
			</Box>
			{panel.length > 0 && (
				<Box flexDirection="column">
					<Text dimColor={theme.dim}>{'-'.repeat(width - margin)}</Text>
					{panel.map((line, i) => (
						<Text key={i} bold>
							{pad}
							{fit(line, width - margin * 2)}
						</Text>
					))}
				</Box>
			)}
		</Box>
	);
}
