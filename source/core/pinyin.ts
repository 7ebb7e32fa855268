import {pinyin} from 'pinyin-pro';

// Latin letters find Chinese the way contact search does: by full pinyin
// (`weixin` → 微信) and by initials (`wx`), mixed freely, with the last
// syllable allowed to be a prefix (`weix`). Every reading of a polyphonic
// character counts (重庆 is found by `chongqing`; 重 also reads zhong).
const readingsCache = new Map<string, string[]>();
const han = /\p{Script=Han}/u;

function readings(character: string): string[] {
	let result = readingsCache.get(character);
	if (!result) {
		result = han.test(character)
			? [...new Set(pinyin(character, {toneType: 'none', type: 'array', multiple: true}).map((r) => r.toLowerCase()))]
			: [];
		readingsCache.set(character, result);
	}
	return result;
}

/** Pinyin applies to words of Latin letters, two or more. */
export function isPinyinWord(word: string): boolean {
	return /^[a-z]{2,64}$/.test(word);
}

/** The index just past a pinyin match of `word` starting at `start` in `text`, or -1. */
function matchAt(text: string, start: number, word: string, at: number, failed: Set<number>): number {
	if (at === word.length) return start;
	const character = text[start];
	// Remembering dead ends keeps this linear even for words like `aaaaaaaa`.
	if (character === undefined || failed.has(start * 256 + at)) return -1;
	for (const reading of readings(character)) {
		if (word.startsWith(reading, at)) {
			const end = matchAt(text, start + 1, word, at + reading.length, failed);
			if (end !== -1) return end;
		}
		if (reading.startsWith(word.slice(at))) return start + 1;
		if (reading.length > 1 && reading[0] === word[at]) {
			const end = matchAt(text, start + 1, word, at + 1, failed);
			if (end !== -1) return end;
		}
	}
	failed.add(start * 256 + at);
	return -1;
}

/** Ranges of Chinese characters in `text` that spell `word` in pinyin. `text` is indexed per UTF-16 unit; Han characters of the BMP only. */
export function pinyinRanges(word: string, text: string, first = false): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (let start = 0; start < text.length; start++) {
		const character = text[start]!;
		if (character < '\u3400') continue;
		const initials = readings(character);
		if (!initials.some((reading) => reading[0] === word[0])) continue;
		const end = matchAt(text, start, word, 0, new Set());
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
	for (const character of text) if (character >= '\u3400') readings(character);
}
