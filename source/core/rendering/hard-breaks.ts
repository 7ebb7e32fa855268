import {displayWidth} from '../text/width.js';

// WeChat exporters write a hard break after every inline span, so most breaks in their paragraphs only split a
// sentence (`Oracle` / `官方发布了` / `2022` / `年`). So a break joins unless the text shows the source meant a line.
// It always joins before closing punctuation, after an opening bracket or quote, and inside a bracket opened a few
// pieces back. It is kept in verse and in lists written without markers; around images and rules; after a heading
// word or the end of a sentence; before a list item, a date, a URL on its own line or a `label：value` field. Pieces
// of four columns or less join (`年`, `4`, `通告`), and so does everything else.

const closing = /^[，。、；：？！）」』》〉】〕］｝〗〙〛”’…～%,.;:?!)\]}]/u;
const opening = /[（「『《〈【〔［｛〖〘〚“‘([{]$/u;
const openers = '（「『《〈【〔［｛〖〘〚“‘([{';
const bracket = /[（「『《〈【〔［｛〖〘〚“‘([{）」』》〉】〕］｝〗〙〛”’)\]}]/gu;
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
// Headings common enough to stand alone even when short (`前言` then the text).
const headingWord =
	/^(?:前言|概述|简介|背景|摘要|引言|总结|小结|结语|结论|导语|目录|附录|正文|声明|免责声明|写在前面|漏洞(?:描述|详情|概述|简介|信息|分析|复现|原理|危害)|影响(?:范围|版本)|受影响版本|(?:修复|处置|安全)建议|修复方案|解决方案|缓解措施|参考(?:链接|资料))$/u;
// A rule drawn with characters (`=====`, `-----`).
const rule = /^[=\-_*~—·.#]{3,}$/u;
// A date or a time alone on its line, as under a related article's title: `2024.12.11`, `2024-01-21 08:35`.
const dateLine = /^(?:\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?|\d{1,2}月\d{1,2}日)(?:\s*(?:\d{1,2}:\d{2}(?::\d{2})?))?$/u;
// Bullets that also separate words inside a line (`Meow - Meow 勒索软件…`, `复现 · 工具`).
const inlineBullet = /^[-*+·]/u;
// A section number and a space, or `一、`: `0x01 工具介绍`, `2.1 概述`, `一、漏洞概述`. Not `2.提交`, which runs on.
const numberedHeading =
	/^(?:(?:0x[\da-f]{2}|\d{1,2}(?:[.．]\d{1,2})+|第[一二三四五六七八九十\d]{1,3}[章节部篇])\s+|[一二三四五六七八九十]{1,3}、)\S/iu;
const footnoteEnd = /\[\d+\]$/u;
// `• [2]`: a bullet and the marker of a link without text, which belong to the next line.
const emptyLink = /^[•●○■□◆◇▪►▶✓✔★☆※▫·*+-]?\s*\[\d+\]$/u;
const sentencePunctuation = /[，。；！？、]|[,;.!?](?=\s|$)/u;
const bareLine = /^[\p{L}\p{N}](?:[^，。；！？、：,;!?:/\\#_@=.]|(?<=\d)\.(?=\d))*[\p{L}\p{N}]$/u;
const blank = /^[\s\u200b-\u200d\ufeff]*$/u;

/** Pieces of at most this many columns (`年`, `4`, `通告`) are span soup, never a line of their own. */
const tinyWidth = 4;
// The rules look at the ends of a piece only: testing these slices keeps the work linear on huge pieces.
const headLength = 64;
const tailLength = 256;

type Piece = {
	head: string;
	tail: string;
	/** Columns, counted up to 48 only. */
	width: number;
	tiny: boolean;
	marker: boolean;
	image: boolean;
	label: 'none' | 'only' | 'field';
	/** Space at its start or end: the exporter cut it out of running text. */
	spaceBefore: boolean;
	spaceAfter: boolean;
	/** Brackets and quotes it leaves open (negative: it closes ones opened before). */
	depth: number;
};

function describe(raw: string): Piece {
	const text = raw.trim();
	const head = text.slice(0, headLength);
	const tail = text.slice(-tailLength);
	const width = text.length > 48 ? 49 : displayWidth(text);
	const short = text.length <= headLength;
	const marker = short && markerOnly.test(text);
	const isImage = short && image.test(text);
	const match = label.exec(head);
	let depth = 0;
	for (const [char] of text.matchAll(bracket)) depth += openers.includes(char) ? 1 : -1;
	return {
		head,
		tail,
		width,
		marker,
		image: isImage,
		tiny: width <= tinyWidth && !marker && !isImage,
		label: match === null ? 'none' : match[0].length === text.length ? 'only' : 'field',
		spaceBefore: /^\s/u.test(raw),
		spaceAfter: /\s$/u.test(raw),
		depth,
	};
}

// Four or more lines of even length, all ending alike (all with a comma or full stop, or all bare): verse.
function isVerse(pieces: readonly Piece[]): boolean {
	const lines = pieces.filter((piece) => !piece.image);
	if (lines.length < 4) return false;
	const ending = (piece: Piece) => /[，。！？；、,.!?;]$/u.test(piece.tail);
	let min = Infinity;
	let max = 0;
	for (const piece of lines) {
		if (piece.tiny || piece.width > 40 || ending(piece) !== ending(lines[0]!)) return false;
		if (closing.test(piece.head) || opening.test(piece.tail)) return false;
		min = Math.min(min, piece.width);
		max = Math.max(max, piece.width);
	}
	return min >= 8 && max - min <= 4;
}

// More than two phrases that start alike (all Chinese, or all Latin letters, or all digits), each without
// punctuation: a list written without markers. An opening line that ends with a colon may introduce them
// (`主要功能包括：` / `资产发现` / `漏洞扫描`); `漏洞：` / `jboss web` / `控制台` is one value cut into spans.
function isLineList(pieces: readonly Piece[]): boolean {
	const items = pieces.length > 0 && /[：:]$/u.test(pieces[0]!.tail) ? pieces.slice(1) : pieces;
	if (pieces.length < 3 || items.length < 2) return false;
	const kind = (piece: Piece) =>
		/^\p{Script=Han}/u.test(piece.head) ? 'han' : /^\p{L}/u.test(piece.head) ? 'letter' : 'digit';
	return items.every((piece) => isBareLine(piece) && kind(piece) === kind(items[0]!));
}

// A phrase without punctuation or spaces at its ends.
function isBareLine(piece: Piece): boolean {
	return piece.width >= 6 && piece.width <= 48 && !piece.spaceBefore && !piece.spaceAfter && bareLine.test(piece.tail);
}

// Three or more Chinese words of the same length, and nothing else: names or places a line (`张三` / `李四` / `王五`).
// Span soup is never this regular.
function isWordList(pieces: readonly Piece[]): boolean {
	return (
		pieces.length > 2 &&
		pieces.every(
			(piece) => piece.width === pieces[0]!.width && piece.width >= 4 && /^\p{Script=Han}+$/u.test(piece.tail),
		)
	);
}

type Paragraph = {soup: boolean; lines: boolean; verse: boolean; words: boolean};
type Context = {
	/** The piece before `a`, if any. */
	before: Piece | undefined;
	/** A bracket or quote opened in the last few pieces is still open. */
	inBrackets: boolean;
	/** A label (`名称：`) came since the last kept break: the pieces are fields. */
	fields: boolean;
	/** A blank piece (a space of its own) lies between `a` and `b`. */
	gap: boolean;
};
/** The rule behind one decision, such as `keep: sentence end` or `join: short piece`. */
export type Reason = `${'keep' | 'join'}: ${string}`;

/** Why the break between two non-blank pieces is kept or joined. */
function judge(a: Piece, b: Piece, paragraph: Paragraph, context: Context): Reason {
	if (closing.test(b.head)) return 'join: closing punctuation';
	if (opening.test(a.tail)) return 'join: opening bracket';
	if (context.inBrackets) return 'join: inside brackets';
	if (paragraph.verse) return 'keep: verse';
	if (paragraph.words) return 'keep: list of words';
	if (a.marker) return 'join: marker';
	if (a.image || b.image) return 'keep: image';
	if (rule.test(a.head) || rule.test(b.head)) return 'keep: rule';
	if (headingWord.test(a.head)) return 'keep: heading';
	if (terminal.test(a.tail)) return 'keep: sentence end';
	// `全文共：3901 字` / `预计阅读时间：10 分钟`: a new label after a value.
	if (b.label !== 'none' && context.fields && a.label !== 'only') return 'keep: field';
	if (a.tiny) return 'join: short piece';
	if (listStart.test(b.head) && !(b.spaceBefore && inlineBullet.test(b.head))) return 'keep: list item';
	if (dateLine.test(a.head) || dateLine.test(b.head)) return 'keep: date';
	if (b.tiny) return 'join: short piece';
	// A line does not end with `的` or `被`, nor start with `的` or `了`: `韩国交易所GDAC遭` / `到网络攻击`.
	if (/[的遭被把将与和及或]$/u.test(a.tail) || /^[的了着过]/u.test(b.head)) return 'join: particle';
	if (paragraph.lines) return 'keep: lines';
	// Spaces at the seam (`欢迎访问 ` / URL / ` 下载的`) mean the URL sat inside a sentence.
	const seamSpace = a.spaceAfter || b.spaceBefore || context.gap;
	if (url.test(a.head)) {
		// `https://www.cnvd.org.cn/flaw/show/` then `CNVD-2022-54652`: the address goes on.
		if (/[/=?&#-]$/u.test(a.tail) && /^[\w%]/u.test(b.head) && !url.test(b.head)) return 'join: URL goes on';
		return seamSpace ? 'join: URL in text' : 'keep: after URL';
	}
	if (url.test(b.head)) {
		return /[：:]$/u.test(a.tail) || seamSpace ? 'join: URL in text' : 'keep: URL line';
	}
	// One link a line, each ending with its footnote marker: a list of related articles.
	if (footnoteEnd.test(a.tail) && footnoteEnd.test(b.tail) && !emptyLink.test(a.head)) return 'keep: list of links';
	if (b.label === 'field') return !paragraph.soup || a.label === 'field' ? 'keep: field' : 'join: label in span soup';
	// `以下步骤：` then `在已知的……被使用；`: items follow the colon.
	if (/[：:]$/u.test(a.tail) && /[；;]$/u.test(b.tail)) return 'keep: list item';
	if (a.label === 'only') return 'join: label value';
	if (b.label === 'only' && (a.label === 'field' || context.before?.label === 'only')) return 'keep: field';
	// A numbered heading such as `0x01 工具介绍` or `2.1 概述`.
	if (numberedHeading.test(a.head) && a.width <= 24 && !sentencePunctuation.test(a.tail)) {
		return 'keep: numbered heading';
	}
	if (midSentence.test(a.tail)) return 'join: mid-sentence';
	return 'join: prose';
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
	// Blank pieces are transparent: the breaks around one decide as if it were not there. A space alone between two
	// breaks is a span of its own (`23` / ` ` / `篇`) and joins; an empty piece is `<br><br>`, an empty line the
	// author made, and stays when the break it sits in is kept.
	const described = pieces.map((piece) => (blank.test(piece) ? undefined : describe(piece)));
	const present = described.filter((piece) => piece !== undefined);
	const paragraph: Paragraph = {
		soup: present.some((piece) => piece.tiny),
		lines: isLineList(present),
		verse: isVerse(present),
		words: isWordList(present),
	};
	let previous: Piece | undefined;
	let previousIndex = -1;
	let before: Piece | undefined;
	let depth = 0;
	let piecesSinceOpen = 0;
	let fields = false;
	for (let i = 0; i < pieces.length; i++) {
		const piece = described[i];
		if (piece === undefined) continue;
		if (previous !== undefined) {
			// Only a recent opener counts, so that one stray `（` does not join the rest of the paragraph.
			const context = {
				before,
				inBrackets: depth > 0 && piecesSinceOpen <= 4,
				fields,
				gap: pieces.slice(previousIndex + 1, i).some((blankPiece) => blankPiece !== ''),
			};
			const reason = judge(previous, piece, paragraph, context);
			result[i - 1] = reason;
			if (reason.startsWith('keep')) {
				fields = false;
				if (pieces.slice(previousIndex + 1, i).includes('')) result.fill('keep: empty line', previousIndex, i - 1);
			}
		}
		if (piece.label !== 'none') fields = true;
		piecesSinceOpen = depth > 0 ? piecesSinceOpen + 1 : 0;
		depth = Math.max(0, depth + piece.depth);
		if (depth === 0) piecesSinceOpen = 0;
		before = previous;
		previous = piece;
		previousIndex = i;
	}
	if (!paragraph.words) joinFragments(described, result);
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
			if (text.length < 16) text += piece.head;
		}
		if (i < result.length && result[i]!.startsWith('join')) continue;
		if (text !== '' && width <= tinyWidth && !headingWord.test(text)) {
			if (start > 0) result[start - 1] = 'join: fragment line';
			else if (i < result.length) result[i] = 'join: fragment line';
		}
		start = i + 1;
		width = 0;
		text = '';
	}
}
