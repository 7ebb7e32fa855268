import {promises as fs} from 'node:fs';
import path from 'node:path';
import {parseArticle, type Article} from './article.js';
import {decodeBytes} from './decode.js';
import {truncatedNotice} from './render.js';
import {sanitizeLine} from './sanitize.js';

export const articleExtensions = new Set(['.md', '.markdown', '.html', '.htm', '.txt']);

/** Largest file read whole; beyond it only the head is read (and the article says so). */
export const maxFileBytes = 8 * 1024 * 1024;

export type Warning = {path: string; message: string};

/** Every article file below `root`, sorted, following symlinks but never into a loop. */
export async function* articleFiles(root: string, onWarning: (warning: Warning) => void): AsyncGenerator<string> {
	const visited = new Set<string>();
	async function* walk(folder: string): AsyncGenerator<string> {
		let real: string;
		let entries;
		try {
			real = await fs.realpath(folder);
			if (visited.has(real)) return;
			visited.add(real);
			entries = await fs.readdir(folder, {withFileTypes: true});
		} catch (error) {
			onWarning({path: relative(root, folder), message: describe(error)});
			return;
		}
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
			const full = path.join(folder, entry.name);
			let isDirectory = entry.isDirectory();
			let isFile = entry.isFile();
			if (entry.isSymbolicLink()) {
				try {
					const stat = await fs.stat(full);
					isDirectory = stat.isDirectory();
					isFile = stat.isFile();
				} catch {
					onWarning({
						path: relative(root, full),
						message: 'broken symbolic link',
					});
					continue;
				}
			}
			if (isDirectory) yield* walk(full);
			else if (isFile && articleExtensions.has(path.extname(entry.name).toLowerCase())) yield full;
		}
	}
	yield* walk(root);
}

function relative(root: string, file: string): string {
	return sanitizeLine(path.relative(root, file).split(path.sep).join('/')) || '.';
}

function describe(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT') return 'vanished while the archive was read';
	if (code === 'EACCES' || code === 'EPERM') return 'not readable (permission denied)';
	if (code === 'EISDIR') return 'is a folder';
	return error instanceof Error ? sanitizeLine(error.message) : 'unreadable';
}

export type FileResult = {article?: Article; warnings: Warning[]};

/** Read and parse one file. Never throws: problems come back as warnings. */
export async function readArticle(root: string, file: string): Promise<FileResult> {
	const rel = relative(root, file);
	let bytes: Uint8Array;
	let truncated = false;
	try {
		const handle = await fs.open(file, 'r');
		try {
			const {size} = await handle.stat();
			const length = Math.min(size, maxFileBytes);
			const buffer = Buffer.alloc(length);
			const {bytesRead} = await handle.read(buffer, 0, length, 0);
			bytes = buffer.subarray(0, bytesRead);
			truncated = size > maxFileBytes;
		} finally {
			await handle.close();
		}
	} catch (error) {
		return {warnings: [{path: rel, message: describe(error)}]};
	}
	const decoded = decodeBytes(bytes);
	if ('error' in decoded) return {warnings: [{path: rel, message: decoded.error}]};
	if (decoded.text.trim() === '') return {warnings: [{path: rel, message: 'empty file'}]};
	const {article, problems} = parseArticle(rel, decoded.text);
	const warnings = problems.map((message) => ({path: rel, message}));
	if (decoded.encoding !== 'utf-8') warnings.push({path: rel, message: `read as ${decoded.encoding}`});
	if (truncated) {
		warnings.push({
			path: rel,
			message: `larger than ${maxFileBytes / 1024 / 1024} MB: only the start is read`,
		});
		article.body += `\n\n${truncatedNotice}`;
	}
	return {article, warnings};
}

/** Newest first; undated articles after dated ones; ties by path. */
export function byDate(a: Article, b: Article): number {
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

export async function loadArchive(root: string): Promise<Archive> {
	const warnings: Warning[] = [];
	const articles: Article[] = [];
	const files: string[] = [];
	for await (const file of articleFiles(root, (warning) => warnings.push(warning))) files.push(file);
	// A few reads in flight at once: enough to hide I/O latency, few enough to keep memory flat.
	const concurrency = 16;
	let next = 0;
	await Promise.all(
		Array.from({length: concurrency}, async () => {
			while (next < files.length) {
				const result = await readArticle(root, files[next++]!);
				if (result.article) articles.push(result.article);
				warnings.push(...result.warnings);
			}
		}),
	);
	articles.sort(byDate);
	warnings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return {root, articles, warnings};
}
