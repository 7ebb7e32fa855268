import type {Article, ArticleMeta} from '../reading/article.js';
import {readArticleFile, type ReadOptions} from '../reading/load.js';

// Bodies are read when an article is opened and a few are kept, so that
// paging back and forth costs nothing and memory stays bounded.
const capacity = 32;
// Keyed by the list entry itself: a reload makes new entries for changed files, so an edited file is read again.
const recent = new Map<ArticleMeta, Article>();

// How files of an archive are opened (--follow-symlinks), as the catalog was told: the reader has only a list entry.
const readOptions = new Map<string, ReadOptions>();

export function setReadOptions(root: string, options: ReadOptions): void {
	readOptions.set(root, options);
}

/** The full article behind a list entry, read from disk (at most `capacity` kept). */
export function readFullArticle(root: string, meta: ArticleMeta, options = readOptions.get(root)): Article {
	let article = recent.get(meta);
	if (article) {
		recent.delete(meta);
	} else {
		// By the entry's bytes when its name is not UTF-8, never by the decoded name.
		const {article: read, warnings} = readArticleFile(root, meta, options);
		// What is on disk now; if the file vanished since it was listed, what the list knew and why.
		article = read ?? {...meta, body: `[无法读取：${warnings[0]?.message ?? '未知错误'}]`};
		if (recent.size >= capacity) recent.delete(recent.keys().next().value!);
	}
	recent.set(meta, article);
	return article;
}
