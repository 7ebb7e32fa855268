import {bodySearchText} from '../search/body-text.js';
import {readArticleFile, type FileRef, type ReadOptions} from '../reading/load.js';

// What indexing makes of one file, and how a batch of texts travels to the
// text store: the same whether a worker thread or the main thread made them.

/** Folded body texts in UTF-8, each followed by a newline, `lengths` bytes each (without it), for jobs `ids`. */
export type IndexedTexts = {ids: number[]; lengths: number[]; bytes: Uint8Array};

/** The folded body text of the file, on one line ('' when it cannot be read or rendered). */
export function indexText(root: string, file: FileRef, options: ReadOptions): string {
	try {
		const {article} = readArticleFile(root, file, options);
		// Folded text has single spaces for whitespace; a newline would end the record early.
		return article ? bodySearchText(article).replaceAll('\n', ' ') : '';
	} catch {
		// A body that cannot be rendered is simply not searchable; the reader reports it when opened.
		return '';
	}
}

/** Texts as the text store takes them, in one buffer (transferable from a worker). */
export function encodeTexts(ids: number[], texts: string[]): IndexedTexts {
	const encoded = texts.map((text) => Buffer.from(text));
	const bytes = new Uint8Array(encoded.reduce((sum, text) => sum + text.length + 1, 0));
	let at = 0;
	for (const text of encoded) {
		bytes.set(text, at);
		at += text.length;
		bytes[at++] = 0x0a;
	}
	return {ids, lengths: encoded.map((text) => text.length), bytes};
}
