import {useEffect, useMemo, useRef, type Dispatch} from 'react';
import {Catalog, type Progress} from '../core/catalog/catalog.js';
import type {Action} from './state.js';

/**
 * Runs the catalog's side of the app: after a quick start from the cache,
 * the rest of the cache (when the first frame showed only its newest
 * entries) and the check against the disk; body indexing in the background
 * with its progress in the status line; and reloading (key r). Only the
 * newest catalog may report: an older one that finishes late is stopped and
 * ignored.
 */
export function useCatalog(catalog: Catalog | undefined, dispatch: Dispatch<Action>): () => void {
	const current = useRef(catalog);
	const live = useRef(true);

	const {settle, adopt} = useMemo(() => {
		const reports = (target: Catalog) => live.current && current.current === target;
		const index = (target: Catalog) => {
			let last = 0;
			// Progress arrives often; the list is re-filtered at most about once a second.
			const report = (progress: Progress, force = false) => {
				const now = Date.now();
				if (!force && now - last < 1000 && progress.done < progress.total) return;
				last = now;
				if (reports(target)) dispatch({type: 'indexed', progress});
			};
			// After the first frame is on the screen: warming the search up takes a while (folding 10,000 titles).
			const indexed = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => target.index(report));
			indexed
				.then(() => report({done: target.articles.length, total: target.articles.length}, true))
				.catch(() => {
					if (reports(target)) dispatch({type: 'notice', text: '正文索引失败：只按标题、作者和分类过滤'});
				});
		};

		/** What a catalog needs next: the rest of the cache, the check against the disk, or its bodies indexed. */
		const settle = (target: Catalog) => {
			if (target.partial) {
				let last = 0;
				const report = (progress: Progress) => {
					const now = Date.now();
					if (now - last < 250 || !reports(target)) return;
					last = now;
					dispatch({type: 'listing', progress});
				};
				void target.complete(report).then((whole) => adopt(target, whole, true));
			} else if (!target.verified) {
				// A quick start showed the cache; now compare it with the disk and show what changed.
				void target.check().then((checked) => {
					const differs = checked.changed || checked.warnings.length !== target.warnings.length;
					adopt(target, checked, differs);
				});
			} else index(target);
		};

		/**
		 * Make `next` the catalog, if `expected` is still the current one; else drop it. A reload stops the catalog it
		 * replaces; the rest of the cache or a check takes over from a quick start that never indexed (and settles its
		 * `indexed`).
		 */
		const adopt = (expected: Catalog, next: Catalog, show: boolean) => {
			if (!reports(expected)) {
				next.stop();
				return false;
			}
			if (next === expected) return true;
			if (expected.verified) expected.stop();
			expected.retire();
			current.current = next;
			if (show) dispatch({type: 'load', articles: next.articles, warnings: next.warnings, search: next.search});
			settle(next);
			return true;
		};
		return {settle, adopt};
	}, [dispatch]);

	useEffect(() => {
		live.current = true;
		current.current = catalog;
		if (catalog) settle(catalog);
		return () => {
			live.current = false;
			current.current?.close();
		};
	}, [catalog, settle]);

	return useMemo(
		() => () => {
			const previous = current.current;
			if (!previous) return;
			dispatch({type: 'notice', text: '重新读取中…'});
			void Catalog.open(previous.root, {cacheFile: previous.cacheFile, previous}).then((next) => {
				if (!adopt(previous, next, true)) return;
				const added = next.articles.length - previous.articles.length;
				const change = added === 0 ? '' : `（${added > 0 ? '+' : ''}${added}）`;
				dispatch({type: 'notice', text: `已重新读取：${next.articles.length} 篇${change}`});
			});
		},
		[dispatch, adopt],
	);
}
