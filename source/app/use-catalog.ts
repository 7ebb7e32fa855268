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

	const reloads = useRef(0);

	const {settle, replace} = useMemo(() => {
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
		 * Make `next` the catalog in place of `replaced`. A reload stops the catalog it replaces; the rest of the cache or
		 * a check takes over from a quick start that never indexed (and settles its `indexed`).
		 */
		const replace = (replaced: Catalog, next: Catalog, show: boolean, retire = true) => {
			if (replaced.verified) replaced.stop();
			if (retire) replaced.retire();
			current.current = next;
			if (show) dispatch({type: 'load', articles: next.articles, warnings: next.warnings, search: next.search});
			settle(next);
		};

		/** `next` in place of `expected`, if that is still the current catalog; else it is dropped. */
		const adopt = (expected: Catalog, next: Catalog, show: boolean) => {
			if (!reports(expected)) {
				next.stop();
				return;
			}
			if (next !== expected) replace(expected, next, show);
		};
		return {settle, adopt, replace};
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

	return useMemo(() => {
		const reload = (previous: Catalog) => {
			const reloading = ++reloads.current;
			void Catalog.open(previous.root, {cacheFile: previous.cacheFile, previous}).then((next) => {
				// The newest reload takes over from whatever came meanwhile (a check after a quick start read the same
				// disk before it).
				const replaced = current.current;
				if (!live.current || reloading !== reloads.current || !replaced) {
					next.stop();
					return;
				}
				// What the replaced catalog tracked is not read again, unless it is not verified: its check, still under way,
				// reads it.
				replace(replaced, next, true, replaced.verified);
				const added = next.articles.length - previous.articles.length;
				const change = added === 0 ? '' : `（${added > 0 ? '+' : ''}${added}）`;
				dispatch({type: 'notice', text: `已重新读取：${next.articles.length} 篇${change}`});
			});
		};
		return () => {
			const previous = current.current;
			if (!previous) return;
			dispatch({type: 'notice', text: '重新读取中…'});
			// A list still read from the cache is read to its end first (and made the catalog): a reload reads from the
			// disk only what the cache does not hold, and counts what it added against the whole.
			if (previous.partial) void previous.complete().then(() => current.current && reload(current.current));
			else reload(previous);
		};
	}, [dispatch, replace]);
}
