import {useLayoutEffect, useState} from 'react';
import {readFullArticle} from '../core/catalog/full-articles.js';
import type {Article, ArticleMeta} from '../core/reading/article.js';

/**
 * The open article with its body, read from disk in a layout effect: not during render, and before the frame that
 * opened it reaches the terminal, so the list never flashes between the two.
 */
export function useArticle(root: string, meta: ArticleMeta | undefined): Article | undefined {
	const [read, setRead] = useState<{meta: ArticleMeta; article: Article}>();
	useLayoutEffect(() => {
		if (meta) setRead({meta, article: readFullArticle(root, meta)});
	}, [root, meta]);
	// Until the read lands, an older article is not shown under the new one's header.
	return meta && read?.meta === meta ? read.article : undefined;
}
