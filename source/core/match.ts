// The one matcher behind `--filter` and the interactive filter.
// Rules: every word must appear; case and full-/half-width are folded
// (NFKC); whitespace next to a Chinese character is ignored, so `IT之家`
// finds `IT 之家`.

const cjkChar = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const spaceNextToCjk = new RegExp(`(?<=${cjkChar.source})\\s+|\\s+(?=${cjkChar.source})`, 'gu');

/** Fold a text the way the matcher compares it. */
export function foldForSearch(text: string): string {
	return text.normalize('NFKC').toLowerCase().replace(spaceNextToCjk, '').replace(/\s+/g, ' ');
}

export type Query = {words: string[]};

export function parseQuery(input: string): Query {
	// Split before folding: `微信 停运` is two words even though the text
	// side ignores spaces next to Chinese characters.
	return {
		words: input
			.normalize('NFKC')
			.split(/\s+/)
			.map((word) => foldForSearch(word).replace(/\s/g, ''))
			.filter(Boolean),
	};
}

export function isEmptyQuery(query: Query): boolean {
	return query.words.length === 0;
}

/** `folded` must come from foldForSearch. */
export function matchesFolded(query: Query, folded: string): boolean {
	return query.words.every((word) => folded.includes(word));
}

export type Range = [start: number, end: number];

/** Fold with a map from each folded character back to its place in the original. */
function foldWithMap(text: string): {
	folded: string;
	starts: number[];
	ends: number[];
} {
	const chars: Array<{c: string; start: number; end: number}> = [];
	let index = 0;
	for (const cp of text) {
		const end = index + cp.length;
		// One entry per UTF-16 unit, so that indexes into `folded` line up.
		for (const c of cp.normalize('NFKC').toLowerCase().split('')) chars.push({c, start: index, end});
		index = end;
	}
	const kept = chars.filter((item, i) => {
		if (!/\s/u.test(item.c)) return true;
		const previous = chars[i - 1]?.c ?? '';
		const next = chars[i + 1]?.c ?? '';
		if (cjkChar.test(previous) || cjkChar.test(next)) return false;
		return !/\s/u.test(previous); // Collapse runs to one space.
	});
	return {
		folded: kept.map((item) => (/\s/u.test(item.c) ? ' ' : item.c)).join(''),
		starts: kept.map((item) => item.start),
		ends: kept.map((item) => item.end),
	};
}

/** Where the query's words occur in `text`, as sorted, merged ranges of the original string. */
export function matchRanges(query: Query, text: string): Range[] {
	if (query.words.length === 0 || text === '') return [];
	const {folded, starts, ends} = foldWithMap(text);
	const ranges: Range[] = [];
	for (const word of query.words) {
		let at = folded.indexOf(word);
		while (at !== -1) {
			ranges.push([starts[at]!, ends[at + word.length - 1]!]);
			at = folded.indexOf(word, at + word.length);
		}
	}
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: Range[] = [];
	for (const range of ranges) {
		const last = merged.at(-1);
		if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
		else merged.push([...range]);
	}
	return merged;
}
