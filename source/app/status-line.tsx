import {Box, Spacer, Text} from 'ink';
import TextInput from 'ink-text-input';
import {displayWidth, fit} from '../core/text/width.js';
import {keyHints} from './keys/key-to-command.js';
import type {Action, State} from './state.js';
import {theme} from './theme.js';

/** Where the reader is in the document: `12/80 行 15%`. */
function scrollInfo(scroll: number, rows: number, lines: number): string {
	const percent = lines <= rows ? 100 : Math.round(((scroll + rows) / lines) * 100);
	return ` ${Math.min(lines, scroll + rows)}/${lines} 行 ${percent}%`;
}

function statusText(state: State): string {
	if (state.question) return `${state.question.text}  ${keyHints(state)}`;
	const linkPrompt = state.linkInput ? `链接 [${state.linkInput}] Enter 显示  ` : '';
	const {indexing} = state;
	const progress =
		indexing && indexing.done < indexing.total
			? `正文索引 ${Math.floor((indexing.done / Math.max(1, indexing.total)) * 100)}%（过滤暂只含已索引正文）  `
			: '';
	const error = state.query.error ? `过滤有误：${state.query.error}  ` : '';
	return `${linkPrompt}${error}${state.notice ? state.notice + '  ' : ''}${progress}${keyHints(state)}`;
}

/** The last line: the filter input while typing one, else notices, progress and the keys that matter here. */
export function StatusLine({
	state,
	width,
	reader,
	dispatch,
}: {
	state: State;
	width: number;
	/** The reader's scroll position, rows shown and document length, when reading. */
	reader?: {scroll: number; rows: number; lines: number};
	dispatch: (action: Action) => void;
}) {
	if (state.editingFilter)
		return (
			<Box width={width} height={1} overflow="hidden">
				<Text color={theme.accent}>/ </Text>
				{state.filterSelected ? (
					// Selected: the key table takes what is typed (it replaces the text).
					<Text inverse>{state.filter}</Text>
				) : (
					<TextInput value={state.filter} onChange={(text) => dispatch({type: 'setFilter', text})} />
				)}
				<Spacer />
				<Text dimColor={theme.dim}> {state.query.error ?? keyHints(state)}</Text>
			</Box>
		);
	const where = reader ? scrollInfo(reader.scroll, reader.rows, reader.lines) : '';
	return <Text dimColor={theme.dim}>{fit(statusText(state), width - displayWidth(where)) + where}</Text>;
}
