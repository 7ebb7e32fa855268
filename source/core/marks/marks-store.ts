import path from 'node:path';
import {
	currentStamp,
	describe,
	emptyMarks,
	makeFolder,
	marksFile,
	readMarks,
	realRoot,
	serializeMarks,
	setAside,
	stateDirectory,
	writeMarks,
	type Loaded,
	type Marks,
	type Place,
	type Position,
	type Stamp,
} from './marks-file.js';
import {acquireLock, breakLock, releaseLock, removeStaleTemporaries} from './marks-lock.js';
import {hasChanges, mergeMarks, noChanges, prunePositions} from './marks-merge.js';

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

/** What a pure reducer may ask; `version` changes whenever any answer does. */
export type MarkView = {
	readonly version: number;
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

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const samePlace = (a: Place | undefined, b: Place) =>
	a !== undefined &&
	a.row === b.row &&
	a.article === b.article &&
	a.filter === b.filter &&
	a.category.length === b.category.length &&
	a.category.every((name, i) => name === b.category[i]);

class Store implements MarkStore {
	version = 0;
	private marks: Marks = emptyMarks();
	private changes = noChanges();
	/** The file version `marks` reflects; undefined when there was no file. */
	private stamp: Stamp | undefined;
	private timer: NodeJS.Timeout | undefined;
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
					this.warn(`state file ${file} is corrupt (${loaded.reason}): set aside as ${path.basename(aside)}`);
					this.stamp = undefined;
					return true;
				} catch (error) {
					this.warn(`state file ${file} is corrupt and cannot be set aside (${describe(error)}): marks are not saved`);
				}
				break;
			case 'newer':
				this.warn(`state file ${file} is from a newer wxnews: marks are not saved`);
				break;
			case 'unreadable':
				this.warn(`cannot read state file ${file} (${loaded.reason}): marks are not saved`);
		}
		this.writable = false;
		return false;
	}

	private changed() {
		this.version++;
		if (!this.writable || this.closed || this.timer) return;
		this.schedule(this.delayMs);
	}

	private schedule(ms: number) {
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.save(false);
		}, ms);
		// Quitting flushes; a pending save must not hold the process open.
		this.timer.unref();
	}

	private save(final: boolean) {
		if (!this.writable) return;
		const file = this.file!;
		try {
			const stamp = currentStamp(file);
			if (!hasChanges(this.changes)) {
				// Nothing of ours to save: only pick up another instance's changes, without the lock.
				if (stamp !== this.stamp) this.adopt();
				return;
			}
			if (!this.lock(file, final)) {
				this.schedule(lockRetryMs);
				return;
			}
			try {
				this.merge(file);
			} finally {
				releaseLock(file);
			}
			this.failing = false;
		} catch (error) {
			// The changes stay recorded, so the next save (or flush) tries again.
			if (!this.failing) this.warn(`cannot save state to ${file} (${describe(error)}): marks are kept until quit only`);
			this.failing = true;
		}
	}

	private lock(file: string, final: boolean): boolean {
		makeFolder(file);
		if (acquireLock(file)) return true;
		if (!final) return false;
		for (let waited = 0; waited < lockWaitMs; waited += 20) {
			sleep(20);
			if (acquireLock(file)) return true;
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
			this.options.onChange?.();
		}
	}

	private merge(file: string) {
		let merged = this.marks;
		let external = false;
		if (currentStamp(file) !== this.stamp) {
			const loaded = readMarks(file);
			if (loaded.kind === 'marks') {
				merged = mergeMarks(loaded.marks, this.marks, this.changes);
				external = true;
			} else if (!this.load(loaded)) return;
			// Missing or set aside: what is here is all there is.
		}
		prunePositions(merged, this.now(), positionMaxAgeMs);
		this.stamp = writeMarks(file, serializeMarks(merged, this.archive));
		this.marks = merged;
		this.changes = noChanges();
		if (external) {
			this.version++;
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
	// another instance said since), but only a real change counts as one and asks for a save.
	setRead(file: string, read: boolean) {
		this.changes.read.set(file, read);
		if (this.marks.read.has(file) === read) return;
		if (read) this.marks.read.add(file);
		else this.marks.read.delete(file);
		this.changed();
	}

	setStarred(file: string, starred: boolean) {
		this.changes.starred.set(file, starred);
		if (this.marks.starred.has(file) === starred) return;
		if (starred) this.marks.starred.add(file);
		else this.marks.starred.delete(file);
		this.changed();
	}

	setPosition(file: string, line: number) {
		const before = this.marks.positions.get(file);
		this.marks.positions.set(file, {line, at: this.now()});
		this.changes.positions.add(file);
		if (before?.line !== line) this.changed();
	}

	setLastPlace(place: Place) {
		if (samePlace(this.marks.place, place)) return;
		this.marks.place = {...place, category: [...place.category]};
		this.changes.place = true;
		this.changed();
	}

	flush() {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.save(true);
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
