import {Text} from 'ink';
import {matchRanges, type Query} from '../core/search/match.js';
import {theme} from './theme.js';

/** A one-line text with the filter's matches marked. The text must already fit its width. */
export function Highlighted({text, query}: {text: string; query: Query}) {
	const ranges = matchRanges(query, text);
	if (ranges.length === 0) return <Text>{text}</Text>;
	const parts = [];
	let at = 0;
	for (const [start, end] of ranges) {
		if (start > at) parts.push(<Text key={at}>{text.slice(at, start)}</Text>);
		parts.push(
			<Text key={start} {...theme.match}>
				{text.slice(start, end)}
			</Text>,
		);
		at = end;
	}
	if (at < text.length) parts.push(<Text key={at}>{text.slice(at)}</Text>);
	return <Text>{parts}</Text>;
}
