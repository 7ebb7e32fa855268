import {hash} from 'node:crypto';
import path from 'node:path';
import type * as Entities from 'entities';
import {lazyPackage} from '../lazy-package.js';
import {parseDate} from './dates.js';
import {splitFrontMatter, splitFrontMatterHead} from './front-matter.js';
import {readMarkdownHeader, readMarkdownHeaderFields} from './wechat-header.js';
import {sanitizeLine, sanitizePath} from '../text/sanitize.js';

const entities = lazyPackage<typeof Entities>('entities');

export type Format = 'html' | 'markdown';

/** What lists, filters and headers need; the body stays on disk until an article is opened. */
export type ArticleMeta = {
	/** Stable across runs: derived from the path inside the archive. */
	id: string;
	/** The file's own path relative to the root, as on disk (never shown: it may hold control characters); a name that is not UTF-8 decoded. */
	file: string;
	/** Only when a name in the path is not UTF-8: the path's bytes in base64, which open the file (load.ts FileRef). */
	fileBytes?: string;
	/** Relative to the archive root, with `/` separators, safe to show. */
	path: string;
	title: string;
	author?: string;
	categories: string[];
	tags: string[];
	/** Milliseconds since 1970 (UTC): a number, not a Date (a Date is an object of 100 bytes, for every article). */
	date?: number;
	source?: string;
	format: Format;
};

export type Article = ArticleMeta & {
	/** The cover image's URL: only `--json` prints it, so the list (a million entries) does not keep it. */
	image?: string;
	/** The raw body (HTML or Markdown), rendered on demand. */
	body: string;
};

/**
 * A string as a copy of its own. A title cut out of a file's text is, in V8, a slice that keeps the whole text alive
 * (for 10,000 articles, about 100 MB); a copy through its UTF-16 code units (any lone surrogate too) is flat, of its
 * length, and one byte a character where it can be (a URL cut from CJK text is stored two bytes a character).
 */
const own = (text: string): string => (text.length < 13 ? text : Buffer.from(text, 'utf16le').toString('utf16le'));

const ownList = (list: string[]): string[] => list.map(own);

/** The article without its body, for keeping many in memory: no field keeps the file's text alive. */
export function metaOf(article: Article): ArticleMeta {
	// Every field, in the order the cache's entries have them too (cache.ts revive), even when undefined: one shape
	// for every entry, all its fields in the object itself (one added later goes to a second object, 40 MB for a
	// million entries).
	const meta: ArticleMeta = {
		id: article.id,
		file: article.file,
		path: article.path,
		title: own(article.title),
		author: article.author === undefined ? undefined : own(article.author),
		categories: ownList(article.categories),
		tags: ownList(article.tags),
		date: article.date,
		source: article.source === undefined ? undefined : own(article.source),
		format: article.format,
	};
	if (article.fileBytes !== undefined) meta.fileBytes = article.fileBytes;
	return meta;
}

export type Parsed = {article: Article; problems: string[]};

// A body that opens with an HTML tag is HTML; anything else is Markdown.
const htmlStart =
	/^\s*(?:<!doctype\s|<!--|<(?:html|head|body|div|p|h[1-6]|ul|ol|li|dl|table|section|article|blockquote|pre|figure|header|footer|main|nav|aside|hr|br|img|style|script|span|a|strong|b|em|i|font|center|iframe|video|picture|form|meta|link|title)[\s/>])/i;

export function detectFormat(body: string): Format {
	return htmlStart.test(body) ? 'html' : 'markdown';
}

export function articleId(relativePath: string): string {
	// From the digest's bytes: a slice of the hex string would keep all 40 characters alive, for every article.
	return hash('sha1', relativePath, 'buffer').toString('hex', 0, 8);
}

function oneLine(value: unknown, max = 500): string | undefined {
	if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
	if (typeof value !== 'string') return undefined;
	const text = sanitizeLine(entities().decodeHTML(value.slice(0, max * 4))).slice(0, max);
	return text === '' ? undefined : text;
}

function firstOf(data: Record<string, unknown>, keys: string[]): unknown {
	for (const key of keys) {
		if (Object.hasOwn(data, key) && data[key] !== null && data[key] !== '') return data[key];
	}
	return undefined;
}

/** A YAML list is one path (as Hexo reads it); a string is a one-level path. */
function stringList(value: unknown, maxItems = 10): string[] {
	if (Array.isArray(value)) {
		// Hexo also allows a list of paths; the first one is the article's place.
		if (value.length > 0 && value.every((item) => Array.isArray(item))) return stringList(value[0], maxItems);
		return value
			.slice(0, maxItems)
			.map((item) => oneLine(item, 100))
			.filter((item): item is string => item !== undefined);
	}
	const single = oneLine(value, 100);
	return single ? [single] : [];
}

/** A URL that runs something or carries its content instead of leading somewhere (whitespace inside ignored). */
export function unsafeScheme(text: string): boolean {
	return /^(?:javascript|vbscript|data):/i.test(text.replace(/\s/g, ''));
}

function url(value: unknown): string | undefined {
	const text = oneLine(value, 4000);
	return text && !unsafeScheme(text) ? text : undefined;
}

const htmlTitlePattern = /<(h1|title)[^>]*>([\s\S]{1,2000}?)<\/\1>/i;
const htmlTitleOf = (m: RegExpExecArray | null) => (m ? m[2]!.replace(/<[^>]*>/g, '') : undefined);

function htmlTitle(body: string): string | undefined {
	return htmlTitleOf(htmlTitlePattern.exec(body.slice(0, 100_000)));
}

/**
 * The same in a head: decided only when it found a title with room after it for any match that began earlier
 * (up to its first `>`, which is before this match's end, 2,000 characters and a closing tag), else undefined.
 */
function htmlTitleInHead(body: string): {title?: string} | undefined {
	const m = htmlTitlePattern.exec(body);
	return m && m.index + m[0].length + 2010 <= body.length ? {title: htmlTitleOf(m)} : undefined;
}

function folderCategories(relativePath: string): string[] {
	const folder = path.posix.dirname(relativePath);
	return folder === '.'
		? []
		: folder
				.split('/')
				.map((part) => sanitizeLine(part))
				.filter(Boolean);
}

/** Turn a file's decoded text into an article. Never throws on content. */
export function parseArticle(relativePath: string, text: string): Parsed {
	return parse(relativePath, text, true)!;
}

/**
 * The same from the head of a file's text (cut anywhere, but not all white space), for its metadata only (the body
 * is not the article's). Undefined when the rest of the text could change the metadata.
 */
export function parseArticleHead(relativePath: string, head: string): Parsed | undefined {
	return parse(relativePath, head, false);
}

function parse(relativePath: string, text: string, whole: boolean): Parsed | undefined {
	const problems: string[] = [];
	const unmarked = text.replace(/^\uFEFF/, '');
	const normalized = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
	const front = whole ? splitFrontMatter(normalized) : splitFrontMatterHead(normalized);
	if (!front) return undefined;
	if (front.problem) problems.push(front.problem);
	const data = front.data;

	let body = front.body;
	// The format is told by the body's first characters: a head must hold them (the longest tag is 12 long).
	if (!whole) {
		const first = body.search(/\S/);
		if (first === -1 || body.length - first < 16) return undefined;
	}
	const format = detectFormat(body);
	const rawTitle = firstOf(data, ['title']);
	let title = oneLine(rawTitle);
	if (rawTitle !== undefined && title === undefined) problems.push('title is not text');
	const rawDate = firstOf(data, ['date', 'published', 'pubDate', 'created']);
	let author = oneLine(firstOf(data, ['author', 'authors']), 200);
	let date = parseDate(rawDate);
	if (rawDate !== undefined && date === undefined)
		problems.push(
			`date not understood: ${typeof rawDate === 'string' ? sanitizeLine(rawDate).slice(0, 40) : `a ${Array.isArray(rawDate) ? 'list' : typeof rawDate}`}`,
		);
	let source = url(firstOf(data, ['source', 'link', 'url', 'original', 'original_url', 'source_url']));

	if (format === 'markdown') {
		// A head's fields only (its body is not the article's), from its whole lines.
		const header = whole
			? readMarkdownHeader(body)
			: readMarkdownHeaderFields(body.slice(0, body.lastIndexOf('\n') + 1));
		if (!header) return undefined;
		body = header.body;
		title ??= oneLine(header.title);
		source ??= url(header.source);
		author ??= oneLine(header.author, 200);
		date ??= header.date;
	} else if (title === undefined) {
		const found = whole ? {title: htmlTitle(body)} : htmlTitleInHead(body);
		if (!found) return undefined;
		title = oneLine(found.title);
	}

	// The path names the file exactly (runs of spaces and all); only a control character is replaced, and said so.
	const shownPath = sanitizePath(relativePath);
	if (shownPath !== relativePath) problems.push('the file name holds control characters, shown as \uFFFD');
	const fileName = path.posix.basename(relativePath).replace(/\.[^.]+$/, '');
	const categories = stringList(firstOf(data, ['categories', 'category']));

	return {
		article: {
			id: articleId(relativePath),
			file: relativePath,
			path: shownPath,
			title: title ?? (sanitizeLine(fileName) || '(untitled)'),
			author,
			categories: categories.length > 0 ? categories : folderCategories(relativePath),
			tags: stringList(firstOf(data, ['tags', 'tag']), 50),
			date: date?.getTime(),
			source,
			image: url(firstOf(data, ['headimg', 'thumbnail', 'cover', 'image', 'banner'])),
			format,
			body,
		},
		problems,
	};
}
