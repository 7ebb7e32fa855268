import type {MarkView, Place} from '../core/marks/marks-store.js';
import {pathKey, rowKey, starredLabel, unfoldedRows, type CategoryRow} from '../core/search/categories.js';
import type {State} from './state.js';

// The category tree of the screen state: the 收藏 row, folding, and finding a row again after a reload.

/** The 收藏 row, after 全部文章, with the count of starred articles. */
export function withStarredRow(tree: readonly CategoryRow[], marks: MarkView): CategoryRow[] {
	const rows = tree.filter((row) => !row.starred);
	const count = marks.starred().size;
	return [rows[0]!, {path: [], label: starredLabel, depth: 1, count, starred: true}, ...rows.slice(1)];
}

export function sameRow(row: CategoryRow, place: Place): boolean {
	if (place.row === 'starred') return row.starred === true;
	if (place.row === 'uncategorized') return row.uncategorized === true;
	return !row.starred && !row.uncategorized && pathKey(row.path) === pathKey(place.category);
}

/** Whether `row` is `wanted` or above it. */
export const inPath = (wanted: CategoryRow, row: CategoryRow) => row.path.every((name, i) => wanted.path[i] === name);

/** The shown rows after the folding changed, keeping the chosen row (or the row it was folded into). */
export function withFolded(state: State, folded: ReadonlySet<string>, tree = state.tree): Partial<State> {
	const chosen = state.categories[state.category];
	const categories = unfoldedRows(tree, folded);
	let category = chosen ? categories.findIndex((row) => rowKey(row) === rowKey(chosen)) : 0;
	if (category === -1 && chosen) {
		// Folded away: the nearest shown row above it.
		const above = categories.filter((row) => row.path.length > 0 && inPath(chosen, row));
		category = above.length > 0 ? categories.indexOf(above.at(-1)!) : 0;
	}
	return {tree, folded, categories, category: Math.max(0, category)};
}

/** z: fold or unfold the chosen row; Z: fold everything when anything is open, else unfold everything. */
export function fold(state: State, which: 'selected' | 'all'): State {
	const row = state.categories[state.category];
	let folded: Set<string>;
	if (which === 'all') {
		const parents = state.tree.filter((each) => each.parent).map(rowKey);
		folded = parents.some((key) => !state.folded.has(key)) ? new Set(parents) : new Set();
	} else {
		if (!row?.parent) return state;
		folded = new Set(state.folded);
		if (!folded.delete(rowKey(row))) folded.add(rowKey(row));
	}
	return {...state, ...withFolded(state, folded)};
}
