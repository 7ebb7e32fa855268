import {useCallback, useEffect, useRef, type Dispatch} from 'react';
import {Catalog, type Progress} from '../core/catalog.js';
import type {Action} from './state.js';

/**
 * Runs the catalog's side of the app: body indexing in the background with
 * its progress in the status line, and reloading (key r) to pick up files
 * added, changed or removed while the app runs.
 */
export function useCatalog(catalog: Catalog | undefined, dispatch: Dispatch<Action>): () => void {
	const current = useRef(catalog);

	const index = useCallback(
		(target: Catalog) => {
			let last = 0;
			let pending: Progress | undefined;
			// Progress arrives often; the list is re-filtered at most about once a second.
			const report = (progress: Progress, force = false) => {
				pending = progress;
				const now = Date.now();
				if (force || now - last > 1000 || progress.done === progress.total) {
					last = now;
					if (current.current === target) dispatch({type: 'indexed', progress: pending});
				}
			};
			target
				.index(report)
				.then(() => report({done: target.articles.length, total: target.articles.length}, true))
				.catch(() => dispatch({type: 'notice', text: '正文索引失败：只按标题、作者和分类过滤'}));
		},
		[dispatch],
	);

	useEffect(() => {
		if (!catalog) return;
		if (catalog.verified) index(catalog);
		else {
			// A quick start showed the cache; now compare it with the disk and show what changed.
			void catalog.check().then((checked) => {
				if (current.current !== catalog) return;
				current.current = checked;
				if (checked.changed) dispatch({type: 'load', articles: checked.articles, warnings: checked.warnings});
				index(checked);
			});
		}
		return () => current.current?.stop();
	}, [catalog, index, dispatch]);

	return useCallback(() => {
		const previous = current.current;
		if (!previous) return;
		dispatch({type: 'notice', text: '重新读取中…'});
		void Catalog.open(previous.root, {cacheFile: previous.cacheFile, previous}).then((next) => {
			previous.stop();
			current.current = next;
			dispatch({type: 'load', articles: next.articles, warnings: next.warnings});
			const added = next.articles.length - previous.articles.length;
			dispatch({
				type: 'notice',
				text: `已重新读取：${next.articles.length} 篇${added === 0 ? '' : `（${added > 0 ? '+' : ''}${added}）`}`,
			});
			index(next);
		});
	}, [dispatch, index]);
}
