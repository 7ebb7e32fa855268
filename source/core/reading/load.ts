import {
	closeSync,
	constants,
	fstatSync,
	lstatSync,
	openSync,
	readSync,
	readdirSync,
	realpathSync,
	statSync,
	type Dirent,
	type Stats,
} from 'node:fs';
import path from 'node:path';
import {setImmediate as yieldToEventLoop} from 'node:timers/promises';
import {isUtf8} from 'node:buffer';
import {
	articleId,
	metaOf,
	parseArticle,
	parseArticleHead,
	type Article,
	type ArticleMeta,
	type Parsed,
} from './article.js';
import {endCutBody} from './cut-body.js';
import {decodeBytes, looksBinary, utf8Boundary, utf8Text} from './decode.js';
import {decodeName, nameWarning} from './file-names.js';
import {sanitizeLine, sanitizePath} from '../text/sanitize.js';

export const articleExtensions = new Set(['.md', '.markdown', '.html', '.htm', '.txt']);

/** Largest file read whole; beyond it only the head is read (and the article says so). */
export const maxFileBytes = 8 * 1024 * 1024;

/** Where a body was cut (here, or by the renderer's cap), so the reader knows text is missing. */
export const truncatedNotice = '[…正文过长，其余部分未显示]';

/** By extension, compared without case; `.md` alone is a (nameless) article too. */
export function isArticleName(name: string): boolean {
	const dot = name.lastIndexOf('.');
	return dot !== -1 && articleExtensions.has(name.slice(dot).toLowerCase());
}

export type Warning = {path: string; message: string};

/** How symbolic links are treated. */
export type ReadOptions = {
	/** Follow links that lead outside the archive too (never into /proc, /sys or /dev). */
	followSymlinks?: boolean;
};

/**
 * Which file: its path relative to the root, `/`-separated (`file`: as on disk, but for a name that is not UTF-8,
 * which is decoded) and, only when a name in it is not UTF-8, the path's bytes on disk in base64 (`fileBytes`): they,
 * never the decoded name, open it. A string, so that it survives the cache's JSON and a worker's message.
 */
export type FileRef = {file: string; fileBytes?: string};

/** One article file found below the root. `ctimeMs` and `ino` let the cache notice what keeps the mtime (chmod, a
 * file replaced by another). */
export type FileInfo = FileRef & {size: number; mtimeMs: number; ctimeMs: number; ino: number};

/** A key that tells apart two files whose names decode alike (one UTF-8, one GBK). */
export const fileKey = ({file, fileBytes}: FileRef): string => (fileBytes === undefined ? file : `\0${fileBytes}`);

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

/** What a file that is not a regular one is; reading a FIFO or a device would block, or worse. */
function kind(stat: Stats): string {
	if (stat.isDirectory()) return 'is a folder';
	if (stat.isFIFO()) return 'not a regular file (FIFO)';
	if (stat.isSocket()) return 'not a regular file (socket)';
	if (stat.isCharacterDevice()) return 'not a regular file (character device)';
	if (stat.isBlockDevice()) return 'not a regular file (block device)';
	return 'not a regular file';
}

// Warnings name a file as the article's `path` does: exactly, but for control characters.
// Where the separator is `/` the name is its own path (one string for both, not a copy), when it is safe to show.
const shown = (file: string) => sanitizePath(path.sep === '/' ? file : file.split(path.sep).join('/')) || '.';

const slash = Buffer.from('/');
// Real paths are compared as latin1 strings: one character per byte, whatever the names' encoding.
const realOf = (full: string | Buffer) => realpathSync.native(full, {encoding: 'buffer'}).toString('latin1');
const systemFolder = /^\/(?:proc|sys|dev)(?=\/|$)/;

// The root's real path, once per root: every open compares against it.
const realRoots = new Map<string, string>();
function realRootOf(root: string): string {
	let real = realRoots.get(root);
	if (real === undefined) realRoots.set(root, (real = realOf(root)));
	return real;
}

/**
 * Why a real path must not be read, or undefined. Inside the archive's real root is always fine; elsewhere only
 * with `followSymlinks`, and never /proc, /sys or /dev (endless or blocking files), unless the archive is there.
 */
function refusal(real: string, realRoot: string, options: ReadOptions, link: boolean): string | undefined {
	const system = systemFolder.exec(real)?.[0];
	if (system && !`${realRoot}/`.startsWith(`${system}/`))
		return link ? `symbolic link leads into ${system}, never followed` : `${system} is never read`;
	const inside = real === realRoot || real.startsWith(realRoot === '/' ? '/' : `${realRoot}/`);
	if (!inside && !options.followSymlinks) return 'symbolic link leads outside the archive';
	return undefined;
}

/**
 * A file's full path: a string for a UTF-8 path (most, and faster), else bytes, built from the root's and the
 * relative path's bytes; never from a decoded name.
 */
function fullPath(root: string, relative: string, relativeBytes: Buffer | undefined): string | Buffer {
	// Joined, not normalised (path.join's normalising was a tenth of a scan): the OS resolves any `..` as it opens.
	if (relativeBytes === undefined)
		return relative ? (root.endsWith('/') ? root + relative : `${root}/${relative}`) : root;
	const rootBytes = Buffer.from(root);
	return rootBytes.at(-1) === 0x2f
		? Buffer.concat([rootBytes, relativeBytes])
		: Buffer.concat([rootBytes, slash, relativeBytes]);
}

/**
 * Every article file below `root`, sorted by path. Names are read as bytes (a GBK name is decoded, and opened by its
 * bytes). Symbolic links are followed only to where `refusal` allows, and never into a loop. Nothing is opened here:
 * a FIFO or a device named like an article is only reported.
 */
export function scanArchive(
	root: string,
	onWarning: (warning: Warning) => void,
	options: ReadOptions = {},
): FileInfo[] {
	const found: FileInfo[] = [];
	for (const _folder of scanning(root, onWarning, options, found));
	return found;
}

/**
 * The same scan, the files found a folder at a time, in the same order: `--ndjson` streams a million files without
 * holding their list (300 MB).
 */
export function* scanArchiveByFolder(
	root: string,
	onWarning: (warning: Warning) => void,
	options: ReadOptions = {},
): Generator<FileInfo[]> {
	const found: FileInfo[] = [];
	for (const _folder of scanning(root, onWarning, options, found)) if (found.length > 0) yield found.splice(0);
}

/**
 * The same scan, handing the event loop back every few milliseconds (keys stay answered while a large archive is
 * scanned: q quits at once), with the count found so far.
 */
export async function scanArchiveYielding(
	root: string,
	onWarning: (warning: Warning) => void,
	options: ReadOptions = {},
	onFound?: (count: number) => void,
): Promise<FileInfo[]> {
	const found: FileInfo[] = [];
	let last = performance.now();
	for (const _folder of scanning(root, onWarning, options, found)) {
		if (performance.now() - last < 20) continue;
		onFound?.(found.length);
		await yieldToEventLoop();
		last = performance.now();
	}
	return found;
}

/**
 * Files the scan reached from the root with no symbolic link on the way, with the device they are on. A read may
 * then open the path itself and check that it is the same file (the same device and inode), instead of resolving
 * the real path (a realpath per file is an eighth of a cold start). Kept here, not in FileInfo, so that no copy
 * (from the cache or a worker's message) can claim it.
 */
const directFiles = new WeakMap<FileInfo, number>();

/** The scan itself, a step per folder. */
function* scanning(
	root: string,
	onWarning: (warning: Warning) => void,
	options: ReadOptions,
	found: FileInfo[],
): Generator<void> {
	const visited = new Set<string>();
	let realRoot: string;
	try {
		realRoot = realOf(root);
		realRoots.set(root, realRoot);
	} catch (error) {
		onWarning({path: '.', message: describe(error)});
		return;
	}
	/**
	 * A folder by its path as shown, its bytes only once a name in it is not UTF-8, and its real path; `direct`: no
	 * symbolic link on the way from the root.
	 */
	function* walk(relative: string, relativeBytes: Buffer | undefined, real: string, direct: boolean): Generator<void> {
		let entries: Array<Dirent<Buffer>>;
		try {
			if (visited.has(real)) return;
			visited.add(real);
			entries = readdirSync(fullPath(root, relative, relativeBytes), {encoding: 'buffer', withFileTypes: true});
		} catch (error) {
			onWarning({path: shown(relative), message: describe(error)});
			return;
		}
		const named = entries.map((entry) => ({entry, ...decodeName(entry.name)}));
		named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Buffer.compare(a.entry.name, b.entry.name)));
		for (const {entry, name, encoding} of named) {
			// Dot-folders (.git, .obsidian) and node_modules hold no articles; a dot-named file (`.NET 漏洞.md`) is one.
			if (name === 'node_modules' || (name.startsWith('.') && !isArticleName(name))) continue;
			if (entry.isFile() && !isArticleName(name)) continue;
			// Joined, not concatenated: a concatenation stays two strings and an object, kept for every file.
			const file = relative ? [relative, name].join('/') : name;
			let fileBytes: Buffer | undefined;
			if (relativeBytes !== undefined || encoding !== undefined) {
				const parent = relativeBytes ?? Buffer.from(relative);
				fileBytes = relative ? Buffer.concat([parent, slash, entry.name]) : entry.name;
			}
			const full = fullPath(root, file, fileBytes);
			const warn = (message: string) => onWarning({path: shown(file), message});
			let stat: Stats | undefined;
			let target: string | undefined;
			try {
				// realpath and stat never open the file (opening a FIFO would block).
				if (entry.isSymbolicLink()) {
					target = realOf(full);
					stat = statSync(full);
				} else if (!entry.isDirectory()) {
					stat = lstatSync(full);
				}
			} catch (error) {
				const message = describe(error);
				warn(entry.isSymbolicLink() && message.startsWith('vanished') ? 'broken symbolic link' : message);
				continue;
			}
			if (!stat || stat.isDirectory()) {
				if (name.startsWith('.')) continue;
				const inner = target ?? `${real === '/' ? '' : real}/${entry.name.toString('latin1')}`;
				const refused = refusal(inner, realRoot, options, target !== undefined);
				if (refused) warn(refused);
				else yield* walk(file, fileBytes, inner, direct && target === undefined);
			} else if (isArticleName(name)) {
				const refused = target === undefined ? undefined : refusal(target, realRoot, options, true);
				if (refused) {
					warn(refused);
				} else if (stat.isFile()) {
					// Whole milliseconds: what every file system and copy tool keeps.
					const info: FileInfo = {
						file,
						size: stat.size,
						mtimeMs: Math.round(stat.mtimeMs),
						ctimeMs: stat.ctimeMs,
						ino: stat.ino,
					};
					if (fileBytes) info.fileBytes = fileBytes.toString('base64');
					if (direct && target === undefined) directFiles.set(info, stat.dev);
					found.push(info);
				} else {
					warn(kind(stat));
				}
			}
		}
		yield;
	}
	yield* walk('', undefined, realRoot, true);
}

export type FileResult = {article?: Article; warnings: Warning[]};

/** What a list needs of a file: its metadata, and the same warnings as readArticleFile. */
export type MetaResult = {meta?: ArticleMeta; warnings: Warning[]};

type Bytes = {bytes: Buffer; truncated: boolean};

const openFlags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | constants.O_NOFOLLOW;

/** The file's bytes (at most maxFileBytes) from an open descriptor, or why not: it is not a regular file. */
function readOpen(fd: number, rel: string, reuse: boolean): Bytes | {warnings: Warning[]} {
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) return {warnings: [{path: rel, message: kind(stat)}]};
		return readRegular(fd, stat.size, reuse);
	} finally {
		closeSync(fd);
	}
}

// readArticleMeta reads into one buffer, kept up to this size (a fresh buffer per file is most of a cold start's
// garbage): nothing it makes of the bytes refers to them.
const maxScratch = 1024 * 1024;
let scratch: Buffer | undefined;

function readRegular(fd: number, size: number, reuse: boolean): Bytes {
	const length = Math.min(size, maxFileBytes);
	let bytes: Buffer;
	if (reuse && length <= maxScratch) {
		if (!scratch || scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, 64 * 1024));
		bytes = scratch;
	} else {
		bytes = Buffer.allocUnsafe(length);
	}
	bytes = bytes.subarray(0, readSync(fd, bytes, 0, length, 0));
	return {bytes, truncated: size > maxFileBytes};
}

/**
 * A file the scan reached with no symbolic link, opened by its path: its bytes when the file opened is the one
 * scanned (same device and inode, still a regular file), else undefined, for the real-path check.
 */
function readDirect(where: string | Buffer, ref: FileRef | FileInfo, reuse: boolean): Bytes | undefined {
	const dev = directFiles.get(ref as FileInfo);
	if (dev === undefined) return undefined;
	let fd: number;
	try {
		fd = openSync(where, openFlags);
	} catch {
		// Gone, or a link now: the checked path says what it is.
		return undefined;
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile() || stat.ino !== (ref as FileInfo).ino || stat.dev !== dev) return undefined;
		return readRegular(fd, stat.size, reuse);
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}

/**
 * The bytes of one file, or warnings. The file is opened only if it is where the scan would go (a file replaced
 * since by a link out of the archive is refused), without blocking (a FIFO), and read only if it is a regular file.
 */
function readBytes(
	root: string,
	ref: FileRef,
	options: ReadOptions,
	rel: string,
	reuse: boolean,
): Bytes | {warnings: Warning[]} {
	const {file} = ref;
	let real: Buffer | undefined;
	try {
		const where = fullPath(root, file, ref.fileBytes === undefined ? undefined : Buffer.from(ref.fileBytes, 'base64'));
		const direct = readDirect(where, ref, reuse);
		if (direct) return direct;
		real = realpathSync.native(where, {encoding: 'buffer'});
		const refused = refusal(real.toString('latin1'), realRootOf(root), options, true);
		if (refused) return {warnings: [{path: rel, message: refused}]};
		// The real path, so that no link is followed after the check; O_NOFOLLOW for one swapped in since.
		return readOpen(openSync(real, openFlags), rel, reuse);
	} catch (error) {
		// A socket cannot be opened at all (ENXIO): say what it is.
		if ((error as NodeJS.ErrnoException).code === 'ENXIO' && real !== undefined) {
			try {
				return {warnings: [{path: rel, message: kind(statSync(real))}]};
			} catch {
				// Gone since: the open's error below.
			}
		}
		return {warnings: [{path: rel, message: describe(error)}]};
	}
}

/** The article from parsed text, with the warnings a file's name, encoding and size add. */
function finish(ref: FileRef, rel: string, parsed: Parsed, encoding: string, truncated: boolean): FileResult {
	const {article, problems} = parsed;
	if (ref.fileBytes !== undefined) {
		// Two files whose names decode alike are still two articles.
		article.id = articleId(ref.fileBytes);
		article.fileBytes = ref.fileBytes;
		const warning = nameWarning(ref.fileBytes);
		if (warning) problems.unshift(warning);
	}
	if (encoding !== 'utf-8') problems.push(`read as ${encoding}`);
	if (truncated) {
		problems.push(`larger than ${maxFileBytes / 1024 / 1024} MB: only the start is read`);
		article.body = `${endCutBody(article.body, article.format)}\n\n${article.format === 'html' ? `<p>${truncatedNotice}</p>` : truncatedNotice}`;
	}
	// One line per file, however many problems it has.
	return {article, warnings: problems.length > 0 ? [{path: rel, message: sanitizeLine(problems.join('; '))}] : []};
}

/** The article in a file's bytes. */
function articleOf(ref: FileRef, rel: string, {bytes, truncated}: Bytes): FileResult {
	// A partial read is cut at a character boundary (not a line end: a body of one long line would be lost).
	const decoded = decodeBytes(bytes, truncated);
	if ('error' in decoded) return {warnings: [{path: rel, message: decoded.error}]};
	if (decoded.text.trim() === '') return {warnings: [{path: rel, message: 'empty file'}]};
	let parsed;
	try {
		parsed = parseArticle(ref.file, decoded.text);
	} catch (error) {
		// parseArticle is written not to throw; this is the net under it, so one file never stops the archive.
		return {warnings: [{path: rel, message: `unreadable: ${describe(error)}`}]};
	}
	return finish(ref, rel, parsed, decoded.encoding, truncated);
}

/**
 * Read and parse one file. Never throws: problems come back as warnings. The file is opened only if it is where
 * the scan would go (a file replaced since by a link out of the archive is refused), without blocking (a FIFO), and
 * read only if it is a regular file.
 */
export function readArticleFile(root: string, ref: FileRef | string, options: ReadOptions = {}): FileResult {
	if (typeof ref === 'string') ref = {file: ref};
	const rel = shown(ref.file);
	const read = readBytes(root, ref, options, rel, false);
	return 'warnings' in read ? read : articleOf(ref, rel, read);
}

/**
 * Heads tried, in bytes, before the whole text: a file's metadata is in its first kilobytes, and decoding only those
 * spares a large file's decoding (a short file is decoded whole).
 */
const headSizes = [2048, 16 * 1024, 64 * 1024];

/** The metadata from a head of the text, when a head is enough to tell; undefined for the whole-text path. */
function metaFromHead(ref: FileRef, rel: string, bytes: Buffer): MetaResult | undefined {
	// UTF-16 (by its mark) and binary files, and anything not UTF-8, go the whole way, where decodeBytes tells.
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return undefined;
	if (looksBinary(bytes) || !isUtf8(bytes)) return undefined;
	for (const size of headSizes) {
		// Whole characters only.
		const cut = size >= bytes.length ? bytes.length : utf8Boundary(bytes.subarray(0, size));
		const whole = cut === bytes.length;
		const text = utf8Text(bytes, cut);
		if (text.trim() === '') {
			if (whole) return {meta: undefined, warnings: [{path: rel, message: 'empty file'}]};
			continue;
		}
		let parsed;
		try {
			parsed = whole ? parseArticle(ref.file, text) : parseArticleHead(ref.file, text);
		} catch {
			// The whole-text path says what went wrong.
			return undefined;
		}
		if (!parsed) continue;
		const {article, warnings} = finish(ref, rel, parsed, 'utf-8', false);
		return {meta: article && metaOf(article), warnings};
	}
	return undefined;
}

/**
 * The metadata of one file, exactly as `readArticleFile` then `metaOf` give it, warnings and all, but read from the
 * head of the text when that is enough. For the list of a cold start, where every file is read.
 */
export function readArticleMeta(root: string, ref: FileRef | FileInfo, options: ReadOptions = {}): MetaResult {
	const rel = shown(ref.file);
	const read = readBytes(root, ref, options, rel, true);
	if ('warnings' in read) return {meta: undefined, warnings: read.warnings};
	const fast = read.truncated ? undefined : metaFromHead(ref, rel, read.bytes);
	if (fast) return fast;
	const result = articleOf(ref, rel, read);
	return {meta: result.article && metaOf(result.article), warnings: result.warnings};
}

/** Newest first; undated articles after dated ones; ties by path. */
export function byDate(a: {date?: number; path: string}, b: {date?: number; path: string}): number {
	const ta = a.date;
	const tb = b.date;
	if (ta !== tb) {
		if (ta === undefined) return 1;
		if (tb === undefined) return -1;
		return tb - ta;
	}
	return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export type Archive = {root: string; articles: Article[]; warnings: Warning[]};

/** Every article with its body, newest first. For printing; the app keeps only metadata (catalog.ts). */
export async function loadArchive(root: string, options: ReadOptions = {}): Promise<Archive> {
	const warnings: Warning[] = [];
	const articles: Article[] = [];
	const files = scanArchive(root, (warning) => warnings.push(warning), options);
	for (const [i, info] of files.entries()) {
		const result = readArticleFile(root, info, options);
		if (result.article) articles.push(result.article);
		warnings.push(...result.warnings);
		if (i % 500 === 499) await yieldToEventLoop();
	}
	articles.sort(byDate);
	return {root, articles, warnings};
}
