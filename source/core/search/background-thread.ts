import {readlinkSync} from 'node:fs';
import os from 'node:os';

/** The nice value of a worker thread: below the interface, which stays at the process's own. */
export const backgroundNice = 10;

/**
 * Lower the calling thread's priority, where a thread has its own (Linux: `/proc/thread-self` names it), so that
 * where a worker and the interface both want one of two cores the interface has it first. (Measured alone at a
 * million articles it did not move the keystroke figures beyond the noise: their slow keys were collections.)
 * Elsewhere nothing changes.
 */
export function runInBackground(): void {
	try {
		const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
		// Never the process itself: that would lower the interface too.
		if (Number.isSafeInteger(thread) && thread > 0 && thread !== process.pid) os.setPriority(thread, backgroundNice);
	} catch {
		// No /proc, or not allowed: the worker runs at the interface's priority, as before.
	}
}
