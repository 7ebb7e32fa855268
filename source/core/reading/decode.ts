// Bytes to text. Chinese archives are mostly UTF-8, but GBK/GB18030 files
// are common; they are detected by failing strict UTF-8 and decoded rather
// than shown as mojibake. Binary files are refused.
import {isUtf8} from 'node:buffer';

const utf8Lenient = new TextDecoder('utf-8');
const gb18030 = new TextDecoder('gb18030', {fatal: true});

export type Decoded = {text: string; encoding: string} | {error: string};

// Control bytes other than tab, newline, carriage return, form feed and escape.
const controlBytes = /[\x01-\x08\x0e-\x1a\x1c-\x1f]/g;

function looksBinary(bytes: Uint8Array): boolean {
	const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 8192));
	if (sample.indexOf(0) !== -1) return true;
	const controls = sample.toString('latin1').match(controlBytes)?.length ?? 0;
	return controls > sample.length / 10;
}

export function decodeBytes(bytes: Uint8Array): Decoded {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		return {text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le'};
	}
	if (bytes[0] === 0xfe && bytes[1] === 0xff) {
		return {text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be'};
	}
	if (looksBinary(bytes)) return {error: 'binary file, not an article'};
	if (isUtf8(bytes))
		return {text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), encoding: 'utf-8'};
	// A few bad bytes in a UTF-8 file are damage; a GBK file is invalid UTF-8 at nearly every Chinese character.
	const lenient = utf8Lenient.decode(bytes);
	const damaged = lenient.split('\uFFFD').length - 1;
	if (damaged <= Math.max(2, bytes.length / 2000)) {
		return {text: lenient, encoding: 'utf-8 with invalid bytes replaced'};
	}
	try {
		return {text: gb18030.decode(bytes), encoding: 'gb18030'};
	} catch {}
	return {text: lenient, encoding: 'utf-8 with invalid bytes replaced'};
}
