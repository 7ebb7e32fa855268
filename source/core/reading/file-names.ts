// File names are bytes. Archives unzipped from Windows keep GBK (or Big5)
// names, which are not UTF-8: they are decoded for showing, and the bytes
// are kept, since only they open the file.
import {isUtf8} from 'node:buffer';
import {decodeLegacy} from './decode.js';

export type DecodedName = {
	name: string;
	/** How a name that is not UTF-8 was read; undefined for UTF-8. */
	encoding?: 'GB18030' | 'Big5' | 'escapes';
};

/** Bytes that are not part of a valid UTF-8 character as `\xNN`, the rest as text. */
function escapeInvalid(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length;) {
		const byte = bytes[i]!;
		const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 ? 2 : 0;
		const char = length > 0 && i + length <= bytes.length ? bytes.subarray(i, i + length) : undefined;
		if (char && isUtf8(char)) {
			out += Buffer.from(char).toString('utf8');
			i += length;
		} else {
			out += `\\x${byte.toString(16).padStart(2, '0')}`;
			i++;
		}
	}
	return out;
}

/** A name as read from a folder. */
export function decodeName(bytes: Uint8Array): DecodedName {
	if (isUtf8(bytes)) return {name: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')};
	const legacy = decodeLegacy(bytes);
	if (legacy) return {name: legacy.text, encoding: legacy.encoding === 'big5' ? 'Big5' : 'GB18030'};
	return {name: escapeInvalid(bytes), encoding: 'escapes'};
}

/** The warning for a path whose bytes (base64, `/`-separated) hold a name that is not UTF-8. */
export function nameWarning(pathBytes: string): string | undefined {
	const bytes = Buffer.from(pathBytes, 'base64');
	let start = 0;
	for (let i = 0; i <= bytes.length; i++) {
		if (i < bytes.length && bytes[i] !== 0x2f) continue;
		const {encoding} = decodeName(bytes.subarray(start, i));
		if (encoding === 'escapes') return 'file name is not UTF-8 (nor GB18030 or Big5): shown with \\x escapes';
		if (encoding) return `file name is not UTF-8, read as ${encoding}`;
		start = i + 1;
	}
	return undefined;
}
