import {Box, Text} from 'ink';
import type {Warning} from '../core/load.js';
import {fit} from '../core/width.js';

/** Files that could not be read, or were read only in part; scrolled with the usual keys. */
export function Problems({
	warnings,
	width,
	height,
	top,
}: {
	warnings: readonly Warning[];
	width: number;
	height: number;
	top: number;
}) {
	const more =
		warnings.length > height - 1 ? `（${top + 1}–${Math.min(warnings.length, top + height - 1)}，↑↓ 翻看）` : '';
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>{fit(` ${warnings.length} 个文件有问题${more}`, width)}</Text>
			{warnings.slice(top, top + height - 1).map((warning, i) => (
				<Text key={top + i}>{fit(` ${warning.path}: ${warning.message}`, width)}</Text>
			))}
		</Box>
	);
}
