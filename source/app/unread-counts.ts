import type {ArticleMeta} from '../core/reading/article.js';
import type {MarkView} from '../core/marks/marks-store.js';
import {pathKey, rowKey} from '../core/search/categories.js';

const allKey = rowKey({path: [], label: '', depth: 0, count: 0});
const starredKey = rowKey({path: [], label: '', depth: 1, count: 0, starred: true});
const uncategorizedKey = rowKey({path: [], label: '', depth: 1, count: 0, uncategorized: true});

/** Unread articles below each category row, by rowKey: the counts beside the category tree. */
export function countUnread(articles: readonly ArticleMeta[], marks: MarkView): Map<string, number> {
	// Counted by category list first: articles of one path share one list (shared-lists.ts), so a million articles
	// make a few hundred entries here, and each list's row keys are made once.
	const byList = new Map<readonly string[], number>();
	let all = 0;
	let starred = 0;
	for (const article of articles) {
		if (marks.isRead(article.path)) continue;
		all++;
		if (marks.isStarred(article.path)) starred++;
		byList.set(article.categories, (byList.get(article.categories) ?? 0) + 1);
	}
	const counts = new Map<string, number>();
	const add = (key: string, count: number) => counts.set(key, (counts.get(key) ?? 0) + count);
	if (all > 0) add(allKey, all);
	if (starred > 0) add(starredKey, starred);
	for (const [categories, count] of byList) {
		if (categories.length === 0) add(uncategorizedKey, count);
		for (let depth = 1; depth <= categories.length; depth++) add(pathKey(categories.slice(0, depth)), count);
	}
	return counts;
}
