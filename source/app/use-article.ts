import {useEffect, useState} from 'react';
import {readFullArticle} from '../core/catalog/full-articles.js';
import type {Article, ArticleMeta} from '../core/reading/article.js';

/** The open article with its body, read from disk after the frame that opened it (never during render). */
export function useArticle(root: string, meta: ArticleMeta | undefined): Article | undefined {
	const [read, setRead] = useState<{meta: ArticleMeta; article: Article}>();
	useEffect(() => {
		if (meta) setRead({meta, article: readFullArticle(root, meta)});
	}, [root, meta]);
	// Until the read lands, an older article is not shown under the new one's header.
	return meta && read?.meta === meta ? read.article : undefined;
}
