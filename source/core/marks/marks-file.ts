import {randomBytes} from 'node:crypto';
import {
	closeSync,
	fdatasyncSync,
	fstatSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeSync,
} from 'node:fs';
import {open} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {archiveId} from '../reading/archive-id.js';

// One state file per archive, `$XDG_STATE_HOME/wxnews/<hash of the real root>.json`:
//   {"format":"wxnews-state","version":1,"archive":"/real/root",
//    "read":[path...],"starred":[path...],"positions":[[path,line,at]...],
//    "place":{"category":[name...],"row":"starred"?,"article":path?,"filter":""}}
// Paths are the articles' `path` (relative to the root, as on disk). One
// compact JSON line: 10,000 marks parse in a few milliseconds and merging
// works on whole paths, so no finer format pays for itself. A file that does
// not parse or has the wrong shape is corrupt: it is set aside, never trusted
// nor silently overwritten. A file of a newer version is left alone.
const format = 'wxnews-state';
const version = 1;

export type Position = {line: number; at: number};
/** Where the list was: a category path (empty for 全部文章) or a special row, the selected article, the filter. */
export type Place = {category: string[]; row?: 'uncategorized' | 'starred'; article?: string; filter: string};
export type Marks = {read: Set<string>; starred: Set<string>; positions: Map<string, Position>; place?: Place};

export const emptyMarks = (): Marks => ({read: new Set(), starred: new Set(), positions: new Map()});

/** `$XDG_STATE_HOME/wxnews`, else `~/.local/state/wxnews`; undefined when there is no home directory. */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env, home: () => string = os.homedir) {
	// The XDG spec says a relative value is invalid and must be ignored.
	const xdg = env['XDG_STATE_HOME'];
	if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'wxnews');
	try {
		const directory = home();
		return directory ? path.join(directory, '.local', 'state', 'wxnews') : undefined;
	} catch {
		// os.homedir() throws with HOME unset and no passwd entry.
		return undefined;
	}
}

export function marksFile(root: string, directory: string): string {
	return path.join(directory, archiveId(root) + '.json');
}

export function serializeMarks(marks: Marks, archive: string): string {
	const positions: Array<[string, number, number]> = [];
	for (const [file, {line, at}] of marks.positions) positions.push([file, line, at]);
	return (
		JSON.stringify({
			format,
			version,
			archive,
			read: [...marks.read],
			starred: [...marks.starred],
			positions,
			place: marks.place,
		}) + '\n'
	);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function parsePlace(value: unknown): Place | undefined {
	if (value === undefined) return undefined;
	const place = value as Partial<Place> | null;
	if (
		typeof place !== 'object' ||
		place === null ||
		!isStrings(place.category) ||
		!isString(place.filter) ||
		(place.article !== undefined && !isString(place.article)) ||
		(place.row !== undefined && place.row !== 'uncategorized' && place.row !== 'starred')
	)
		throw new Error('bad last place');
	const {category, row, article, filter} = place;
	return {category, filter, ...(row ? {row} : {}), ...(article === undefined ? {} : {article})};
}

/** The marks in a file's text; 'newer' for a later version; throws when the text is corrupt. */
export function parseMarks(text: string): Marks | 'newer' {
	const raw = JSON.parse(text) as Record<string, unknown> | null;
	if (typeof raw !== 'object' || raw === null || raw['format'] !== format || !Number.isInteger(raw['version']))
		throw new Error('not a wxnews state file');
	if ((raw['version'] as number) > version) return 'newer';
	const {read, starred, positions} = raw;
	if (!isStrings(read) || !isStrings(starred) || !Array.isArray(positions)) throw new Error('bad marks');
	const map = new Map<string, Position>();
	for (const item of positions as unknown[]) {
		if (!Array.isArray(item) || !isString(item[0]) || !Number.isInteger(item[1]) || !isTime(item[2]))
			throw new Error('bad position');
		map.set(item[0], {line: item[1] as number, at: item[2]});
	}
	return {read: new Set(read), starred: new Set(starred), positions: map, place: parsePlace(raw['place'])};
}

/** Identifies one version of the file: a write is a new inode, so a changed file has a new stamp. */
export type Stamp = string;
const stampOf = (stat: {ino: bigint; size: bigint; mtimeNs: bigint}): Stamp =>
	`${stat.ino}:${stat.size}:${stat.mtimeNs}`;

export function currentStamp(file: string): Stamp | undefined {
	try {
		return stampOf(statSync(file, {bigint: true}));
	} catch {
		return undefined;
	}
}

export type Loaded =
	| {kind: 'missing'}
	| {kind: 'marks'; marks: Marks; stamp: Stamp}
	| {kind: 'newer'}
	| {kind: 'corrupt'; reason: string}
	| {kind: 'unreadable'; reason: string};

export const describe = (error: unknown) =>
	error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);

export function readMarks(file: string): Loaded {
	let text: string;
	let stamp: Stamp;
	try {
		const fd = openSync(file, 'r');
		try {
			stamp = stampOf(fstatSync(fd, {bigint: true}));
			text = readFileSync(fd, 'utf8');
		} finally {
			closeSync(fd);
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// ENOTDIR: the state folder's path runs through a file, so there is no state file (writes will say so).
		if (code === 'ENOENT' || code === 'ENOTDIR') return {kind: 'missing'};
		return {kind: 'unreadable', reason: describe(error)};
	}
	try {
		const marks = parseMarks(text);
		return marks === 'newer' ? {kind: 'newer'} : {kind: 'marks', marks, stamp};
	} catch (error) {
		return {kind: 'corrupt', reason: describe(error)};
	}
}

/** Rename a corrupt file out of the way, keeping it for inspection; returns the new name. */
export function setAside(file: string, now: number): string {
	const aside = `${file}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
	renameSync(file, aside);
	return aside;
}

/** The state folder, made private (0700) when it is created here; an existing one is left as it is. */
export function makeFolder(file: string): void {
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
}

// Writes are atomic: a temporary file named with the pid, synced, then
// renamed over the old one, so a reader (or a restart after kill -9 or a
// power cut) sees the old or the new file whole. Mode 0600 in a 0700 folder.
// The temporary file is created afresh ('wx', a random suffix), so no
// leftover (and its mode) nor a symlink planted at its name is written
// through. A failure (full disk, read-only folder) throws and leaves the old
// file as it was.

export const temporaryName = (file: string) => `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;

/** Write `text` to a new temporary file and sync it; the caller renames it into place or removes it. */
export async function writeTemporary(temporary: string, text: string): Promise<Stamp> {
	const handle = await open(temporary, 'wx', 0o600);
	try {
		await handle.writeFile(text);
		await handle.datasync();
		return stampOf(await handle.stat({bigint: true}));
	} finally {
		await handle.close();
	}
}

/** The whole write, synchronously: for a flush on quit. */
export function writeMarks(file: string, text: string): Stamp {
	makeFolder(file);
	const temporary = temporaryName(file);
	try {
		const fd = openSync(temporary, 'wx', 0o600);
		let stamp: Stamp;
		try {
			const bytes = Buffer.from(text);
			for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
			fdatasyncSync(fd);
			stamp = stampOf(fstatSync(fd, {bigint: true}));
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, file);
		return stamp;
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
}
