import {createHash} from 'node:crypto';
import {
	closeSync,
	fstatSync,
	mkdirSync,
	openSync,
	readSync,
	realpathSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setImmediate as yieldToEventLoop} from 'node:timers/promises';
import {StringDecoder} from 'node:string_decoder';
import type {ArticleMeta} from '../reading/article.js';

// What was extracted from each file (metadata and folded body text), keyed
// by path, size and modification time, so that a second start skips
// parsing. One file per archive:
//   `wxnews-cache <version> <bytes of the JSON part>\n`
//   JSON: [file, size, mtimeMs, meta | null, warnings][]
//   then one newline-terminated line of folded body text per entry.
// The JSON part alone gives the first frame; the text lines are read after
// it, in chunks. A cache that does not parse, or of another version, is
// rebuilt, never trusted. Writes go to a temporary file renamed into place.
// Bumped whenever what is extracted from a file changes, so an older cache is rebuilt.
const cacheVersion = 2;
const magic = 'wxnews-cache';

export type CachedMeta = Omit<ArticleMeta, 'date'> & {date?: number};
export type CacheEntry = {file: string; size: number; mtimeMs: number; meta?: ArticleMeta; warnings: string[]};
export type CacheIndex = {path: string; entries: CacheEntry[]; textOffset: number};

function cacheDirectory(): string {
	const base = process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
	return path.join(base, 'wxnews');
}

export function cacheFile(root: string, directory = cacheDirectory()): string {
	let real = root;
	try {
		real = realpathSync(root);
	} catch {
		// A root that cannot be resolved is keyed by the path given.
	}
	return path.join(directory, createHash('sha1').update(real).digest('hex').slice(0, 20) + '.cache');
}

function revive(meta: CachedMeta | null): ArticleMeta | undefined {
	if (!meta || typeof meta !== 'object' || typeof meta.title !== 'string' || typeof meta.file !== 'string')
		return undefined;
	const {date, ...rest} = meta;
	return {...rest, date: typeof date === 'number' ? new Date(date) : undefined};
}

function readBytes(fd: number, position: number, length: number): Buffer {
	const buffer = Buffer.allocUnsafe(length);
	return buffer.subarray(0, readSync(fd, buffer, 0, length, position));
}

/** The cache's metadata, or undefined when there is none or it cannot be trusted. */
export function readCacheIndex(file: string): CacheIndex | undefined {
	let fd: number;
	try {
		fd = openSync(file, 'r');
	} catch {
		return undefined;
	}
	try {
		const head = readBytes(fd, 0, 128).toString('latin1');
		const match = /^wxnews-cache (\d+) (\d+)\n/.exec(head);
		if (!match || Number(match[1]) !== cacheVersion) return undefined;
		const headerLength = match[0].length;
		const jsonLength = Number(match[2]);
		if (headerLength + jsonLength > fstatSync(fd).size) return undefined;
		const json = readBytes(fd, headerLength, jsonLength);
		if (json.length !== jsonLength) return undefined;
		const raw: unknown = JSON.parse(json.toString('utf8'));
		if (!Array.isArray(raw)) return undefined;
		const entries: CacheEntry[] = raw.map((item: [string, number, number, CachedMeta | null, string[]]) => ({
			file: String(item[0]),
			size: Number(item[1]),
			mtimeMs: Number(item[2]),
			meta: revive(item[3]),
			warnings: Array.isArray(item[4]) ? item[4].map(String) : [],
		}));
		return {path: file, entries, textOffset: headerLength + jsonLength + 1};
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}

/**
 * Read the body-text lines in chunks, yielding to the event loop between
 * them so that input is handled. Returns false when the text part does not
 * match the index (then it is ignored and rebuilt).
 */
export async function readCacheTexts(
	index: CacheIndex,
	onText: (entry: number, text: string) => void,
): Promise<boolean> {
	let fd: number;
	try {
		fd = openSync(index.path, 'r');
	} catch {
		return false;
	}
	try {
		const decoder = new StringDecoder('utf8');
		let position = index.textOffset;
		let pending = '';
		let entry = 0;
		for (;;) {
			const chunk = readBytes(fd, position, 4 * 1024 * 1024);
			if (chunk.length === 0) break;
			position += chunk.length;
			const lines = (pending + decoder.write(chunk)).split('\n');
			pending = lines.pop()!;
			for (const line of lines) {
				if (entry >= index.entries.length) return false;
				onText(entry, line);
				entry++;
			}
			await yieldToEventLoop();
		}
		// Every line ends with a newline: anything after the last one is a torn write.
		return pending + decoder.end() === '' && entry === index.entries.length;
	} catch {
		return false;
	} finally {
		closeSync(fd);
	}
}

/** Write the cache atomically: a crash or a full disk never leaves a half-written file behind. */
export function writeCache(file: string, entries: CacheEntry[], texts: Array<string | undefined>): void {
	mkdirSync(path.dirname(file), {recursive: true});
	const json = Buffer.from(
		JSON.stringify(
			entries.map(({file, size, mtimeMs, meta, warnings}) => [
				file,
				size,
				mtimeMs,
				meta ? {...meta, date: meta.date?.getTime()} : null,
				warnings,
			]),
		),
	);
	const temporary = `${file}.${process.pid}.tmp`;
	try {
		const fd = openSync(temporary, 'w', 0o600);
		try {
			writeFileSync(fd, `${magic} ${cacheVersion} ${json.length}\n`);
			writeFileSync(fd, json);
			writeFileSync(fd, '\n');
			// Folded text has no newlines (foldForSearch turns whitespace into single spaces).
			for (let i = 0; i < texts.length; i += 1000) {
				writeFileSync(
					fd,
					texts
						.slice(i, i + 1000)
						.map((text) => (text ?? '').replaceAll('\n', ' ') + '\n')
						.join(''),
				);
			}
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
}
