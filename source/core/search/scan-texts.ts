import {readFully} from '../reading/positional-io.js';

// Looking for needles in body texts on disk: one scan of byte ranges of
// the body text file (catalog/text-store.ts), shared by the body search
// worker and its tests. UTF-8 is self-synchronising, so a byte match of a
// folded needle is exactly a match of the folded string (`String.includes`),
// and a newline after every text keeps a match from running into the next one
// (folded text and needles have none).

/** A scan answers a small chunk of the list first, so the list fills at once, then chunks twice as large, up to the last. */
export const firstChunk = 256;
const maxChunk = 8192;
export const nextChunk = (size: number) => Math.min(maxChunk, size * 2);

/**
 * scanTexts for one chunk of a scan, in a worker or on the main thread. The store may have been closed (the catalog
 * stopped) or a read may fail: no body matches then, never a crash.
 */
export function scanChunk(
	fd: number,
	spans: Float64Array,
	needles: Buffer[],
	buffer: Parameters<typeof scanTexts>[3],
): Uint32Array {
	try {
		return scanTexts(fd, spans, needles, buffer);
	} catch {
		return new Uint32Array(spans.length / 2);
	}
}

/** Texts lying closer than this are read in one go (cheaper than another read call). */
const readGap = 64 * 1024;
// A worker's read buffer is this large (memory outside the heap, resident once read into); larger reads are no faster.
const maxRead = 1024 * 1024;

/**
 * For each span (`spans` holds [offset, length] pairs; a negative length: no text), the needles its text holds, as
 * bits (bit i for needle i), in the spans' order.
 */
export function scanTexts(
	fd: number,
	spans: Float64Array,
	needles: Buffer[],
	buffer = {bytes: Buffer.alloc(0)},
): Uint32Array {
	const count = spans.length / 2;
	const bits = new Uint32Array(count);
	// In file order, so that texts written one after another are read in one go.
	const order: number[] = [];
	for (let i = 0; i < count; i++) if (spans[i * 2 + 1]! > 0) order.push(i);
	order.sort((a, b) => spans[a * 2]! - spans[b * 2]!);
	for (let first = 0; first < order.length;) {
		const start = spans[order[first]! * 2]!;
		let last = first;
		let end = start + spans[order[first]! * 2 + 1]!;
		while (last + 1 < order.length) {
			const next = order[last + 1]!;
			const at = spans[next * 2]!;
			const nextEnd = at + spans[next * 2 + 1]!;
			if (at - end > readGap || nextEnd - start > maxRead) break;
			end = Math.max(end, nextEnd);
			last++;
		}
		const length = end - start;
		if (buffer.bytes.length < length) buffer.bytes = Buffer.allocUnsafe(Math.max(length, 1024 * 1024));
		const view = buffer.bytes.subarray(0, readFully(fd, buffer.bytes, length, start));
		for (const [needleIndex, needle] of needles.entries()) {
			const bit = 1 << needleIndex;
			let k = first;
			let from = spans[order[k]! * 2]! - start;
			while (k <= last) {
				const hit = view.indexOf(needle, from);
				if (hit === -1) break;
				const hitEnd = hit + needle.length;
				// The first text that ends at or after the match's end; a match in a gap between texts is in none.
				while (k <= last && spans[order[k]! * 2]! - start + spans[order[k]! * 2 + 1]! < hitEnd) k++;
				if (k > last) break;
				const textStart = spans[order[k]! * 2]! - start;
				if (textStart <= hit) {
					bits[order[k]!]! |= bit;
					k++;
					if (k > last) break;
					from = spans[order[k]! * 2]! - start;
				} else {
					from = textStart;
				}
			}
		}
		first = last + 1;
	}
	return bits;
}
