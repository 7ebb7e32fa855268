import {displayWidth} from '../text/width.js';

// WeChat exporters write a hard break after every inline span, so most breaks only split a sentence
// (`Oracle` / `官方发布了` / `2022` / `年`). A break is kept only on evidence that the source meant a line:
// the line ends a sentence, the next is a list item, a `label：value` field or a URL, or the paragraph
// is made of lines (no sentence punctuation at all, or lines of even length as in verse).

const closing = /^[，。、；：？！）」』》〉】〕］｝〗〙〛”’…～%,.;:?!)\]}]/u;
const opening = /[（「『《〈【〔［｛〖〘〚“‘([{]$/u;
// A sentence ends here: full stop and the like, then any closing quotes, brackets or footnote markers.
const terminal = /(?:[。！？；!?;…～~]|[^\s\d.]\.|\.\.\.)(?:[”’」』）》】)"'\]]|\[\d+\])*$/u;
const midSentence = /[，、,]$/u;
// A piece that is only a number or bullet (`1、`, `2.1`, `#1`, `①`, `0x01`): it belongs to the text after it.
const markerOnly =
	/^(?:\d{1,3}(?:[.．]\d{1,3})*[、.．)）]?|[(（]\d{1,2}[)）]|[①-⑳⑴-⒇❶-❿]|[一二三四五六七八九十]{1,3}[、.．]|#\d{1,3}|0x[\da-f]{1,2}|[•●○■□◆◇▪►▶✓✔★☆※·*+-])$/iu;
// The start of a list item or numbered heading, with its text: `1、` `2.该` `2.1 概述` `①` `•`. Not `1.39.1版本`,
// `7.8`, `4 月` or `3.1.0`, which are numbers in running text.
const listStart =
	/^(?:\d{1,2}(?:[.．]\d{1,2})?[、)）]|\d{1,2}(?:[.．]\d{1,2})?[.．](?=\s*[^\s\d.])|\d{1,2}[.．]\d{1,2}\s+(?=\S)|[(（]\d{1,2}[)）]|[①-⑳⑴-⒇❶-❿]|[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十\d]{1,3}[步章节条点部篇项]|#\d{1,2}\s|0x[\da-f]{2}\s|[•●○■□◆◇▪►▶✓✔★☆※▫]|[-*+·](?=\s))/iu;
const image = /^(?:\[图[^\]]*\]\s*)+$/u;
// `漏洞名称：XXX`: a short label without punctuation, then a colon (not `https://`, not `19:00`).
const label = /^[^\s，。；：:、！？!?,（）()【】「」“”]{1,12}(?:：|:(?![\d/\\]))/u;
const url = /^https?:\/\/\S+$/iu;
const endsWithUrl = /https?:\/\/[^\s\u4e00-\u9fff]+$/iu;
// Headings common enough to stand alone even when short (`前言` then the text).
const headingWord =
	/^(?:前言|概述|简介|背景|摘要|引言|总结|结语|导语|目录|附录|写在前面|漏洞描述|漏洞详情|漏洞概述|漏洞简介)$/u;
// A rule drawn with characters (`=====`, `-----`).
const rule = /^[=\-_*~—·.#]{3,}$/u;
const footnoteEnd = /\[\d+\]$/u;
const sentencePunctuation = /[，。；！？、]|[,;.!?](?=\s|$)/u;
const blank = /^[\s\u200b-\u200d\ufeff]*$/u;

/** Columns, but only up to `limit`: the rules only ask whether a piece is short, and this keeps them linear. */
function widthUpTo(text: string, limit: number): number {
	return text.length > limit ? limit + 1 : displayWidth(text);
}

const tinyWidth = 4;

type Piece = {
	text: string;
	width: number;
	tiny: boolean;
	marker: boolean;
	image: boolean;
	/** Space at its start or end: the exporter cut it out of running text. */
	spaceBefore: boolean;
	spaceAfter: boolean;
};

function describe(raw: string): Piece {
	const text = raw.trim();
	const width = widthUpTo(text, 48);
	const marker = markerOnly.test(text);
	const isImage = image.test(text);
	return {
		text,
		width,
		marker,
		image: isImage,
		tiny: width <= tinyWidth && !marker && !isImage,
		spaceBefore: /^\s/u.test(raw),
		spaceAfter: /\s$/u.test(raw),
	};
}

function isField(text: string): boolean {
	const match = label.exec(text);
	return match !== null && text.length > match[0].length;
}

function isLabelOnly(text: string): boolean {
	const match = label.exec(text);
	return match !== null && text.length === match[0].length;
}

// Four or more lines of even length, all ending alike (all with a comma or full stop, or all bare): verse.
function isVerse(pieces: readonly Piece[]): boolean {
	const lines = pieces.filter((piece) => !piece.image);
	if (lines.length < 4) return false;
	const ending = (piece: Piece) => /[，。！？；、,.!?;]$/u.test(piece.text);
	let min = Infinity;
	let max = 0;
	for (const piece of lines) {
		if (piece.tiny || piece.width > 40 || ending(piece) !== ending(lines[0]!)) return false;
		if (closing.test(piece.text) || opening.test(piece.text)) return false;
		min = Math.min(min, piece.width);
		max = Math.max(max, piece.width);
	}
	return min >= 8 && max - min <= 4;
}

const bareLine = /^\p{Script=Han}[^，。；！？、,;!?]*\p{Script=Han}$/u;
function isBareLine(piece: Piece): boolean {
	return piece.width >= 8 && !piece.spaceBefore && !piece.spaceAfter && bareLine.test(piece.text);
}

type Paragraph = {soup: boolean; lines: boolean; verse: boolean};
export type Reason = `${'keep' | 'join'}: ${string}`;

/** Why a break between two non-blank pieces is kept or joined; `before` is the piece before `a`, if any. */
function judge(a: Piece, b: Piece, before: Piece | undefined, paragraph: Paragraph): Reason {
	if (closing.test(b.text)) return 'join: closing punctuation';
	if (opening.test(a.text)) return 'join: opening bracket';
	if (paragraph.verse) return 'keep: verse';
	if (a.marker) return 'join: marker';
	if (a.image || b.image) return 'keep: image';
	if (rule.test(a.text) || rule.test(b.text)) return 'keep: rule';
	if (headingWord.test(a.text)) return 'keep: heading';
	if (terminal.test(a.text)) return 'keep: sentence end';
	if (a.tiny) return 'join: short piece';
	if (listStart.test(b.text)) return 'keep: list item';
	if (b.tiny) return 'join: short piece';
	// Spaces at the seam (`欢迎访问 ` / URL / ` 下载的`) mean the URL sat inside a sentence.
	const seamSpace = a.spaceAfter || b.spaceBefore;
	if (endsWithUrl.test(a.text)) return seamSpace ? 'join: URL in text' : 'keep: after URL';
	if (url.test(b.text)) return /[：:]$/u.test(a.text) || seamSpace ? 'join: URL in text' : 'keep: URL line';
	// One link a line, each ending with its footnote marker: a list of related articles.
	if (footnoteEnd.test(a.text) && footnoteEnd.test(b.text)) return 'keep: list of links';
	if (isField(b.text)) return !paragraph.soup || isField(a.text) ? 'keep: field' : 'join: label in span soup';
	if (isLabelOnly(a.text)) return 'join: label value';
	if (isLabelOnly(b.text) && (isField(a.text) || (before !== undefined && isLabelOnly(before.text))))
		return 'keep: field';
	// A numbered heading such as `0x01 工具介绍` or `2.1 概述`.
	if (listStart.test(a.text) && a.width <= 24 && !sentencePunctuation.test(a.text)) return 'keep: numbered heading';
	if (midSentence.test(a.text)) return 'join: mid-sentence';
	if (/的$/u.test(a.text) || /^[的了]/u.test(b.text)) return 'join: particle';
	return paragraph.lines ? 'keep: lines' : 'join: prose';
}

/**
 * For the pieces of one paragraph between hard breaks (`  \n`, `\\\n`, `<br>`), whether each break is kept:
 * `result[i]` is the break between `pieces[i]` and `pieces[i + 1]`; false joins the two pieces.
 */
export function keptBreaks(pieces: readonly string[]): boolean[] {
	return explainBreaks(pieces).map((reason) => reason.startsWith('keep'));
}

/** The same judgement with the rule behind each break, for tests and for checking the rules on an archive. */
export function explainBreaks(pieces: readonly string[]): Reason[] {
	const result = Array.from({length: Math.max(0, pieces.length - 1)}, (): Reason => 'join: blank piece');
	// Blank pieces are transparent: the break before one joins, the break after it decides as if it were not there.
	const described = pieces.map((piece) => (blank.test(piece) ? undefined : describe(piece)));
	const present = described.filter((piece) => piece !== undefined);
	const paragraph: Paragraph = {
		soup: present.some((piece) => piece.tiny),
		// More than two lines of Chinese words without punctuation: a list written without markers.
		lines: present.length > 2 && present.every(isBareLine),
		verse: isVerse(present),
	};
	let previous: number | undefined;
	let beforePrevious: number | undefined;
	for (let i = 0; i < pieces.length; i++) {
		const piece = described[i];
		if (piece === undefined) continue;
		if (previous !== undefined) {
			const before = beforePrevious === undefined ? undefined : described[beforePrevious];
			result[i - 1] = judge(described[previous]!, piece, before, paragraph);
		}
		beforePrevious = previous;
		previous = i;
	}
	joinFragments(described, result);
	return result;
}

// A line of at most four columns left by the rules (`…完成。` / `谢谢`) reads as a fragment: it joins the line
// before it, or the one after it when it is the first. Headings such as `前言` stay.
function joinFragments(described: readonly (Piece | undefined)[], result: Reason[]): void {
	let start = 0;
	let width = 0;
	let text = '';
	for (let i = 0; i < described.length; i++) {
		const piece = described[i];
		if (piece !== undefined) {
			width += piece.width;
			if (text.length < 16) text += piece.text;
		}
		const ends = i === described.length - 1 || result[i]!.startsWith('keep');
		if (!ends) continue;
		const short = text !== '' && width <= tinyWidth && !headingWord.test(text);
		if (short) {
			if (start > 0) result[start - 1] = 'join: fragment line';
			else if (i < result.length) result[i] = 'join: fragment line';
		}
		start = i + 1;
		width = 0;
		text = '';
	}
}
