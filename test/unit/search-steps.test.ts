import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Article} from '../../source/core/reading/article.js';
import {initialState, reduce, type State} from '../../source/app/state.js';
import {scanTexts} from '../../source/core/search/scan-texts.js';
import {answered, withBodies} from '../helpers/bodies.js';

// A search over more articles than a step reads finishes in steps (continueSearch) or as the body search's answers
// come (bodyResults, which useBodySearch sends a batch at a time), and the list is extended in batches: whatever the
// steps, the list it ends with is the one a single pass finds, and each list shown on the way is the start of it.

const count = 50_000;
const articles: Article[] = Array.from({length: count}, (_, i) => ({
	id: i.toString(16).padStart(16, '0'),
	file: `a/${i}.md`,
	path: `a/${i}.md`,
	title: `第 ${i} 篇${i % 3 === 0 ? '微信' : ''}${i % 7 === 0 ? '腾讯' : ''}`,
	categories: ['科技'],
	tags: [],
	date: 1.7e12 - i * 60_000,
	format: 'markdown',
	body: i % 5 === 0 ? '正文提到小程序' : '别的正文',
}));

/** Every list the state shows on the way, the last one included. */
function shownLists(state: State, advance: (state: State) => State): State['visible'][] {
	const lists = [state.visible];
	while (state.searching) {
		state = advance(state);
		lists.push(state.visible);
	}
	return lists;
}

function assertPrefixes(lists: State['visible'][], final: readonly Article[]): void {
	assert.deepEqual(
		lists.at(-1)!.map((article) => article.id),
		final.map((article) => article.id),
	);
	for (const list of lists)
		assert.ok(
			list.every((article, i) => article === final[i]),
			'a list shown is the start',
		);
	// Extended in batches, not at every step: fewer lists than steps, but more than one (the screenful first).
	assert.ok(new Set(lists).size > 1);
}

test('search steps: a filter over 50,000 titles ends with every match, in order, shown a batch at a time', () => {
	let state = reduce(initialState(articles), {type: 'setFilter', text: '微信'});
	assert.ok(state.searching, 'the first frame has a screenful, the rest comes in steps');
	const lists = shownLists(state, (current) => reduce(current, {type: 'continueSearch'}));
	assertPrefixes(
		lists,
		articles.filter((article) => article.title.includes('微信')),
	);
	state = reduce(state, {type: 'setFilter', text: '微信腾讯'});
	while (state.searching) state = reduce(state, {type: 'continueSearch'});
	assert.equal(state.visible.length, articles.filter((a) => a.title.includes('微信腾讯')).length);
});

test('search steps: body answers in small chunks make the list one answer makes', () => {
	const {search, store} = withBodies(articles);
	try {
		const start = reduce(initialState(articles, {search}), {type: 'setFilter', text: '小程序'});
		const whole = answered(start, store).visible;
		assert.equal(whole.length, count / 5);
		const lists = shownLists(start, (state) => {
			const {from, next, seq} = state.searching!;
			const size = Math.min(997, from.length - next);
			const spans = state.search.spansOf(from.slice(next, next + size));
			const bits = scanTexts(store.fd, spans, [Buffer.from('小程序')]);
			return reduce(state, {type: 'bodyResults', chunk: {seq: seq!, at: next, bits, done: next + size >= from.length}});
		});
		assertPrefixes(lists.slice(1), whole as Article[]);
	} finally {
		store.close();
	}
});

test('search steps: a few matches a step wait for more before the list is copied again', () => {
	// 10,000 matches first, then one in a thousand: after the first steps each step finds a few.
	const many: Article[] = Array.from({length: 250_000}, (_, i) => ({
		...articles[i % count]!,
		id: i.toString(16).padStart(16, '0'),
		title: i < 10_000 || i % 1000 === 0 ? `第 ${i} 篇 稀有` : `第 ${i} 篇`,
	}));
	const state = reduce(initialState(many), {type: 'setFilter', text: '稀有'});
	let steps = 0;
	const lists = shownLists(state, (current) => {
		steps++;
		return reduce(current, {type: 'continueSearch'});
	});
	assertPrefixes(
		lists,
		many.filter((article) => article.title.includes('稀有')),
	);
	assert.ok(steps >= 12, `${steps} steps`);
	// The screenful, the first step's ten thousand, one batch of the few and the end.
	assert.ok(new Set(lists).size <= 5, `${new Set(lists).size} lists for ${steps} steps`);
});
