import {closeSync, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';
import {setImmediate as yieldToEventLoop} from 'node:timers/promises';
import {parseArticle, type Article} from './article.js';
import {endCutBody} from './cut-body.js';
import {decodeBytes} from './decode.js';
import {sanitizeLine, sanitizePath} from '../text/sanitize.js';

export const articleExtensions = new Set(['.md', '.markdown', '.html', '.htm', '.txt']);

/** Largest file read whole; beyond it only the head is read (and the article says so). */
export const maxFileBytes = 8 * 1024 * 1024;

/** Where a body was cut (here, or by the renderer's cap), so the reader knows text is missing. */
export const truncatedNotice = '[…正文过长，其余部分未显示]';

/** By extension, compared without case; `.md` alone is a (nameless) article too. */
function isArticleName(name: string): boolean {
	const dot = name.lastIndexOf('.');
	return dot !== -1 && articleExtensions.has(name.slice(dot).toLowerCase());
}

export type Warning = {path: string; message: string};

/** One article file found below the root. `file` is relative to the root, as on disk. `ctimeMs` and `ino` let the
 * cache notice what keeps the mtime (chmod, a file replaced by another). */
export type FileInfo = {file: string; size: number; mtimeMs: number; ctimeMs: number; ino: number};

// Reads are synchronous on purpose: for many small files they are about
// twenty times faster than fs.promises (one thread-pool round trip per
// open, stat, read and close). Callers that must stay responsive work in
// chunks and yield between them.

function describe(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT') return 'vanished while the archive was read';
	if (code === 'EACCES' || code === 'EPERM') return 'not readable (permission denied)';
	if (code === 'EISDIR') return 'is a folder';
	if (code === 'ELOOP') return 'symbolic link loop';
	return error instanceof Error ? sanitizeLine(error.message) : 'unreadable';
}

// Warnings name a file as the article's `path` does: exactly, but for control characters.
const shown = (file: string) => sanitizePath(file.split(path.sep).join('/')) || '.';

/** Every article file below `root`, sorted by path, following symbolic links but never into a loop. */
export function scanArchive(root: string, onWarning: (warning: Warning) => void): FileInfo[] {
	const found: FileInfo[] = [];
	const visited = new Set<string>();
	const walk = (relative: string) => {
		const folder = path.join(root, relative);
		let names: string[];
		try {
			const real = realpathSync(folder);
			if (visited.has(real)) return;
			visited.add(real);
			names = readdirSync(folder);
		} catch (error) {
			onWarning({path: shown(relative), message: describe(error)});
			return;
		}
		names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		for (const name of names) {
			// Dot-folders (.git, .obsidian) and node_modules hold no articles; a dot-named file (`.NET 漏洞.md`) is one.
			if (name === 'node_modules' || (name.startsWith('.') && !isArticleName(name))) continue;
			const file = relative ? path.join(relative, name) : name;
			let stat;
			try {
				stat = statSync(path.join(root, file));
			} catch (error) {
				const message = describe(error);
				onWarning({path: shown(file), message: message.startsWith('vanished') ? 'broken symbolic link' : message});
				continue;
			}
			if (stat.isDirectory()) {
				if (!name.startsWith('.')) walk(file);
			} else if (stat.isFile() && isArticleName(name)) {
				// Whole milliseconds: what every file system and copy tool keeps.
				found.push({
					file: file.split(path.sep).join('/'),
					size: stat.size,
					mtimeMs: Math.round(stat.mtimeMs),
					ctimeMs: stat.ctimeMs,
					ino: stat.ino,
				});
			}
		}
	};
	walk('');
	return found;
}

export type FileResult = {article?: Article; warnings: Warning[]};

/** Read and parse one file. Never throws: problems come back as warnings. */
export function readArticleFile(root: string, file: string): FileResult {
	const rel = shown(file);
	let bytes: Buffer;
	let truncated: boolean;
	try {
		const fd = openSync(path.join(root, file), 'r');
		try {
			const {size} = fstatSync(fd);
			bytes = Buffer.allocUnsafe(Math.min(size, maxFileBytes));
			bytes = bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0));
			truncated = size > maxFileBytes;
		} finally {
			closeSync(fd);
		}
	} catch (error) {
		return {warnings: [{path: rel, message: describe(error)}]};
	}
	// A partial read is cut at a character boundary (not a line end: a body of one long line would be lost).
	const decoded = decodeBytes(bytes, truncated);
	if ('error' in decoded) return {warnings: [{path: rel, message: decoded.error}]};
	if (decoded.text.trim() === '') return {warnings: [{path: rel, message: 'empty file'}]};
	let parsed;
	try {
		parsed = parseArticle(file, decoded.text);
	} catch (error) {
		// parseArticle is written not to throw; this is the net under it, so one file never stops the archive.
		return {warnings: [{path: rel, message: `unreadable: ${describe(error)}`}]};
	}
	const {article, problems} = parsed;
	if (decoded.encoding !== 'utf-8') problems.push(`read as ${decoded.encoding}`);
	if (truncated) {
		problems.push(`larger than ${maxFileBytes / 1024 / 1024} MB: only the start is read`);
		article.body = `${endCutBody(article.body, article.format)}\n\n${article.format === 'html' ? `<p>${truncatedNotice}</p>` : truncatedNotice}`;
	}
	// One line per file, however many problems it has.
	return {article, warnings: problems.length > 0 ? [{path: rel, message: sanitizeLine(problems.join('; '))}] : []};
}

/** Newest first; undated articles after dated ones; ties by path. */
export function byDate(a: {date?: Date; path: string}, b: {date?: Date; path: string}): number {
	const ta = a.date?.getTime();
	const tb = b.date?.getTime();
	if (ta !== tb) {
		if (ta === undefined) return 1;
		if (tb === undefined) return -1;
		return tb - ta;
	}
	return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export type Archive = {root: string; articles: Article[]; warnings: Warning[]};

/** Every article with its body, newest first. For printing; the app keeps only metadata (catalog.ts). */
export async function loadArchive(root: string): Promise<Archive> {
	const warnings: Warning[] = [];
	const articles: Article[] = [];
	const files = scanArchive(root, (warning) => warnings.push(warning));
	for (const [i, {file}] of files.entries()) {
		const result = readArticleFile(root, file);
		if (result.article) articles.push(result.article);
		warnings.push(...result.warnings);
		if (i % 500 === 499) await yieldToEventLoop();
	}
	articles.sort(byDate);
	return {root, articles, warnings};
}
