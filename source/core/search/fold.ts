import {toSimplified} from './chinese-fold.js';

// How the matcher compares text, and so how body text is folded before it is stored for search.

export const cjkSource =
	'[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u303f\\uff00-\\uffef]';
export const cjkChar = new RegExp(cjkSource, 'u');
const spaceNextToCjk = new RegExp(`(?<=${cjkSource})\\s+|\\s+(?=${cjkSource})`, 'gu');

/** Fold a text the way the matcher compares it. */
export function foldForSearch(text: string): string {
	return toSimplified(text.normalize('NFKC').toLowerCase()).replace(spaceNextToCjk, '').replace(/\s+/g, ' ');
}
