import {Text} from 'ink';
import {allLabel, categoryPath, uncategorizedLabel} from '../core/search/categories.js';
import {truncate} from '../core/text/width.js';
import type {State} from './state.js';

const orderLabels: Record<State['order'], string> = {newest: '最新在前', oldest: '最早在前', relevance: '按相关度'};

/** One short line: it changes on every move, so it is kept free of padding (bytes count over SSH). */
export function headerText(state: State): string {
	// While a search is under way, or the list is still read, the count is what has been found so far.
	const more = state.searching || state.listing ? '+' : '';
	const position = (index: number, count: number) => (count > 0 ? `${index + 1} / ${count}${more}` : `0 / 0${more}`);
	if (state.screen === 'reader' && state.reading) {
		// One file: its name says where it is.
		const where = state.single ? state.reading.path : categoryPath(state.reading) || uncategorizedLabel;
		return `${where}   ${position(state.selected, state.visible.length)}`;
	}
	if (state.screen === 'help') return '帮助';
	if (state.screen === 'problems') return '读取问题';
	const row = state.categories[state.category];
	const where = row && row.path.length > 0 ? [allLabel, ...row.path].join(' › ') : (row?.label ?? allLabel);
	const filter = state.filter ? `   过滤：${state.filter}` : '';
	const order = `   ${orderLabels[state.order]}`;
	const problems = state.warnings.length > 0 ? `   ${state.warnings.length} 个问题(!)` : '';
	return `${where}   ${position(state.selected, state.visible.length)}${order}${filter}${problems}`;
}

export function Header({state, width}: {state: State; width: number}) {
	return (
		<Text>
			<Text bold inverse>
				{' wxnews '}
			</Text>{' '}
			{truncate(headerText(state), width - 9)}
		</Text>
	);
}
