import {once} from 'node:events';
import type {Article} from '../core/reading/article.js';
import {inCategory} from '../core/search/categories.js';
import {SearchIndex, markLookup} from '../core/search/search-index.js';
import {loadArchive, readArticleFile, scanArchiveByFolder, type Warning} from '../core/reading/load.js';
import {parseQuery} from '../core/search/match.js';
import type {MarkView} from '../core/marks/marks-store.js';
import {articleText, toListLine, toRecord} from './record.js';
import {loadRenderer} from '../core/rendering/renderer.js';

export type PrintOptions = {
	folder: string;
	mode: 'json' | 'ndjson' | 'list';
	width?: number;
	filter?: string;
	category?: string;
	/** Read marks and stars (the app's, read only here): for `is:` in the filter and the records' `read`/`starred`. */
	marks?: MarkView;
	/** Follow symbolic links out of the archive (never into /proc, /sys, /dev). */
	followSymlinks?: boolean;
	/** One article file of `folder` (`wxnews article.md`): only it is printed, as text when piped. */
	file?: string;
};

/** The JSON record with the article's marks. */
function recordOf(article: Article, options: PrintOptions) {
	const {marks} = options;
	return {
		...toRecord(article, options.width),
		read: marks?.isRead(article.path) ?? false,
		starred: marks?.isStarred(article.path) ?? false,
	};
}

function warn(warning: Warning): void {
	process.stderr.write(`wxnews: warning: ${warning.path}: ${warning.message}\n`);
}

function selector(options: PrintOptions): (article: Article) => boolean {
	const query = parseQuery(options.filter ?? '');
	const index = new SearchIndex();
	const {marks} = options;
	const lookup = marks && markLookup(marks);
	return (article) => inCategory(article, options.category ?? '') && index.matchesFull(article, query, lookup);
}

async function write(text: string): Promise<void> {
	if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** `--ndjson` streams in file order, one article and one folder's list of files in memory at a time. */
async function printNdjson(options: PrintOptions): Promise<void> {
	const keep = selector(options);
	const reading = {followSymlinks: options.followSymlinks};
	for (const files of scanArchiveByFolder(options.folder, warn, reading)) {
		for (const info of files) {
			const {article, warnings} = readArticleFile(options.folder, info, reading);
			warnings.forEach(warn);
			if (article && keep(article)) await write(JSON.stringify(recordOf(article, options)) + '\n');
		}
	}
}

/** `wxnews article.md` into a pipe or with --json/--ndjson: that one article. */
async function printOne(options: PrintOptions, file: string): Promise<void> {
	const {article, warnings} = readArticleFile(options.folder, file, {followSymlinks: options.followSymlinks});
	warnings.forEach(warn);
	// Nothing to print: the warning said why.
	if (!article) return void (process.exitCode = 1);
	if (options.mode === 'list') return write(articleText(article, options.width ?? 80) + '\n');
	const record = JSON.stringify(recordOf(article, options));
	await write(options.mode === 'json' ? `[\n${record}\n]\n` : record + '\n');
}

export async function print(options: PrintOptions): Promise<void> {
	// Records and body filters render.
	await loadRenderer();
	if (options.file !== undefined) return printOne(options, options.file);
	if (options.mode === 'ndjson') return printNdjson(options);
	const archive = await loadArchive(options.folder, {followSymlinks: options.followSymlinks});
	archive.warnings.forEach(warn);
	const articles = archive.articles.filter(selector(options));
	if (options.mode === 'json') {
		// One record at a time, so a large archive is never one giant string.
		await write('[');
		for (const [i, article] of articles.entries()) {
			await write((i === 0 ? '\n' : ',\n') + JSON.stringify(recordOf(article, options)));
		}
		await write(articles.length > 0 ? '\n]\n' : ']\n');
	} else {
		for (const article of articles) await write(toListLine(article) + '\n');
	}
}
