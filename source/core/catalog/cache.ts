import {sharedLists, type SharedLists} from '../reading/shared-lists.js';
import {randomBytes} from 'node:crypto';
import {
	chmodSync,
	closeSync,
	constants,
	fchmodSync,
	fstatSync,
	lstatSync,
	mkdirSync,
	openSync,
	readdirSync,
	renameSync,
	rmSync,
	statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {crc32} from 'node:zlib';
import {unsafeScheme, type ArticleMeta} from '../reading/article.js';
import {archiveId} from '../reading/archive-id.js';
import {utf8Text} from '../reading/decode.js';
import {readAt, readFully, writeAll} from '../reading/positional-io.js';
import type {FileInfo} from '../reading/load.js';
import {isCleanLine, sanitizeLine, sanitizePath} from '../text/sanitize.js';

// The metadata extracted from each file, keyed by path, size, mtime, ctime
// and inode, so that a second start skips parsing. One file per archive:
//   `wxnews-cache <version> <bytes of the JSON part> <its CRC-32, 8 hex digits>\n`
//   JSON part: lines of up to 100 entries, each line a JSON array
//   [strings, lists, entries]: the line's authors, category and tag names
//   once each, its category paths and tag lists as arrays of indexes into
//   strings, and entries [file, size, mtimeMs, ctimeMs, ino, meta | null,
//   warnings], meta being [id, title, author (index into strings) | null,
//   categories (index into lists), tags (index into lists), date, source,
//   format, fileBytes]
// Lines, so that a start parses and checks a hundred entries at a time: what
// JSON.parse makes of a line is garbage once its entries are checked, and dies
// young, instead of the whole parse living through the read (one array of
// 100,000 raised a cached start's peak from 180 to 270 MB). Names by index,
// because they repeat: parsed for every entry they were strings, cleaned and
// shared, then garbage (about 150 bytes an entry, and the parse of 26 more
// characters).
// Body text for search is kept apart, in the text store (text-store.ts).
// A cache that does not parse, fails its checksum or is of another version is rebuilt,
// never trusted; what it holds is cleaned as if it came from an article file, since
// anyone who can write the file can also fix its checksum.
// Writes go to a temporary file (named with the writer's pid) renamed into place.
// Bumped whenever what is extracted from a file changes, so an older cache is rebuilt.
const cacheVersion = 11;
const magic = 'wxnews-cache';

export type CacheEntry = FileInfo & {meta?: ArticleMeta; warnings: string[]};
export type CacheIndex = {path: string; entries: CacheEntry[]};

/** Shown once in the status line when there is nowhere to keep a cache. */
const noHomeNotice = '没有主目录，不使用缓存';

/** `$XDG_CACHE_HOME/wxnews` or `~/.cache/wxnews`; undefined when there is no home (and no XDG_CACHE_HOME). */
function cacheDirectory(): string | undefined {
	// The XDG spec: a relative path is invalid and ignored. So is a relative or empty home, which would put the
	// cache in whatever folder wxnews was started from.
	const xdg = process.env['XDG_CACHE_HOME'];
	if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'wxnews');
	for (const home of [() => os.homedir(), () => os.userInfo().homedir]) {
		try {
			const found = home();
			if (path.isAbsolute(found)) return path.join(found, '.cache', 'wxnews');
		} catch {
			// HOME unset and a uid with no passwd entry: uv_os_homedir returned ENOENT.
		}
	}
	return undefined;
}

/** The file in `directory` that caches `root` (by its real path). */
export function cacheFile(root: string, directory: string): string {
	return path.join(directory, archiveId(root) + '.cache');
}

/** The archive's cache file, or, when there can be none this run, why (for the status line). */
export function cacheFor(root: string): {file: string; notice?: undefined} | {file?: undefined; notice: string} {
	const directory = cacheDirectory();
	return directory ? {file: cacheFile(root, directory)} : {notice: noHomeNotice};
}

const cacheFolderMode = 0o700;
const cacheFileMode = 0o600;

/**
 * Create the cache folder private to its user. The folder cacheFor names (…/wxnews), if an older version made it
 * open to others, is tightened; any other folder a cache is put in (tests, a shared one) is left as it is.
 */
function prepareFolder(folder: string): void {
	mkdirSync(folder, {recursive: true, mode: cacheFolderMode});
	if (path.basename(folder) !== 'wxnews') return;
	const stat = statSync(folder);
	if (stat.uid === process.getuid?.() && (stat.mode & 0o777) !== cacheFolderMode) chmodSync(folder, cacheFolderMode);
}

const staleAfterMs = 60 * 60 * 1000;
const writerPid = /\.(\d+)(?:\.[0-9a-f]+)?\.tmp$/;

/** Whether no process has this pid (one of another user's counts as alive). */
export function processGone(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		// EPERM: it exists, as another user's.
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

/**
 * Remove what killed cache writes left: regular `*.tmp` files in the cache folder whose writer (the pid in the
 * name) is gone, or that are over an hour old. Nothing else there is touched, nor anything a link points to.
 */
export function removeStaleTemporaries(folder: string): void {
	const now = Date.now();
	let names: string[];
	try {
		names = readdirSync(folder);
	} catch {
		return;
	}
	for (const name of names) {
		if (!name.endsWith('.tmp')) continue;
		const file = path.join(folder, name);
		try {
			const stat = lstatSync(file);
			if (!stat.isFile()) continue;
			const pid = writerPid.exec(name)?.[1];
			const gone = pid !== undefined && Number(pid) !== process.pid && processGone(Number(pid));
			if (gone || now - stat.mtimeMs > staleAfterMs) rmSync(file, {force: true});
		} catch {
			// Vanished meanwhile, or not ours to remove.
		}
	}
}

/**
 * Open a cache file for reading without blocking (a FIFO put at its path would hang the start) and only if it is a
 * regular file.
 */
function openRegular(file: string): number | undefined {
	let fd: number;
	try {
		fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
	} catch {
		return undefined;
	}
	try {
		if (fstatSync(fd).isFile()) return fd;
	} catch {
		// Treated as no cache.
	}
	closeSync(fd);
	return undefined;
}

// A check against a torn or damaged file, not against forgery (what the cache holds is checked and cleaned anyway):
// CRC-32 reads 317 MB (a million entries) in 50 ms, SHA-256 in 160.
const checksum = (crc: number) => crc.toString(16).padStart(8, '0');

/** Thrown inside readCacheIndex for anything malformed: the whole cache is then untrusted. */
class Malformed extends Error {}

function ensure(condition: boolean): asserts condition {
	if (!condition) throw new Malformed();
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A path as scanArchive gives it: relative, `/`-separated, no empty, `.` or `..` part, no NUL (a backslash is
 * part of a name on POSIX). */
function isArchivePath(file: unknown): file is string {
	return typeof file === 'string' && !file.includes('\0') && !/(?:^|\/)\.{0,2}(?:\/|$)/.test(file);
}

// The same bounds and cleaning as the reading stage (article.ts) applies to what it takes from a file. Written as
// plain loops: this runs for every entry before the first frame, mostly before the JIT has warmed up.
function line(value: unknown, max: number): string | undefined {
	if (typeof value !== 'string') return undefined;
	// What this app wrote was cleaned when read from the article: one test instead of cleaning again.
	if (value !== '' && value.length <= max && isCleanLine(value)) return value;
	const text = sanitizeLine(value.length > max * 4 ? value.slice(0, max * 4) : value);
	if (text === '') return undefined;
	return text.length > max ? text.slice(0, max) : text;
}

/** What a value cleaned to, per length bound: authors, categories and tags repeat over many entries. */
type Seen = {author: Map<string, string | undefined>; item: Map<string, string | undefined>; lists: SharedLists};

function cleanOnce(value: string, max: number, seen: Map<string, string | undefined>): string | undefined {
	let text = seen.get(value);
	if (text === undefined && !seen.has(value)) seen.set(value, (text = line(value, max)));
	return text;
}

/** Shared by the entries with no tags (most) or categories; never changed. */
const noItems: string[] = [];

/** Categories and tags. */
function lines(value: unknown, maxItems: number, seen: Seen): string[] {
	const out: string[] = [];
	if (!Array.isArray(value)) return out;
	for (let i = 0; i < value.length && i < maxItems; i++) {
		const item: unknown = value[i];
		if (typeof item !== 'string') continue;
		const text = cleanOnce(item, 100, seen.item);
		if (text !== undefined) out.push(text);
	}
	return out.length > 0 ? seen.lists(out) : noItems;
}

function url(value: unknown): string | undefined {
	const text = line(value, 4000);
	if (text === undefined || /^https?:\/\//i.test(text)) return text;
	return unsafeScheme(text) ? undefined : text;
}

/** A line's names and lists (see the format above); each list is made once for the line's entries that use it. */
class LineTable {
	private readonly categories: string[][] = [];
	private readonly tags: string[][] = [];

	constructor(
		private readonly strings: unknown[],
		private readonly lists: unknown[],
		private readonly seen: Seen,
	) {}

	private name(index: unknown): string {
		ensure(isCount(index) && index < this.strings.length);
		const name: unknown = this.strings[index];
		ensure(typeof name === 'string');
		return name;
	}

	author(index: unknown): string | undefined {
		return index === null ? undefined : cleanOnce(this.name(index), 200, this.seen.author);
	}

	/** Categories (up to 10) or tags (up to 50). */
	list(index: unknown, kind: 'categories' | 'tags'): string[] {
		ensure(isCount(index) && index < this.lists.length);
		const done = this[kind];
		let list = done[index];
		if (list === undefined) {
			const indexes: unknown = this.lists[index];
			ensure(Array.isArray(indexes));
			const names = (indexes as unknown[]).map((each) => this.name(each));
			done[index] = list = lines(names, kind === 'categories' ? 10 : 50, this.seen);
		}
		return list;
	}
}

/** The cached metadata as the reading stage would have produced it, cleaned of anything it never would. */
function revive(raw: unknown, file: string, table: LineTable): ArticleMeta | undefined {
	if (raw === null) return undefined;
	ensure(Array.isArray(raw) && raw.length === storedFields);
	const [id, title, author, categories, tags, date, source, format, fileBytes] = raw as unknown[];
	// The id only keys lists and maps; the file is the one the entry names (never shown, so kept as on disk).
	ensure(typeof id === 'string' && /^[0-9a-f]{16}$/.test(id));
	// The bytes that open a file whose name is not UTF-8 (see FileRef): base64, or the entry is not trusted.
	ensure(fileBytes === null || (typeof fileBytes === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(fileBytes)));
	const revived: ArticleMeta = {
		id,
		file,
		path: sanitizePath(file),
		title: line(title, 500) ?? (sanitizeLine(path.posix.basename(file).replace(/\.[^.]+$/, '')) || '(untitled)'),
		author: table.author(author),
		categories: table.list(categories, 'categories'),
		tags: table.list(tags, 'tags'),
		// What a Date can hold (±100,000,000 days), without making one for every entry.
		date: isTime(date) && Math.abs(date) <= 8.64e15 ? date : undefined,
		source: url(source),
		format: format === 'html' ? 'html' : 'markdown',
	};
	if (fileBytes !== null) revived.fileBytes = fileBytes;
	return revived;
}

/** Shared by the entries without warnings (nearly all). */
const noWarnings: string[] = [];

function reviveEntry(item: unknown, table: LineTable): CacheEntry {
	ensure(Array.isArray(item) && item.length === 7);
	const file: unknown = item[0];
	const size: unknown = item[1];
	const mtimeMs: unknown = item[2];
	const ctimeMs: unknown = item[3];
	const ino: unknown = item[4];
	const warnings: unknown = item[6];
	// Inode numbers can pass 2^53 (then JSON keeps the same double the next stat gives): any number of 0 or more.
	ensure(isArchivePath(file) && isCount(size) && isTime(mtimeMs) && isTime(ctimeMs) && isTime(ino) && ino >= 0);
	ensure(Array.isArray(warnings));
	const shownWarnings: string[] = warnings.length === 0 ? noWarnings : [];
	for (const warning of warnings as unknown[]) {
		const text = line(warning, 4000);
		if (text !== undefined) shownWarnings.push(text);
	}
	const meta = revive(item[5], file, table);
	const entry: CacheEntry = {file, size, mtimeMs, ctimeMs, ino, meta, warnings: shownWarnings};
	// The entry is a FileInfo too: one that opens a file whose name is not UTF-8.
	if (meta?.fileBytes !== undefined) entry.fileBytes = meta.fileBytes;
	return entry;
}

/**
 * Read in pieces this large into one buffer: a buffer of the whole file (317 MB for a million entries) was 0.4 s of
 * page faults before the first byte was parsed.
 */
const readPiece = 4 * 1024 * 1024;

/** The cache's metadata, or undefined when there is none or it cannot be trusted. */
export function readCacheIndex(file: string): CacheIndex | undefined {
	const reader = CacheReader.open(file);
	return reader?.read(() => false) ? {path: file, entries: reader.entries} : undefined;
}

/**
 * A cache read a line at a time, so that a start can show its first entries (the newest: it is written in list
 * order) and read the rest between frames.
 */
export class CacheReader {
	/** The entries read so far, in the file's order. */
	readonly entries: CacheEntry[] = [];
	/** Every line was read, and the whole is what was written (its length and checksum). */
	complete = false;
	private buffer = Buffer.allocUnsafeSlow(readPiece);
	/** The bytes read and not yet parsed: `buffer[at, filled)`. */
	private at = 0;
	private filled = 0;
	private crc = 0;
	private closed = false;
	private readonly seen: Seen = {author: new Map(), item: new Map(), lists: sharedLists()};

	private constructor(
		private readonly fd: number,
		private readonly start: number,
		private position: number,
		private readonly end: number,
		private readonly sum: string,
	) {}

	/** The archive's cache, if it has one of this version that is as long as its header says. */
	static open(file: string): CacheReader | undefined {
		const fd = openRegular(file);
		if (fd === undefined) return undefined;
		try {
			const head = readAt(fd, 0, 256).toString('latin1');
			const match = /^wxnews-cache (\d+) (\d+) ([0-9a-f]{8})\n/.exec(head);
			if (match && Number(match[1]) === cacheVersion) {
				const start = match[0].length;
				const end = start + Number(match[2]);
				if (end <= fstatSync(fd).size) return new CacheReader(fd, start, start, end, match[3]!);
			}
		} catch {
			// Treated as no cache.
		}
		closeSync(fd);
		return undefined;
	}

	/** How much of the file has been parsed, in bytes. */
	get progress(): {done: number; total: number} {
		return {done: this.position - (this.filled - this.at) - this.start, total: this.end - this.start};
	}

	/**
	 * Read lines of entries until `enough()` (asked after each line) or the end. False when the cache turned out
	 * malformed: then nothing it held can be trusted. The file is closed at the end, either way.
	 */
	read(enough: () => boolean): boolean {
		try {
			for (;;) {
				// JSON never has a raw newline inside a value: each newline ends a line of entries. (Past `filled` the
				// buffer holds what an earlier piece left there.)
				const newline = this.buffer.indexOf(0x0a, this.at);
				const atEnd = this.position === this.end;
				if (newline !== -1 && newline < this.filled) {
					this.parseLine(this.at, newline);
					this.at = newline + 1;
					// Enough, unless that was the last line: then the whole is checked now.
					if (!(atEnd && this.at === this.filled) && enough()) return true;
				} else if (!atEnd) this.fill();
				else {
					// The last line ends with a newline too, and the whole is what was written.
					ensure(this.at === this.filled && checksum(this.crc) === this.sum);
					this.complete = true;
					this.close();
					return true;
				}
			}
		} catch {
			this.close();
			return false;
		}
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		closeSync(this.fd);
		this.buffer = Buffer.alloc(0);
	}

	private parseLine(from: number, newline: number): void {
		const raw: unknown = JSON.parse(utf8Text(this.buffer.subarray(from, newline), newline - from));
		ensure(Array.isArray(raw) && raw.length === 3);
		const [strings, lists, items]: unknown[] = raw;
		ensure(Array.isArray(strings) && Array.isArray(lists) && Array.isArray(items) && items.length > 0);
		const table = new LineTable(strings, lists, this.seen);
		for (const item of items as unknown[]) this.entries.push(reviveEntry(item, table));
	}

	/** Read the next piece after what is left of the last. */
	private fill(): void {
		ensure(!this.closed);
		const carry = this.filled - this.at;
		this.buffer.copyWithin(0, this.at, this.filled);
		this.at = 0;
		this.filled = carry;
		// A line longer than the buffer (long warnings): a larger one.
		if (carry === this.buffer.length) this.buffer = Buffer.concat([this.buffer, Buffer.allocUnsafeSlow(carry)]);
		const want = Math.min(this.buffer.length - carry, this.end - this.position);
		const got = readFully(this.fd, this.buffer.subarray(carry), want, this.position);
		ensure(got === want);
		this.crc = crc32(this.buffer.subarray(carry, carry + got), this.crc);
		this.position += got;
		this.filled += got;
	}
}

/** A line's names and lists as they are written: each once, by index (see the format above). */
class LineNames {
	readonly strings: string[] = [];
	readonly lists: number[][] = [];
	private readonly stringAt = new Map<string, number>();
	private readonly listAt = new Map<string, number>();

	name(text: string): number {
		let index = this.stringAt.get(text);
		if (index === undefined) this.stringAt.set(text, (index = this.strings.push(text) - 1));
		return index;
	}

	list(names: readonly string[]): number {
		const indexes = names.map((name) => this.name(name));
		const key = indexes.join(',');
		let index = this.listAt.get(key);
		if (index === undefined) this.listAt.set(key, (index = this.lists.push(indexes) - 1));
		return index;
	}
}

/** The metadata as stored: by position, not by name (a JSON array parses faster than an object, and reads faster
 * back). The file and its shown path are the entry's own: not written twice. */
function storedMeta(meta: ArticleMeta, names: LineNames): unknown[] {
	const {id, title, author, categories, tags, date, source, format, fileBytes} = meta;
	const stored = [
		id,
		title,
		author === undefined ? undefined : names.name(author),
		names.list(categories),
		names.list(tags),
		date,
		source,
		format,
		fileBytes,
	];
	return stored.map((value) => value ?? null);
}

const storedFields = 9;

/** The JSON of one line of entries, as readCacheIndex reads it back. */
function lineJson(entries: CacheEntry[]): string {
	const names = new LineNames();
	const rows = entries.map(({file, size, mtimeMs, ctimeMs, ino, meta, warnings}) => [
		file,
		size,
		mtimeMs,
		ctimeMs,
		ino,
		meta ? storedMeta(meta, names) : null,
		warnings,
	]);
	return JSON.stringify([names.strings, names.lists, rows]);
}

/** Zero-padded, so that the header written again at the end has the length of the one written first. */
const lengthDigits = 15;

/** Entries a line: what readCacheIndex parses and checks at a time. */
const writeChunk = 100;

/**
 * Write the cache atomically: a crash or a full disk never leaves a half-written file behind. Written a line at a
 * time, so that 100,000 articles never become one string of 80 MB.
 */
export function writeCache(file: string, entries: CacheEntry[]): void {
	prepareFolder(path.dirname(file));
	const header = (length: number, sum: string) =>
		`${magic} ${cacheVersion} ${String(length).padStart(lengthDigits, '0')} ${sum}\n`;
	// The pid lets the next start tell a dead writer's leftover from a live one's file; the suffix makes the name
	// new, so the exclusive create never meets an old file or link.
	const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		const fd = openSync(temporary, 'wx', cacheFileMode);
		try {
			// Whatever the umask, only its user reads it.
			fchmodSync(fd, cacheFileMode);
			// The length and checksum are known at the end: the header is written again then, at the same length.
			const start = writeAll(fd, Buffer.from(header(0, '0'.repeat(8))), 0);
			let position = start;
			let crc = 0;
			// Small chunks: what a chunk makes is garbage by the next, and dies in the young generation, which the heap's
			// limits keep at 1 MB (v8-flags.ts); chunks of 1,000 entries were promoted, and raised the peak by 60 MB.
			for (let i = 0; i < entries.length; i += writeChunk) {
				const chunk = Buffer.from(lineJson(entries.slice(i, i + writeChunk)) + '\n');
				crc = crc32(chunk, crc);
				position += writeAll(fd, chunk, position);
			}
			writeAll(fd, Buffer.from(header(position - start, checksum(crc))), 0);
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
}
