// The unread counts beside the category tree, counted by shared category list, against a count article by article.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ArticleMeta} from '../../source/core/reading/article.js';
import type {MarkView} from '../../source/core/marks/marks-store.js';
import {sharedLists} from '../../source/core/reading/shared-lists.js';
import {rowKey} from '../../source/core/search/categories.js';
import {countUnread} from '../../source/app/unread-counts.js';
import {seededRandom} from '../helpers/random.js';

/** Each unread article adds one to every row above it: all, starred, uncategorized, each prefix of its path. */
function countOneByOne(articles: ArticleMeta[], marks: MarkView): Map<string, number> {
	const counts = new Map<string, number>();
	const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
	for (const article of articles) {
		if (marks.isRead(article.path)) continue;
		add(rowKey({path: [], label: '', depth: 0, count: 0}));
		if (marks.isStarred(article.path)) add(rowKey({path: [], label: '', depth: 1, count: 0, starred: true}));
		if (article.categories.length === 0) {
			add(rowKey({path: [], label: '', depth: 1, count: 0, uncategorized: true}));
		}
		for (let depth = 1; depth <= article.categories.length; depth++) {
			add(rowKey({path: article.categories.slice(0, depth), label: '', depth, count: 0}));
		}
	}
	return counts;
}

test('unread counts by category list equal a count article by article, shared lists or not', () => {
	const random = seededRandom(12);
	const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
	const lists = sharedLists();
	const articles: ArticleMeta[] = [];
	for (let i = 0; i < 3000; i++) {
		const depth = Math.floor(random() * 4);
		const categories = Array.from({length: depth}, (_, d) => pick([`科技${d}`, `金融${d}`, '新媒体', 'a\u0000b']));
		articles.push({
			id: String(i),
			file: `${i}.md`,
			path: `${i}.md`,
			title: String(i),
			// Half share one list per path, as a catalog's do; half have lists of their own.
			categories: random() < 0.5 ? lists(categories) : categories,
			tags: [],
			format: 'markdown',
		});
	}
	for (const share of [0, 0.3, 1]) {
		const read = new Set(articles.filter(() => random() < share).map((article) => article.path));
		const starred = new Set(articles.filter(() => random() < 0.2).map((article) => article.path));
		const marks = {isRead: (file: string) => read.has(file), isStarred: (file: string) => starred.has(file)};
		const expected = countOneByOne(articles, marks as MarkView);
		assert.deepEqual(countUnread(articles, marks as MarkView), expected, `read share ${share}`);
		assert.ok(share === 1 ? expected.size === 0 : expected.size > 10);
	}
});
