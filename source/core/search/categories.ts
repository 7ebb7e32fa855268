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
};

export const allLabel = '全部文章';
export const uncategorizedLabel = '未分类';

type Node = {name: string; count: number; children: Map<string, Node>};

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
		const names = [...node.children.keys()].sort((a, b) => a.localeCompare(b, 'zh'));
		for (const name of names) {
			const child = node.children.get(name)!;
			const childPath = [...path, name];
			rows.push({path: childPath, label: name, depth, count: child.count});
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
