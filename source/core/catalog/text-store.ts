import {randomBytes} from 'node:crypto';
import {closeSync, constants, fstatSync, ftruncateSync, openSync, rmSync, unlinkSync, writeSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {FileInfo} from '../reading/load.js';
import {fileKey} from '../reading/load.js';
import {readAt, readFully, writeAll} from '../reading/positional-io.js';
import type {TextSpan} from '../search/search-index.js';
import {processGone} from './cache.js';

// The folded body text of every indexed article, on disk instead of the heap
// (Chinese text is two bytes a character in V8, three in UTF-8 on disk, but
// the page cache is not the process's memory). Two append-only files beside
// the metadata cache:
//   <id>.text  16-byte header (magic, version, generation), then each body's folded text in UTF-8 and a newline
//   <id>.tidx  24-byte header (magic, version, the same generation), then 24-byte records:
//              [key of the file version, offset in .text, length] as three float64s
// A record is appended as soon as a body is indexed, so a quit at 60% keeps
// 60%. The key hashes the file's path, size, mtime, ctime and inode: an edited
// file's old text is never used. A record past the text's end (a torn write)
// or files of another generation are ignored. The text is only ever searched,
// never shown. One process writes at a time (a lock file with its pid); a
// second instance, or a run without a cache, writes to a private file that is
// unlinked at once.

const textMagic = 0x77787478; // "wxtx"
const indexMagic = 0x77787469; // "wxti"
const storeVersion = 1;
const textHeader = 16;
const indexHeader = 24;
const recordSize = 24;

/** A 53-bit hash (cyrb53): a version key per file, cheap enough for a million files at start. */
function hash53(text: string): number {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Which version of a file a text was made from. Bump `extraction` when what bodySearchText makes changes. */
const extraction = 1;
export function versionKey(info: FileInfo): number {
	return hash53(`${extraction}\0${fileKey(info)}\0${info.size}\0${info.mtimeMs}\0${info.ctimeMs}\0${info.ino}`);
}

const openFlags = constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Take the lock file, or say it is held by a live process. A dead holder's lock is taken over. */
function lock(file: string): boolean {
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(file, 'wx', 0o600);
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return true;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
			let holder = Number.NaN;
			try {
				const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
				try {
					holder = Number(readAt(fd, 0, 32).toString('latin1'));
				} finally {
					closeSync(fd);
				}
			} catch {
				// Unreadable: treated as a dead holder's.
			}
			if (holder === process.pid || (Number.isSafeInteger(holder) && holder > 0 && !processGone(holder))) return false;
			rmSync(file, {force: true});
		}
	}
	return false;
}

export class TextStore {
	/** The body text file, read by the body search workers (threads share the process's descriptors). */
	readonly fd: number;
	/** Whether texts survive this run (the shared store, not a private one). */
	readonly lasting: boolean;
	private readonly indexFd: number | undefined;
	private readonly lockFile: string | undefined;
	private textEnd: number;
	private indexEnd: number;
	/** Records found at open: version key → span. Dropped once the catalog has taken what it needs. */
	private found: Map<number, TextSpan> | undefined;
	private closed = false;

	private constructor(parts: {fd: number; indexFd?: number; lockFile?: string; textEnd: number; indexEnd: number}) {
		this.fd = parts.fd;
		this.indexFd = parts.indexFd;
		this.lockFile = parts.lockFile;
		this.lasting = parts.indexFd !== undefined;
		this.textEnd = parts.textEnd;
		this.indexEnd = parts.indexEnd;
	}

	/** The store beside `cacheFile` (`x.cache` → `x.text`, `x.tidx`), or a private one for this run. */
	static open(cacheFile: string | undefined): TextStore {
		if (cacheFile) {
			try {
				const shared = TextStore.openShared(cacheFile.replace(/\.cache$/, ''));
				if (shared) return shared;
			} catch {
				// A store that cannot be opened costs only re-indexing: this run keeps its texts to itself.
			}
		}
		return TextStore.openPrivate();
	}

	private static openPrivate(): TextStore {
		const file = path.join(os.tmpdir(), `wxnews-${process.pid}-${randomBytes(6).toString('hex')}.text`);
		const fd = openSync(file, 'wx+', 0o600);
		// Unlinked at once: nothing is left behind however the run ends; the descriptor keeps it readable.
		unlinkSync(file);
		return new TextStore({fd, textEnd: textHeader, indexEnd: 0});
	}

	private static openShared(base: string): TextStore | undefined {
		const lockFile = `${base}.text.lock`;
		if (!lock(lockFile)) return undefined;
		let fd: number | undefined;
		let indexFd: number | undefined;
		try {
			fd = openSync(`${base}.text`, openFlags, 0o600);
			indexFd = openSync(`${base}.tidx`, openFlags, 0o600);
			if (!fstatSync(fd).isFile() || !fstatSync(indexFd).isFile()) throw new Error('not a file');
			const store = new TextStore({fd, indexFd, lockFile, textEnd: 0, indexEnd: 0});
			if (!store.load()) store.reset();
			return store;
		} catch (error) {
			if (fd !== undefined) closeSync(fd);
			if (indexFd !== undefined) closeSync(indexFd);
			rmSync(lockFile, {force: true});
			throw error;
		}
	}

	/** Read the records of a store of this version and generation; false when it is not one. */
	private load(): boolean {
		const textSize = fstatSync(this.fd).size;
		const indexSize = fstatSync(this.indexFd!).size;
		if (textSize < textHeader || indexSize < indexHeader) return false;
		const head = readAt(this.fd, 0, textHeader);
		// Buffer.alloc, never from the shared pool: the records are read as float64s, which need an aligned offset.
		const indexBytes = Buffer.alloc(indexSize - ((indexSize - indexHeader) % recordSize));
		readFully(this.indexFd!, indexBytes, indexBytes.length, 0);
		if (head.readUInt32LE(0) !== textMagic || head.readUInt32LE(4) !== storeVersion) return false;
		if (indexBytes.readUInt32LE(0) !== indexMagic || indexBytes.readUInt32LE(4) !== storeVersion) return false;
		if (!head.subarray(8, 16).equals(indexBytes.subarray(8, 16))) return false;
		const found = new Map<number, TextSpan>();
		const records = new Float64Array(
			indexBytes.buffer,
			indexBytes.byteOffset + indexHeader,
			((indexBytes.length - indexHeader) / recordSize) * 3,
		);
		let end = indexHeader;
		for (let i = 0; i < records.length; i += 3) {
			const [key, at, bytes] = [records[i]!, records[i + 1]!, records[i + 2]!];
			// A record whose text did not all reach the disk ends what is trusted.
			if (!(at >= textHeader && bytes >= 0 && at + bytes + 1 <= textSize && Number.isSafeInteger(at + bytes))) break;
			found.set(key, {at, bytes});
			end += recordSize;
		}
		this.found = found;
		this.indexEnd = end;
		this.textEnd = textSize;
		return true;
	}

	/** Start an empty store of a new generation. */
	private reset(): void {
		const generation = randomBytes(8);
		const head = Buffer.alloc(textHeader);
		head.writeUInt32LE(textMagic, 0);
		head.writeUInt32LE(storeVersion, 4);
		generation.copy(head, 8);
		const indexHead = Buffer.alloc(indexHeader);
		indexHead.writeUInt32LE(indexMagic, 0);
		indexHead.writeUInt32LE(storeVersion, 4);
		generation.copy(indexHead, 8);
		ftruncateSync(this.indexFd!, 0);
		ftruncateSync(this.fd, 0);
		writeAll(this.fd, head, 0);
		writeAll(this.indexFd!, indexHead, 0);
		this.textEnd = textHeader;
		this.indexEnd = indexHeader;
		this.found = new Map();
	}

	/** The text a file version had when last indexed, if any. */
	find(info: FileInfo): TextSpan | undefined {
		return this.found?.get(versionKey(info));
	}

	/** The records read at open are no longer needed (they are a few megabytes for 100,000 articles). */
	forgetFound(): void {
		this.found = undefined;
	}

	/**
	 * Append indexed bodies: `bytes` holds their folded texts in UTF-8, each followed by a newline, of `lengths`
	 * bytes each (the newline not counted). Returns where each one was written.
	 */
	append(infos: FileInfo[], lengths: number[], bytes: Uint8Array): TextSpan[] {
		if (this.closed) return [];
		const base = this.textEnd;
		writeAll(this.fd, bytes, base);
		this.textEnd += bytes.length;
		const spans: TextSpan[] = [];
		const records = new Float64Array(infos.length * 3);
		let at = base;
		for (const [i, info] of infos.entries()) {
			spans.push({at, bytes: lengths[i]!});
			records[i * 3] = versionKey(info);
			records[i * 3 + 1] = at;
			records[i * 3 + 2] = lengths[i]!;
			at += lengths[i]! + 1;
		}
		if (this.indexFd !== undefined) {
			// After the text: a record never points at text that is not there.
			writeAll(this.indexFd, new Uint8Array(records.buffer), this.indexEnd);
			this.indexEnd += records.byteLength;
		}
		return spans;
	}

	/** One text, as it was appended. */
	read(span: TextSpan): string {
		return readAt(this.fd, span.at, span.bytes).toString('utf8');
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		closeSync(this.fd);
		if (this.indexFd !== undefined) closeSync(this.indexFd);
		if (this.lockFile) rmSync(this.lockFile, {force: true});
	}
}
