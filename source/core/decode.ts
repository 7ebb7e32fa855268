// Bytes to text. Chinese archives are mostly UTF-8, but GBK/GB18030 files
// are common; they are detected by failing strict UTF-8 and decoded rather
// than shown as mojibake. Binary files are refused.
const utf8 = new TextDecoder('utf-8', {fatal: true});
const utf8Lenient = new TextDecoder('utf-8');
const gb18030 = new TextDecoder('gb18030', {fatal: true});

export type Decoded = {text: string; encoding: string} | {error: string};

function looksBinary(bytes: Uint8Array): boolean {
	const sample = bytes.subarray(0, 8192);
	let controls = 0;
	for (const byte of sample) {
		if (byte === 0) return true;
		if (byte < 8 || (byte > 13 && byte < 32 && byte !== 27)) controls++;
	}
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
	try {
		return {text: utf8.decode(bytes), encoding: 'utf-8'};
	} catch {}
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
