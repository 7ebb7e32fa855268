import type * as PinyinPro from 'pinyin-pro';
import {lazyPackage} from '../lazy-package.js';

const pinyinPro = lazyPackage<typeof PinyinPro>('pinyin-pro');

// Latin letters find Chinese the way contact search does: by full pinyin
// (`weixin` → 微信) and by initials (`wx`), mixed freely, with the last
// syllable allowed to be a prefix (`weix`). Every reading of a polyphonic
// character counts (重庆 is found by `chongqing`; 重 also reads zhong).
type Readings = {all: string[]; initials: string};
// By UTF-16 code unit, not by one-character string: `text[i]` of a Chinese character allocates a new string, and a
// pinyin query reads every character of 100,000 titles per keystroke (140 MB of garbage each time).
const readingsCache: Array<Readings | undefined> = [];
const han = /\p{Script=Han}/u;
const none: Readings = {all: [], initials: ''};

function readingsOf(code: number): Readings {
	let result = readingsCache[code];
	if (!result) {
		const character = String.fromCharCode(code);
		const all = han.test(character)
			? [
					...new Set(
						pinyinPro()
							.pinyin(character, {toneType: 'none', type: 'array', multiple: true})
							.map((r) => r.toLowerCase()),
					),
				]
			: [];
		result = all.length === 0 ? none : {all, initials: all.map((reading) => reading[0]).join('')};
		readingsCache[code] = result;
	}
	return result;
}

/** Pinyin applies to words of Latin letters, two or more. */
export function isPinyinWord(word: string): boolean {
	return /^[a-z]{2,64}$/.test(word);
}

/** Whether `word` from `at` on is a prefix of `reading` (no substring allocated: this runs for every character searched). */
function restIsPrefixOf(word: string, at: number, reading: string): boolean {
	if (word.length - at > reading.length) return false;
	for (let i = at; i < word.length; i++) if (word.charCodeAt(i) !== reading.charCodeAt(i - at)) return false;
	return true;
}

// Dead ends of the current search, reused between calls (the search is synchronous).
const failed = new Set<number>();

/** The index just past a pinyin match of `word` starting at `start` in `text`, or -1. */
function matchAt(text: string, start: number, word: string, at: number): number {
	if (at === word.length) return start;
	// Remembering dead ends keeps this linear even for words like `aaaaaaaa`.
	if (start >= text.length || failed.has(start * 256 + at)) return -1;
	for (const reading of readingsOf(text.charCodeAt(start)).all) {
		if (word.startsWith(reading, at)) {
			const end = matchAt(text, start + 1, word, at + reading.length);
			if (end !== -1) return end;
		}
		if (restIsPrefixOf(word, at, reading)) return start + 1;
		if (reading.length > 1 && reading.charCodeAt(0) === word.charCodeAt(at)) {
			const end = matchAt(text, start + 1, word, at + 1);
			if (end !== -1) return end;
		}
	}
	failed.add(start * 256 + at);
	return -1;
}

/** Ranges of Chinese characters in `text` that spell `word` in pinyin. `text` is indexed per UTF-16 unit; Han characters of the BMP only. */
export function pinyinRanges(word: string, text: string, first = false): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	const initial = word[0]!;
	for (let start = 0; start < text.length; start++) {
		const code = text.charCodeAt(start);
		if (code < 0x3400 || !readingsOf(code).initials.includes(initial)) continue;
		failed.clear();
		const end = matchAt(text, start, word, 0);
		if (end !== -1) {
			ranges.push([start, end]);
			if (first) break;
			start = end - 1;
		}
	}
	return ranges;
}

export function pinyinMatches(word: string, text: string): boolean {
	return pinyinRanges(word, text, true).length > 0;
}

/** Look up the readings of every Chinese character in `text` now, so the first pinyin query does not pay for it. */
export function warmPinyin(text: string): void {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x3400) readingsOf(text.charCodeAt(i));
}
