import {Box, Text} from 'ink';
import {displayWidth, fit} from '../core/width.js';
import {helpLines} from './keys.js';

export function Help({width, height, top}: {width: number; height: number; top: number}) {
	const keyWidth = Math.min(20, Math.max(...helpLines.map(([keys]) => displayWidth(keys))) + 2);
	return (
		<Box flexDirection="column" height={height}>
			<Text bold>{fit(helpLines.length > height - 1 ? ' 按键（↑↓ 翻看更多）' : ' 按键', width)}</Text>
			{helpLines.slice(top, top + height - 1).map(([keys, what]) => (
				<Text key={keys}>
					{' '}
					<Text bold>{fit(keys, keyWidth)}</Text>
					{fit(what, width - keyWidth - 1)}
				</Text>
			))}
		</Box>
	);
}
