import {renameSync, rmSync} from 'node:fs';
import path from 'node:path';
import {
	currentStamp,
	describe,
	emptyMarks,
	makeFolder,
	marksFile,
	readMarks,
	serializeMarks,
	setAside,
	stateDirectory,
	temporaryName,
	writeMarks,
	writeTemporary,
	type Loaded,
	type Marks,
	type Place,
	type Position,
	type Stamp,
} from './marks-file.js';
import {realRoot} from '../reading/archive-id.js';
import {acquireLock, breakLock, releaseLock, removeStaleTemporaries} from './marks-lock.js';
import {combineChanges, hasChanges, mergeMarks, noChanges, prunePositions, type Changes} from './marks-merge.js';

// Read marks, stars, reading positions and the last place of one archive,
// held in memory (every question is a Set or Map lookup) and saved to the
// state file at most `delayMs` after the first unsaved change, so a crash
// loses at most that. A save re-reads the file if another instance changed
// it and merges (see marks-merge.ts). Nothing here throws: a failed save is
// reported once through onWarning and the marks live on in memory. Without
// a state folder (`--no-state`, no home directory) the same store keeps its
// marks for the session only.

export type {Place, Position} from './marks-file.js';

export type MarkOptions = {
	/** False for `--no-state`: nothing is read or written. */
	enabled?: boolean;
	/** Used instead of `$XDG_STATE_HOME` (the file goes in its `wxnews` folder). */
	stateHome?: string;
	/** One line for the user: a corrupt file set aside, a save that failed, no home directory. */
	onWarning?: (message: string) => void;
	/** A save or flush brought in another instance's changes (the local setters do not call it). */
	onChange?: () => void;
	/** Longest time between a change and its save. */
	delayMs?: number;
	now?: () => number;
};

/** What a pure reducer may ask; `version` changes whenever any answer does, `flagsVersion` when isRead or isStarred may. */
export type MarkView = {
	readonly version: number;
	readonly flagsVersion: number;
	isRead(file: string): boolean;
	isStarred(file: string): boolean;
	position(file: string): Position | undefined;
	lastPlace(): Place | undefined;
	starred(): ReadonlySet<string>;
	counts(files: Iterable<string>): {total: number; read: number; starred: number};
};

export type MarkStore = MarkView & {
	/** The state file, or undefined when nothing is saved. */
	readonly file: string | undefined;
	setRead(file: string, read: boolean): void;
	setStarred(file: string, starred: boolean): void;
	setPosition(file: string, line: number): void;
	setLastPlace(place: Place): void;
	/** Save now (on quit), and pick up other instances' changes. */
	flush(): void;
	/** Flush and stop saving. */
	close(): void;
};

const defaultDelayMs = 500;
const positionMaxAgeMs = 30 * 24 * 3600 * 1000;
// On flush, how long to wait for another instance's save (milliseconds each) before breaking its lock.
const lockWaitMs = 1000;
const lockRetryMs = 50;

/** Remove a temporary file; this runs in a promise's callback, where a throw would be an unhandled rejection. */
function remove(file: string) {
	try {
		rmSync(file, {force: true});
	} catch {
		// Left behind: removed at a later start (its pid is gone by then).
	}
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

type Saving = {
	merged: Marks;
	external: boolean;
	/** The file's stamp when it was merged: a rename over anything else would drop someone's changes. */
	base: Stamp | undefined;
	token: string;
	sent: Changes;
	temporary: string;
	abandoned: boolean;
};

const samePlace = (a: Place | undefined, b: Place) =>
	a !== undefined &&
	a.row === b.row &&
	a.article === b.article &&
	a.filter === b.filter &&
	a.category.length === b.category.length &&
	a.category.every((name, i) => name === b.category[i]);

class Store implements MarkStore {
	version = 0;
	flagsVersion = 0;
	private marks: Marks = emptyMarks();
	private changes = noChanges();
	/** The file version `marks` reflects; undefined when there was no file. */
	private stamp: Stamp | undefined;
	private timer: NodeJS.Timeout | undefined;
	/** The debounced save whose temporary file is being written. */
	private saving: Saving | undefined;
	private writable: boolean;
	private failing = false;
	private closed = false;
	private readonly delayMs: number;
	private readonly now: () => number;

	constructor(
		readonly file: string | undefined,
		private readonly archive: string,
		private readonly options: MarkOptions,
	) {
		this.delayMs = options.delayMs ?? defaultDelayMs;
		this.now = options.now ?? Date.now;
		this.writable = file !== undefined;
		if (file) {
			removeStaleTemporaries(file);
			this.load(readMarks(file));
		}
	}

	private warn(message: string) {
		this.options.onWarning?.(message);
	}

	/** Take what was read from the file; false when it cannot be used (then nothing is written over it). */
	private load(loaded: Loaded): boolean {
		const file = this.file!;
		switch (loaded.kind) {
			case 'missing':
				this.stamp = undefined;
				return true;
			case 'marks':
				this.marks = loaded.marks;
				this.stamp = loaded.stamp;
				return true;
			case 'corrupt':
				try {
					const aside = setAside(file, this.now());
					this.warn(`state file is corrupt (${loaded.reason}): set aside as ${path.basename(aside)}`);
					this.stamp = undefined;
					return true;
				} catch (error) {
					this.warn(`state file is corrupt and cannot be set aside (${describe(error)}): marks are not saved`);
				}
				break;
			case 'newer':
				this.warn(`state file is from a newer wxnews: marks are not saved`);
				break;
			case 'unreadable':
				this.warn(`cannot read state file (${loaded.reason}): marks are not saved`);
		}
		this.writable = false;
		return false;
	}

	/** `flags`: a read or starred mark changed (unread counts are made again then, not when a place is saved). */
	private changed(flags: boolean) {
		this.version++;
		if (flags) this.flagsVersion++;
		if (!this.timer) this.schedule(this.delayMs);
	}

	private schedule(ms: number) {
		if (!this.writable || this.closed) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.startSave();
		}, ms);
		// Quitting flushes; a pending save must not hold the process open.
		this.timer.unref();
	}

	private report(error: unknown) {
		// Reported once per run of failures; the changes stay recorded, so the next save (or flush) tries again.
		if (!this.failing) this.warn(`cannot save state (${describe(error)}): marks are kept until quit only`);
		this.failing = true;
	}

	/**
	 * The debounced save. Merging and serialising happen here (milliseconds);
	 * writing and syncing the temporary file run in the background, and the
	 * rename comes back here (finish), so a flush in between can set it aside.
	 */
	private startSave() {
		if (!this.writable || this.saving) return;
		const file = this.file!;
		let token: string | undefined;
		try {
			if (!hasChanges(this.changes)) {
				// Nothing of ours to save: only pick up another instance's changes, without the lock.
				if (currentStamp(file) !== this.stamp) this.adopt();
				return;
			}
			makeFolder(file);
			token = acquireLock(file);
			if (!token) {
				this.schedule(lockRetryMs);
				return;
			}
			const prepared = this.prepare(file);
			if (!prepared) {
				releaseLock(file, token);
				return;
			}
			const saving: Saving = {...prepared, token, sent: this.changes, temporary: temporaryName(file), abandoned: false};
			this.changes = noChanges();
			this.saving = saving;
			writeTemporary(saving.temporary, prepared.text).then(
				(stamp) => this.finish(saving, stamp),
				(error: unknown) => this.finish(saving, undefined, error),
			);
		} catch (error) {
			if (token) releaseLock(file, token);
			this.report(error);
		}
	}

	private finish(saving: Saving, stamp: Stamp | undefined, error?: unknown) {
		const file = this.file!;
		if (saving.abandoned) {
			// A flush saved everything meanwhile, under the same lock.
			remove(saving.temporary);
			return;
		}
		this.saving = undefined;
		try {
			if (stamp === undefined) throw error;
			// The lock is broken only when stuck or by another store of this process: if anyone wrote since
			// the merge, this save would drop their changes, so it is redone.
			if (currentStamp(file) !== saving.base) {
				remove(saving.temporary);
				this.changes = combineChanges(saving.sent, this.changes);
				if (!this.timer) this.schedule(lockRetryMs);
				return;
			}
			renameSync(saving.temporary, file);
			this.saved(saving.merged, stamp, saving.external);
		} catch (failure) {
			remove(saving.temporary);
			this.changes = combineChanges(saving.sent, this.changes);
			this.report(failure);
		} finally {
			releaseLock(file, saving.token);
		}
		if (hasChanges(this.changes) && !this.timer) this.schedule(this.delayMs);
	}

	/** Saved `merged`: it becomes what is known, with this instance's changes since put over it. */
	private saved(merged: Marks, stamp: Stamp, external: boolean) {
		this.stamp = stamp;
		this.marks = merged === this.marks ? merged : mergeMarks(merged, this.marks, this.changes);
		this.failing = false;
		if (external) {
			this.version++;
			this.flagsVersion++;
			this.options.onChange?.();
		}
	}

	/** Under the lock: the marks to write (this instance's changes over what the file holds now) and their text. */
	private prepare(file: string) {
		const base = currentStamp(file);
		let merged = this.marks;
		let external = false;
		if (base !== this.stamp) {
			const loaded = readMarks(file);
			if (loaded.kind === 'marks') {
				merged = mergeMarks(loaded.marks, this.marks, this.changes);
				external = true;
			} else if (!this.load(loaded)) return undefined;
			// Missing or set aside: what is here is all there is.
		}
		prunePositions(merged, this.now(), positionMaxAgeMs);
		return {merged, external, base: currentStamp(file), text: serializeMarks(merged, this.archive)};
	}

	/** The whole save, synchronously, for flush: waits a little for another instance's lock, then breaks it. */
	private saveNow(token: string | undefined) {
		const file = this.file!;
		try {
			if (!hasChanges(this.changes)) {
				if (currentStamp(file) !== this.stamp) this.adopt();
				return;
			}
			makeFolder(file);
			token ??= this.waitForLock(file);
			const prepared = this.prepare(file);
			if (!prepared) return;
			const stamp = writeMarks(file, prepared.text);
			this.changes = noChanges();
			this.saved(prepared.merged, stamp, prepared.external);
		} catch (error) {
			this.report(error);
		} finally {
			if (token) releaseLock(file, token);
		}
	}

	private waitForLock(file: string): string | undefined {
		for (let waited = 0; waited < lockWaitMs; waited += 20) {
			const token = acquireLock(file);
			if (token) return token;
			sleep(20);
		}
		// A save takes milliseconds: a lock held this long is stuck, and this save matters more.
		breakLock(file);
		return acquireLock(file);
	}

	private adopt() {
		const loaded = readMarks(this.file!);
		if (loaded.kind === 'missing') {
			this.stamp = undefined;
		} else if (this.load(loaded) && loaded.kind === 'marks') {
			this.version++;
			this.flagsVersion++;
			this.options.onChange?.();
		}
	}

	isRead(file: string) {
		return this.marks.read.has(file);
	}

	isStarred(file: string) {
		return this.marks.starred.has(file);
	}

	position(file: string) {
		return this.marks.positions.get(file);
	}

	lastPlace() {
		return this.marks.place;
	}

	starred(): ReadonlySet<string> {
		return this.marks.starred;
	}

	counts(files: Iterable<string>) {
		let total = 0;
		let read = 0;
		let starred = 0;
		for (const file of files) {
			total++;
			if (this.marks.read.has(file)) read++;
			if (this.marks.starred.has(file)) starred++;
		}
		return {total, read, starred};
	}

	// Setting a value it already has is still recorded (opening an article here says it is read, whatever
	// another instance said since), but only a real change counts as one and asks for a save. Nothing is
	// recorded when nothing is saved.
	setRead(file: string, read: boolean) {
		if (this.writable) this.changes.read.set(file, read);
		if (this.marks.read.has(file) === read) return;
		if (read) this.marks.read.add(file);
		else this.marks.read.delete(file);
		this.changed(true);
	}

	setStarred(file: string, starred: boolean) {
		if (this.writable) this.changes.starred.set(file, starred);
		if (this.marks.starred.has(file) === starred) return;
		if (starred) this.marks.starred.add(file);
		else this.marks.starred.delete(file);
		this.changed(true);
	}

	setPosition(file: string, line: number) {
		const before = this.marks.positions.get(file);
		this.marks.positions.set(file, {line, at: this.now()});
		if (this.writable) this.changes.positions.add(file);
		if (before?.line !== line) this.changed(false);
	}

	setLastPlace(place: Place) {
		if (samePlace(this.marks.place, place)) return;
		this.marks.place = {...place, category: [...place.category]};
		this.changes.place = this.writable;
		this.changed(false);
	}

	flush() {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (!this.writable) return;
		// A save in flight is set aside: its changes go into this one, which holds its lock.
		const saving = this.saving;
		if (saving) {
			saving.abandoned = true;
			this.saving = undefined;
			this.changes = combineChanges(saving.sent, this.changes);
		}
		this.saveNow(saving?.token);
	}

	close() {
		this.flush();
		this.closed = true;
	}
}

/** The marks of the archive at `root`. Never throws; see MarkOptions. */
export function openMarks(root: string, options: MarkOptions = {}): MarkStore {
	const archive = realRoot(root);
	if (options.enabled === false) return new Store(undefined, archive, options);
	const directory = options.stateHome ? path.join(options.stateHome, 'wxnews') : stateDirectory();
	if (!directory) {
		options.onWarning?.('no home directory: read marks, stars and places are kept until quit only');
		return new Store(undefined, archive, options);
	}
	return new Store(marksFile(root, directory), archive, options);
}
