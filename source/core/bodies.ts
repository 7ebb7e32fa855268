import type {Article, ArticleMeta} from './article.js';
import {readArticleFile} from './load.js';

// Bodies are read when an article is opened and a few are kept, so that
// paging back and forth costs nothing and memory stays bounded.
const capacity = 32;
const recent = new Map<string, Article>();

/** The full article behind a list entry, read from disk (at most `capacity` kept). */
export function openArticle(root: string, meta: ArticleMeta): Article {
	const key = `${root}\u0000${meta.file}`;
	let article = recent.get(key);
	if (article) {
		recent.delete(key);
	} else {
		const {article: read, warnings} = readArticleFile(root, meta.file);
		// The file may have changed or vanished since it was listed: show what the list knew.
		article = read
			? {...read, ...meta, body: read.body}
			: {...meta, body: `[无法读取：${warnings[0]?.message ?? '未知错误'}]`};
		if (recent.size >= capacity) recent.delete(recent.keys().next().value!);
	}
	recent.set(key, article);
	return article;
}
