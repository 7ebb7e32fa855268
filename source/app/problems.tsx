import {Box, Text} from 'ink';
import type {Warning} from '../core/load.js';
import {fit} from '../core/width.js';

/** Files that could not be read, or were read only in part. */
export function Problems({warnings, width, height}: {warnings: readonly Warning[]; width: number; height: number}) {
	const shown = warnings.slice(0, height - 1 - (warnings.length > height - 1 ? 1 : 0));
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>{fit(` ${warnings.length} 个文件有问题`, width)}</Text>
			{shown.map((warning, i) => (
				<Text key={i}>{fit(` ${warning.path}: ${warning.message}`, width)}</Text>
			))}
			{shown.length < warnings.length && (
				<Text>{fit(` …还有 ${warnings.length - shown.length} 个（wxnews --json 会在 stderr 列出全部）`, width)}</Text>
			)}
		</Box>
	);
}
