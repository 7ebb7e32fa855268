import type {Marks} from './marks-file.js';

// Another instance may have saved since this one last read the file. Whole
// sets cannot be merged (is a path missing here because it was unmarked here,
// or because it was marked there?), so each instance records what it changed
// since its last sync, path by path, and applies only that onto the file:
// a mark set here stays set, a mark removed here stays removed, paths it did
// not touch keep the file's value. Positions keep the newest `at`; the last
// place is this instance's if it set one.

export type Changes = {
	read: Map<string, boolean>;
	starred: Map<string, boolean>;
	/** Paths whose position was set here (the value is in the local marks). */
	positions: Set<string>;
	place: boolean;
};

export const noChanges = (): Changes => ({read: new Map(), starred: new Map(), positions: new Set(), place: false});

export const hasChanges = (changes: Changes) =>
	changes.read.size > 0 || changes.starred.size > 0 || changes.positions.size > 0 || changes.place;

function apply(set: Set<string>, changes: Map<string, boolean>) {
	for (const [file, on] of changes) {
		if (on) set.add(file);
		else set.delete(file);
	}
}

/** This instance's changes applied onto what the file holds now (`disk` is a fresh copy and is changed). */
export function mergeMarks(disk: Marks, local: Marks, changes: Changes): Marks {
	apply(disk.read, changes.read);
	apply(disk.starred, changes.starred);
	for (const file of changes.positions) {
		const mine = local.positions.get(file);
		const theirs = disk.positions.get(file);
		if (mine && (!theirs || theirs.at <= mine.at)) disk.positions.set(file, mine);
	}
	if (changes.place) disk.place = local.place;
	return disk;
}

/** Positions are only worth restoring for a while (the reader uses them for a day): older ones are dropped. */
export function prunePositions(marks: Marks, now: number, maxAgeMs: number): void {
	for (const [file, {at}] of marks.positions) if (now - at > maxAgeMs) marks.positions.delete(file);
}

/** Changes of a save that did not happen, put back under those made since (which are newer and win). */
export function combineChanges(older: Changes, newer: Changes): Changes {
	for (const [file, on] of older.read) if (!newer.read.has(file)) newer.read.set(file, on);
	for (const [file, on] of older.starred) if (!newer.starred.has(file)) newer.starred.set(file, on);
	for (const file of older.positions) newer.positions.add(file);
	newer.place ||= older.place;
	return newer;
}
