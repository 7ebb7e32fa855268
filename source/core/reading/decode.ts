// Bytes to text. Chinese archives are mostly UTF-8, but GBK/GB18030 files
// are common; they are detected by failing strict UTF-8 and decoded rather
// than shown as mojibake. Binary files are refused.
import {isUtf8} from 'node:buffer';

const utf8Lenient = new TextDecoder('utf-8');
const gb18030 = new TextDecoder('gb18030', {fatal: true});

/** Where the last whole UTF-8 character ends: a read cut mid-character loses only that character. */
export function utf8Boundary(bytes: Uint8Array): number {
	let lead = bytes.length - 1;
	while (lead >= 0 && bytes.length - lead <= 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
	if (lead < 0) return bytes.length;
	const byte = bytes[lead]!;
	const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
	return lead + length <= bytes.length ? bytes.length : lead;
}

export type Decoded = {text: string; encoding: string} | {error: string};

// Control bytes other than tab, newline, carriage return, form feed and escape.
const controlBytes = /[\x01-\x08\x0e-\x1a\x1c-\x1f]/g;

function looksBinary(bytes: Uint8Array): boolean {
	const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 8192));
	if (sample.indexOf(0) !== -1) return true;
	const controls = sample.toString('latin1').match(controlBytes)?.length ?? 0;
	return controls > sample.length / 10;
}

/**
 * Decode a file's bytes. `partial` says the bytes are only the head of the file: a character cut at
 * the end is then dropped (decoders in stream mode hold it back), never read as damage or as mojibake.
 */
export function decodeBytes(whole: Uint8Array, partial = false): Decoded {
	const stream = {stream: partial};
	if (whole[0] === 0xff && whole[1] === 0xfe) {
		return {text: new TextDecoder('utf-16le').decode(whole.subarray(2), stream), encoding: 'utf-16le'};
	}
	if (whole[0] === 0xfe && whole[1] === 0xff) {
		return {text: new TextDecoder('utf-16be').decode(whole.subarray(2), stream), encoding: 'utf-16be'};
	}
	if (looksBinary(whole)) return {error: 'binary file, not an article'};
	const bytes = partial ? whole.subarray(0, utf8Boundary(whole)) : whole;
	if (isUtf8(bytes))
		return {text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), encoding: 'utf-8'};
	// A few bad bytes in a UTF-8 file are damage; a GBK file is invalid UTF-8 at nearly every Chinese character.
	const lenient = utf8Lenient.decode(bytes);
	const damaged = lenient.split('\uFFFD').length - 1;
	if (damaged <= Math.max(2, bytes.length / 2000)) {
		return {text: lenient, encoding: 'utf-8 with invalid bytes replaced'};
	}
	try {
		// GB18030 is read from the start to find its boundaries: a fresh decoder drops a cut last character.
		const text = partial ? new TextDecoder('gb18030', {fatal: true}).decode(whole, stream) : gb18030.decode(whole);
		return {text, encoding: 'gb18030'};
	} catch {
		// Neither UTF-8 nor GB18030: read as damaged UTF-8 below.
	}
	return {text: lenient, encoding: 'utf-8 with invalid bytes replaced'};
}
