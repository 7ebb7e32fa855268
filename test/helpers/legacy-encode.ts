// Text to GBK or Big5 bytes for tests. Node has decoders for both but no
// encoder, so the table is the decoder's, inverted over every two-byte code.
const tables = new Map<string, Map<string, number[]>>();

function table(encoding: 'gbk' | 'big5'): Map<string, number[]> {
	let map = tables.get(encoding);
	if (map) return map;
	map = new Map();
	const decoder = new TextDecoder(encoding, {fatal: true});
	for (let lead = 0x81; lead <= 0xfe; lead++) {
		for (let trail = 0x40; trail <= 0xfe; trail++) {
			let char: string;
			try {
				char = decoder.decode(Uint8Array.of(lead, trail));
			} catch {
				continue;
			}
			// The first code wins: Big5 has a few duplicates, and encoders pick the first too.
			if (!map.has(char)) map.set(char, [lead, trail]);
		}
	}
	tables.set(encoding, map);
	return map;
}

/** `text` in GBK or Big5; throws on a character the encoding lacks. */
export function encodeLegacy(text: string, encoding: 'gbk' | 'big5'): Buffer {
	const map = table(encoding);
	const bytes: number[] = [];
	for (const char of text) {
		const code = char.codePointAt(0)!;
		if (code < 0x80) bytes.push(code);
		else {
			const pair = map.get(char);
			if (!pair) throw new Error(`${char} (U+${code.toString(16)}) is not in ${encoding}`);
			bytes.push(...pair);
		}
	}
	return Buffer.from(bytes);
}
