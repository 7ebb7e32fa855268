import {useEffect, type RefObject} from 'react';
import {Box, Spacer, Text} from 'ink';
import TextInput from 'ink-text-input';
import {displayWidth, fit} from '../core/text/width.js';
import {hintSeparator, keyHintList, keyHints} from './keys/key-to-command.js';
import type {Progress} from '../core/catalog/catalog.js';
import type {Action, Find, State} from './state.js';
import {theme} from './theme.js';

/** Where the reader is in the document: `12/80 行 15%`. */
function scrollInfo(scroll: number, rows: number, lines: number): string {
	const percent = lines <= rows ? 100 : Math.round(((scroll + rows) / lines) * 100);
	return ` ${Math.min(lines, scroll + rows)}/${lines} 行 ${percent}%`;
}

/** Which match of the in-article search is current: `3/11`, or that there is none. */
export function findCount(find: Find): string {
	if (find.text.trim() === '' || find.matched !== find.text) return '';
	return find.matches.length === 0 ? '没有找到' : `${find.current + 1}/${find.matches.length}`;
}

/**
 * The status line in `width` columns: what it has to say, then as many whole key hints as fit (a hint cut short,
 * `u …`, says nothing).
 */
function statusText(state: State, width: number): string {
	let text = statusLead(state);
	for (const [i, hint] of keyHintList(state).entries()) {
		const longer = text + (i === 0 ? '' : hintSeparator) + hint;
		if (displayWidth(longer) > width) break;
		text = longer;
	}
	return fit(text, width);
}

const percent = ({done, total}: Progress) => Math.floor((done / Math.max(1, total)) * 100);

/** What the status line says before the key hints. */
function statusLead(state: State): string {
	if (state.question) return `${state.question.text}  `;
	const linkPrompt = state.linkInput ? `链接 [${state.linkInput}] Enter 显示  ` : '';
	const {indexing, listing} = state;
	const progress =
		indexing && indexing.done < indexing.total ? `正文索引 ${percent(indexing)}%（过滤暂只含已索引正文）  ` : '';
	const reading = listing ? `读取中 ${percent(listing)}%  ` : '';
	const error = state.query.error ? `过滤有误：${state.query.error}  ` : '';
	const found = state.screen === 'reader' && state.find ? `查找“${state.find.text}” ${findCount(state.find)}  ` : '';
	return `${linkPrompt}${found}${error}${state.notice ? state.notice + '  ' : ''}${reading}${progress}`;
}

/**
 * ink-text-input, saying when it listens: its key handler is registered in an effect of its first frame, which runs
 * before this one's (a child's effects come first).
 */
function ListeningInput({
	ready,
	...props
}: {
	ready: RefObject<boolean>;
	value: string;
	onChange: (text: string) => void;
}) {
	useEffect(() => {
		ready.current = true;
		return () => {
			ready.current = false;
		};
	}, [ready]);
	return <TextInput {...props} />;
}

/** The last line: the filter input while typing one, else notices, progress and the keys that matter here. */
export function StatusLine({
	state,
	width,
	reader,
	dispatch,
	inputReady,
}: {
	state: State;
	width: number;
	/** Set while a text input listens for keys (the key table types for it until then). */
	inputReady: RefObject<boolean>;
	/** The reader's scroll position, rows shown and document length, when reading. */
	reader?: {scroll: number; rows: number; lines: number};
	dispatch: (action: Action) => void;
}) {
	if (state.find?.typing)
		return (
			<Box width={width} height={1} overflow="hidden">
				<Text color={theme.accent}>查找 </Text>
				<ListeningInput
					key={state.inputs}
					ready={inputReady}
					value={state.find.text}
					onChange={(text) => dispatch({type: 'setFindText', text, from: state.find?.text})}
				/>
				<Spacer />
				<Text dimColor={theme.dim}>
					{' '}
					{findCount(state.find)}
					{'  '}
					{keyHints(state)}
				</Text>
			</Box>
		);
	if (state.editingFilter)
		return (
			<Box width={width} height={1} overflow="hidden">
				<Text color={theme.accent}>/ </Text>
				{state.filterSelected ? (
					// Selected: the key table takes what is typed (it replaces the text).
					<Text inverse>{state.filter}</Text>
				) : (
					<ListeningInput
						key={state.inputs}
						ready={inputReady}
						value={state.filter}
						onChange={(text) => dispatch({type: 'setFilter', text, from: state.filter})}
					/>
				)}
				<Spacer />
				<Text dimColor={theme.dim}> {state.query.error ?? keyHints(state)}</Text>
			</Box>
		);
	const where = reader ? scrollInfo(reader.scroll, reader.rows, reader.lines) : '';
	return <Text dimColor={theme.dim}>{statusText(state, width - displayWidth(where)) + where}</Text>;
}
