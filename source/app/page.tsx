import {Box, Text} from 'ink';
import type {Warning} from '../core/reading/load.js';
import {displayWidth, fit} from '../core/text/width.js';
import {wrapText} from '../core/rendering/wrap.js';
import {helpLines} from './keys/key-to-command.js';

/** A row of a scrolled page: a bold lead (a key, or nothing) and its text. */
export type PageRow = {lead: string; text: string};

/** Every key and what it does: descriptions wrapped beside the key column, or below each key when narrow. */
export function helpRows(width: number): PageRow[] {
	const keyWidth = Math.min(20, Math.max(...helpLines.map(([keys]) => displayWidth(keys))) + 2);
	if (width < keyWidth * 3)
		return helpLines.flatMap(([keys, what]) => [
			{lead: keys, text: ''},
			...wrapText(what, Math.max(8, width - 3)).map((text) => ({lead: '  ', text})),
		]);
	return helpLines.flatMap(([keys, what]) =>
		wrapText(what, width - keyWidth - 1).map((text, i) => ({lead: fit(i === 0 ? keys : '', keyWidth), text})),
	);
}

/** Each file that could not be read (or only in part), wrapped with a hanging indent. */
export function problemRows(warnings: readonly Warning[], width: number): PageRow[] {
	return warnings.flatMap((warning) =>
		wrapText(`${warning.path}: ${warning.message}`, Math.max(8, width - 3)).map((text, i) => ({
			lead: i === 0 ? '' : '  ',
			text,
		})),
	);
}

/** Help and the problems list: a title line, then the rows from `top`, scrolled with the usual keys. */
export function Page({
	title,
	rows,
	width,
	height,
	top,
}: {
	title: string;
	rows: readonly PageRow[];
	width: number;
	height: number;
	top: number;
}) {
	const shown = height - 1;
	const more =
		rows.length > shown ? `（${top + 1}–${Math.min(rows.length, top + shown)} / ${rows.length} 行，↑↓ 翻看）` : '';
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>{fit(` ${title}${more}`, width)}</Text>
			{rows.slice(top, top + shown).map((row, i) => (
				<Text key={top + i}>
					{' '}
					<Text bold>{row.lead}</Text>
					{fit(row.text, width - 1 - displayWidth(row.lead))}
				</Text>
			))}
		</Box>
	);
}
