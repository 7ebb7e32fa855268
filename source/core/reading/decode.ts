// Bytes to text. Chinese archives are mostly UTF-8, but GBK/GB18030 files
// are common, and Big5 ones (Taiwan, Hong Kong) turn up; they are detected by
// failing strict UTF-8, told apart by their byte patterns, and decoded rather
// than shown as mojibake. Binary files are refused.
import {isUtf8, transcode} from 'node:buffer';

const utf8Lenient = new TextDecoder('utf-8');

export type Legacy = 'gb18030' | 'big5';

const inRange = (byte: number, low: number, high: number) => byte >= low && byte <= high;

/**
 * The share of two-byte characters that fall where ordinary text of the encoding puts them: GB2312's punctuation
 * rows and its 6,763 Han characters for GB18030, Big5's punctuation and its 5,401 frequent characters for Big5.
 * Big5 text read as GBK lands mostly on kana, user-defined and rare extension characters (`いゅ代刚` for 中文測試);
 * GBK text read as Big5 often fails outright, and otherwise lands on Big5's less frequent half as often as not.
 */
function commonShare(bytes: Uint8Array, encoding: Legacy): number {
	let pairs = 0;
	let common = 0;
	// A sample is enough to tell, and keeps an 8 MB file from being scanned twice.
	const end = Math.min(bytes.length, 64 * 1024);
	for (let i = 0; i < end;) {
		const lead = bytes[i]!;
		if (lead < 0x81 || lead === 0xff) {
			i++;
			continue;
		}
		const trail = bytes[i + 1] ?? 0;
		pairs++;
		if (encoding === 'gb18030') {
			if (inRange(trail, 0x30, 0x39)) {
				i += 4; // a four-byte GB18030 sequence: never a common character
				continue;
			}
			if ((inRange(lead, 0xa1, 0xa3) || inRange(lead, 0xb0, 0xf7)) && inRange(trail, 0xa1, 0xfe)) common++;
		} else {
			const trailOk = inRange(trail, 0x40, 0x7e) || inRange(trail, 0xa1, 0xfe);
			const punctuation = inRange(lead, 0xa1, 0xa2) || (lead === 0xa3 && trail <= 0xbf);
			const frequent = inRange(lead, 0xa4, 0xc5) || (lead === 0xc6 && trail <= 0x7e);
			if (trailOk && (punctuation || frequent)) common++;
		}
		i += 2;
	}
	return pairs === 0 ? 0 : common / pairs;
}

/**
 * Text that is not UTF-8 read as GB18030 or Big5, whichever decodes without error and looks more like ordinary text
 * (GB18030 on a tie: mainland archives are the more common). `partial`: the bytes are a file's head, whose cut last
 * character is dropped. Undefined when neither decodes.
 */
export function decodeLegacy(bytes: Uint8Array, partial = false): {text: string; encoding: Legacy} | undefined {
	const order: Legacy[] =
		commonShare(bytes, 'big5') > commonShare(bytes, 'gb18030') ? ['big5', 'gb18030'] : ['gb18030', 'big5'];
	for (const encoding of order) {
		try {
			// A fresh decoder each time: one in stream mode holds back a cut last character instead of failing on it.
			return {text: new TextDecoder(encoding, {fatal: true}).decode(bytes, {stream: partial}), encoding};
		} catch {
			// Not this encoding.
		}
	}
	return undefined;
}

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

/** Control bytes other than tab, newline, vertical tab, form feed, carriage return and escape; NUL apart. */
const isControl = (byte: number) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b);

/**
 * Whether a file's bytes are not text (decodeBytes refuses them): a NUL, or more than a tenth control bytes, in the
 * first 8 KB. Counted in place, four bytes at a time (a cold start tests every file; a string of the sample was a
 * quarter of its garbage).
 */
export function looksBinary(bytes: Uint8Array): boolean {
	const length = Math.min(bytes.length, 8192);
	let controls = 0;
	/** Counts the control bytes from `from` to `to`; false at a NUL (binary, whatever else follows). */
	const count = (from: number, to: number) => {
		for (let i = from; i < to; i++) {
			const byte = bytes[i]!;
			if (byte === 0) return false;
			if (isControl(byte)) controls++;
		}
		return true;
	};
	// Whole words from the first aligned byte; the bytes before and after them one by one.
	const first = Math.min(length, (4 - (bytes.byteOffset % 4)) % 4);
	const words = (length - first) >>> 2;
	if (!count(0, first)) return true;
	const view = words === 0 ? undefined : new Uint32Array(bytes.buffer, bytes.byteOffset + first, words);
	for (let i = 0; i < words; i++) {
		const word = view![i]!;
		// Whether a byte of the word is below 0x20 (exact: "hasless" of Bit Twiddling Hacks).
		if (((word - 0x20202020) & ~word & 0x80808080) !== 0 && !count(first + i * 4, first + i * 4 + 4)) return true;
	}
	if (!count(first + words * 4, length)) return true;
	return controls > length / 10;
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
	// Two-byte encodings are read from the start to find their boundaries.
	return decodeLegacy(whole, partial) ?? {text: lenient, encoding: 'utf-8 with invalid bytes replaced'};
}

/**
 * Valid UTF-8 (whole characters) as text: through ICU, which decodes CJK text several times faster than
 * Buffer.toString, to the same string; toString where ICU is missing.
 */
export function utf8Text(bytes: Buffer, end: number): string {
	try {
		return transcode(bytes.subarray(0, end), 'utf8', 'utf16le').toString('utf16le');
	} catch {
		return bytes.toString('utf8', 0, end);
	}
}
