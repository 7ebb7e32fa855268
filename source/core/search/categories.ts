import type {ArticleMeta} from '../reading/article.js';
import {foldForSearch} from './match.js';

export type CategoryRow = {
	/** The path this row stands for; empty for "all articles". */
	path: string[];
	label: string;
	depth: number;
	count: number;
	/** The row of articles with no category at all. */
	uncategorized?: boolean;
	/** It has rows below it (which folding hides). */
	parent?: boolean;
	/** The 收藏 row: the starred articles, whatever their category. */
	starred?: boolean;
};

export const allLabel = '全部文章';
export const uncategorizedLabel = '未分类';
export const starredLabel = '收藏';

type Node = {name: string; count: number; children: Map<string, Node>};

// Folders named by dates (`2025`, `2025-06`, `2025-W25`, `2025-06-19`) come first, newest first, as a reader of news
// looks for the latest; other names keep the Chinese collation order.
const dateName = /^(?:19|20)\d\d(?:-(?:W\d\d|\d\d(?:-\d\d)?))?$/;

function byName(a: string, b: string): number {
	const aDate = dateName.test(a);
	const bDate = dateName.test(b);
	if (aDate && bDate) return a < b ? 1 : a > b ? -1 : 0;
	if (aDate !== bDate) return aDate ? -1 : 1;
	return a.localeCompare(b, 'zh');
}

/** The category tree, flattened depth-first with counts; "all" first, "uncategorized" last. */
export function categoryRows(articles: readonly ArticleMeta[]): CategoryRow[] {
	const root: Node = {name: '', count: 0, children: new Map()};
	let uncategorized = 0;
	for (const article of articles) {
		if (article.categories.length === 0) {
			uncategorized++;
			continue;
		}
		let node = root;
		for (const name of article.categories) {
			let child = node.children.get(name);
			if (!child) {
				child = {name, count: 0, children: new Map()};
				node.children.set(name, child);
			}
			child.count++;
			node = child;
		}
	}

	const rows: CategoryRow[] = [{path: [], label: allLabel, depth: 0, count: articles.length}];
	const visit = (node: Node, path: string[], depth: number) => {
		const names = [...node.children.keys()].sort(byName);
		for (const name of names) {
			const child = node.children.get(name)!;
			const childPath = [...path, name];
			rows.push({path: childPath, label: name, depth, count: child.count, parent: child.children.size > 0});
			visit(child, childPath, depth + 1);
		}
	};
	visit(root, [], 1);
	if (uncategorized > 0)
		rows.push({
			path: [],
			label: uncategorizedLabel,
			depth: 1,
			count: uncategorized,
			uncategorized: true,
		});
	return rows;
}

export function inCategoryRow(article: ArticleMeta, row: CategoryRow): boolean {
	if (row.uncategorized) return article.categories.length === 0;
	return row.path.every((name, i) => article.categories[i] === name);
}

/** `--category NAME`: NAME appears in the path, written with `/` or ` › ` between levels, folded like the filter. */
export function pathContains(path: string[], name: string): boolean {
	const wanted = foldForSearch(name.trim().replace(/\s*(?:›|>|\/)\s*/g, '/'));
	return wanted === '' || foldForSearch(path.join('/')).includes(wanted);
}

/** The category path as one line: `科技 › 互联网`. */
export function categoryPath(article: ArticleMeta): string {
	return article.categories.join(' › ');
}

/** `--category NAME`: NAME appears in the category path (folded like the filter). */
export function inCategory(article: ArticleMeta, name: string): boolean {
	return pathContains(article.categories, name);
}

/** The key of a category path's row (rowKey), from the path alone. */
export const pathKey = (path: readonly string[]): string => path.join('\u0000');

/** A row's identity across reloads and folding: its path (the uncategorized row marked apart from "all"). */
export function rowKey(row: CategoryRow): string {
	if (row.starred) return '\u0000starred';
	return row.uncategorized ? '\u0000uncategorized' : pathKey(row.path);
}

/** The rows shown: none below a folded row. */
export function unfoldedRows(tree: readonly CategoryRow[], folded: ReadonlySet<string>): CategoryRow[] {
	if (folded.size === 0) return [...tree];
	const shown: CategoryRow[] = [];
	let hiddenBelow = Infinity;
	for (const row of tree) {
		if (row.depth > hiddenBelow) continue;
		hiddenBelow = Infinity;
		shown.push(row);
		if (row.parent && folded.has(rowKey(row))) hiddenBelow = row.depth;
	}
	return shown;
}

/** What a new start folds: everything below the second level (a real archive's weeks and days). */
export function initiallyFolded(tree: readonly CategoryRow[]): Set<string> {
	return new Set(tree.filter((row) => row.parent && row.depth >= 2).map(rowKey));
}
