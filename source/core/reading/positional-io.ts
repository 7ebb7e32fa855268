import {readSync, writeSync} from 'node:fs';

// Reads and writes at a position, whole: one call may move fewer bytes than asked. Shared by the cache, the body
// text store and the body search.

/** Write all of `bytes` at `position`; returns their length. */
export function writeAll(fd: number, bytes: Uint8Array, position: number): number {
	for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
	return bytes.length;
}

/** Read `length` bytes at `position` into the start of `buffer` (fewer at the end of the file); returns how many. */
export function readFully(fd: number, buffer: Uint8Array, length: number, position: number): number {
	let got = 0;
	while (got < length) {
		const read = readSync(fd, buffer, got, length - got, position + got);
		if (read === 0) break;
		got += read;
	}
	return got;
}

/** `length` bytes at `position`, in a new buffer (shorter at the end of the file). */
export function readAt(fd: number, position: number, length: number): Buffer {
	const buffer = Buffer.allocUnsafe(length);
	return buffer.subarray(0, readFully(fd, buffer, length, position));
}
