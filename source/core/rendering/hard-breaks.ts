// Placeholder (to be replaced by the real judgement): keeps every break but those that split at punctuation.
const closing = /^[，。、；：？！）」』》〉】〕］｝〗〙〛,.;:?!)\]}]/u;
const opening = /[（「『《〈【〔［｛〖〘〚‘“([{]$/u;

/**
 * For the pieces of one paragraph between hard breaks (`  \n`, `\\\n`, `<br>`), whether each break is kept:
 * `result[i]` is the break between `pieces[i]` and `pieces[i + 1]`; false joins the two pieces.
 */
export function keptBreaks(pieces: readonly string[]): boolean[] {
	return pieces.slice(1).map((next, i) => !(closing.test(next.trimStart()) || opening.test(pieces[i]!.trimEnd())));
}
