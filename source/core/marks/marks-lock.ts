import {randomBytes} from 'node:crypto';
import {closeSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync} from 'node:fs';
import path from 'node:path';

// A lock file held only for one re-read, merge and rename (milliseconds),
// so that two instances saving at once cannot both merge the same old file
// and have the second rename drop the first one's marks. It holds the pid:
// a lock whose process is gone (kill -9 in the middle of a save), or that is
// older than any save takes, is broken. It also holds a token, so that a
// store releases only its own lock, never one taken after its was broken.
const staleAfterMs = 10_000;
const emptyStaleAfterMs = 1000;

type Holder = 'gone' | 'stale' | 'live';

function holder(lock: string): Holder {
	let text: string;
	let mtimeMs: number;
	try {
		text = readFileSync(lock, 'utf8');
		mtimeMs = statSync(lock).mtimeMs;
	} catch {
		return 'gone';
	}
	const age = Date.now() - mtimeMs;
	if (age > staleAfterMs) return 'stale';
	const pid = Number(text.split(' ')[0]);
	// Empty: just created, the pid about to be written (microseconds), unless killed in between.
	if (!Number.isInteger(pid) || pid <= 0) return age > emptyStaleAfterMs ? 'stale' : 'live';
	// Our own pid: left by a dead process of that pid, or held by another store of this process whose save
	// is in flight. Either way it is broken: a save checks before its rename that nobody wrote since it read.
	if (pid === process.pid) return 'stale';
	return alive(pid) ? 'live' : 'stale';
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: alive, another user's.
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

/** Take the lock for `file`: its token, or undefined when another live process holds it. Throws when it cannot be created. */
export function acquireLock(file: string): string | undefined {
	const lock = `${file}.lock`;
	const token = `${process.pid} ${randomBytes(6).toString('hex')}`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(lock, 'wx', 0o600);
			try {
				writeSync(fd, token);
			} finally {
				closeSync(fd);
			}
			return token;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const state = holder(lock);
		if (state === 'live') return undefined;
		if (state === 'stale') rmSync(lock, {force: true});
	}
	return undefined;
}

/** Remove the lock if it is still the one taken with `token`. */
export function releaseLock(file: string, token: string): void {
	const lock = `${file}.lock`;
	try {
		if (readFileSync(lock, 'utf8') === token) rmSync(lock, {force: true});
	} catch {
		// Gone already (broken as stale): nothing to release.
	}
}

/** Break the lock whoever holds it: used on quit after waiting, when saving matters more than the rare clash. */
export function breakLock(file: string): void {
	rmSync(`${file}.lock`, {force: true});
}

/** Temporary files left by processes killed in the middle of a save (`<file>.<pid>-<random>.tmp`). */
export function removeStaleTemporaries(file: string): void {
	const prefix = `${path.basename(file)}.`;
	try {
		for (const name of readdirSync(path.dirname(file))) {
			const pid = Number(/^(\d+)-[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length))?.[1]);
			if (name.startsWith(prefix) && pid && pid !== process.pid && !alive(pid))
				rmSync(path.join(path.dirname(file), name), {force: true});
		}
	} catch {
		// No folder yet, or not readable: nothing to tidy.
	}
}
