import {useEffect, useLayoutEffect, useState} from 'react';
import {readFullArticle} from '../core/catalog/full-articles.js';
import type {Article, ArticleMeta} from '../core/reading/article.js';
import {loadRenderer, rendererLoaded} from '../core/rendering/renderer.js';

/**
 * The open article with its body, read from disk in a layout effect: not during render, and before the frame that
 * opened it reaches the terminal, so the list never flashes between the two. The renderer is loaded after the first
 * frame (renderer.ts); an article opened before it is there is shown once it is.
 */
export function useArticle(root: string, meta: ArticleMeta | undefined): Article | undefined {
	const [read, setRead] = useState<{meta: ArticleMeta; article: Article}>();
	useLayoutEffect(() => {
		if (!meta) return;
		const open = () => setRead({meta, article: readFullArticle(root, meta)});
		if (rendererLoaded()) {
			open();
			return;
		}
		let live = true;
		void loadRenderer().then(() => live && open());
		return () => {
			live = false;
		};
	}, [root, meta]);
	// Until the read lands, an older article is not shown under the new one's header.
	return meta && read?.meta === meta ? read.article : undefined;
}

/** Load the renderer once the first frame is on the screen, so that the first article opens at once. */
export function useRendererSoon(): void {
	useEffect(() => {
		const timer = setTimeout(() => void loadRenderer(), 0);
		return () => clearTimeout(timer);
	}, []);
}
