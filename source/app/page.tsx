import {Box, Text} from 'ink';
import type {Warning} from '../core/reading/load.js';
import {displayWidth, fit} from '../core/text/width.js';
import {wrapText} from '../core/rendering/wrap.js';
import {helpLines} from './keys/key-to-command.js';

/** A row of a scrolled page: a bold lead (a key, or nothing) and its text. */
export type PageRow = {lead: string; text: string};

/** Rows of a lead column and wrapped text beside it, or below each lead when narrow. */
function leadRows(lines: ReadonlyArray<readonly [lead: string, text: string]>, width: number, most: number): PageRow[] {
	const leadWidth = Math.min(most, Math.max(...lines.map(([lead]) => displayWidth(lead))) + 2);
	if (width < leadWidth * 3)
		return lines.flatMap(([lead, what]) => [
			{lead, text: ''},
			...wrapText(what, Math.max(8, width - 3)).map((text) => ({lead: '  ', text})),
		]);
	return lines.flatMap(([lead, what]) =>
		wrapText(what, width - leadWidth - 1).map((text, i) => ({lead: fit(i === 0 ? lead : '', leadWidth), text})),
	);
}

// The filter's syntax (source/core/search/query.ts), after the keys: it is typed, not pressed.
const syntaxLines: ReadonlyArray<[example: string, meaning: string]> = [
	['微信 停运', '每个词都要出现（标题、作者、分类、标签或正文）'],
	['-腾讯', '不含这个词'],
	['"微信 圈子"', '短语：这些词相连出现（不按拼音）'],
	['title:微信', '只在标题里找；author: 作者，cat: 分类和标签；可加短语 title:"微信 圈子"'],
	['after:2024-06', '2024-06-01 起（含当月）；日期可写 YYYY、YYYY-MM、YYYY-MM-DD，按东八区'],
	['before:2025-01-15', '2025-01-15 之前（不含当天）；无日期的文章不算在内'],
	['is:unread is:starred', '未读、收藏（-is:starred 未收藏）'],
];

/** The syntax block at the end of help: a blank row, a heading, then one row per form. */
export function syntaxRows(width: number): PageRow[] {
	return [
		{lead: '', text: ''},
		{lead: '', text: fit('过滤语法（/ 和 --filter）', width - 1)},
		...leadRows(syntaxLines, width, 22),
	];
}

/** Every key and what it does, then the filter's syntax. */
export function helpRows(width: number): PageRow[] {
	return [...leadRows(helpLines, width, 20), ...syntaxRows(width)];
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
