import {sanitizeText} from '../text/sanitize.js';
import {Style, append, plainOf, type Block, type Cell, type SpanLine} from './blocks.js';
import type {ConvertContext} from './formatters.js';
import {keptBreaks} from './hard-breaks.js';
import {kind, marker, markerClass, withoutMarkers} from './markers.js';
import {closingPunctuation, openingBrackets} from './wrap.js';

/** A Chinese (or Japanese) character or full-width mark begins the text. */
export const cjk =
	/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026]/u;
const cjkPunctuation = /^[\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026]/u;
const fullwidthOpening = new Set('（［｛〔〈《「『【〖〘');
const fullwidthClosing = new Set('，。、；：？！）］｝〕〉》」』】〗〙');
const isMarker = (code: number) => code >= 0xe000 && code <= 0xe00f;

// The character before `end` / from `start`, past marker characters ('' at either end of the text).
function charBefore(text: string, end: number): string {
	let j = end - 1;
	while (j >= 0 && isMarker(text.charCodeAt(j))) j--;
	if (j < 0) return '';
	const code = text.charCodeAt(j);
	return code >= 0xdc00 && code <= 0xdfff && j > 0 ? text.slice(j - 1, j + 1) : text[j]!;
}
function charFrom(text: string, start: number): string {
	let j = start;
	while (j < text.length && isMarker(text.charCodeAt(j))) j++;
	return j < text.length ? String.fromCodePoint(text.codePointAt(j)!) : '';
}

/**
 * Whether spaces between these two characters are only the source's markup: fullwidth punctuation carries its own
 * spacing, so a space beside it next to Chinese goes, and so does one inside fullwidth brackets or before a
 * fullwidth comma or stop, whatever the other side. A space between two Chinese words stays.
 */
function markupSpace(before: string, after: string): boolean {
	if (fullwidthOpening.has(before) || fullwidthClosing.has(after)) return true;
	return (cjkPunctuation.test(before) && cjk.test(after)) || (cjk.test(before) && cjkPunctuation.test(after));
}

/** Converter output to what the parser reads: safe characters, spaces as the reader sees them. */
function normalize(text: string): string {
	const spaced = sanitizeText(text)
		.replace(/\r\n?/g, '\n')
		.replace(/[\u00a0\u2000-\u200a\u202f\u205f\t]/g, ' ')
		.replace(/[\u200b\u200c\u2060]/g, '');
	// Each run of spaces judged by its neighbours: one pass, no lookbehind tried at every character.
	return spaced.replace(/ +/g, (run: string, at: number) =>
		markupSpace(charBefore(spaced, at), charFrom(spaced, at + run.length)) ? '' : run,
	);
}

const tabStop = 4;
function expandTabs(line: string): string {
	if (!line.includes('\t')) return line;
	let out = '';
	for (const ch of line) out += ch === '\t' ? ' '.repeat(tabStop - (out.length % tabStop)) : ch;
	return out;
}

function codeLines(raw: string): string[] {
	const lines = sanitizeText(withoutMarkers(raw))
		.replace(/\r\n?/g, '\n')
		.replace(/[\u00a0\u200b\u200c\u2060]/g, (ch) => (ch === '\u00a0' ? ' ' : ''))
		.split('\n')
		.map((line) => expandTabs(line).trimEnd());
	let start = 0;
	let end = lines.length;
	while (start < end && lines[start] === '') start++;
	while (end > start && lines[end - 1] === '') end--;
	return lines.slice(start, end);
}

function trimLine(line: SpanLine): SpanLine {
	const spans = line.map((span) => ({...span}));
	while (spans.length > 0) {
		spans[0]!.text = spans[0]!.text.trimStart();
		if (spans[0]!.text !== '') break;
		spans.shift();
	}
	while (spans.length > 0) {
		const last = spans.at(-1)!;
		last.text = last.text.trimEnd();
		if (last.text !== '') break;
		spans.pop();
	}
	return spans;
}

const latinEnd = /[A-Za-z0-9]$/;
const latinStart = /^[A-Za-z0-9]/;

/** Whether a break between these two texts would start a line with closing punctuation or end one with an opening bracket. */
const breaksKinsoku = (before: string, after: string) =>
	closingPunctuation.has(after[0] ?? '') || openingBrackets.has(before.at(-1) ?? '');

/** `line` continued by `next` on one line: a space only between two Latin letters or digits. */
function joinLine(line: SpanLine, next: SpanLine): void {
	if (latinEnd.test(plainOf(line)) && latinStart.test(plainOf(next))) line.push({text: ' ', style: 0});
	append(line, next);
}

function judged(pieces: string[]): boolean[] {
	try {
		return keptBreaks(pieces);
	} catch {
		return pieces.slice(1).map(() => true); // A failing judgement keeps the source's breaks.
	}
}

/** Join the pieces the hard-break judgement reads as one line; a break is never kept where it would start a line with closing punctuation. */
function repairBreaks(lines: SpanLine[]): SpanLine[] {
	if (lines.length < 2) return lines;
	const pieces = lines.map(plainOf);
	const kept = judged(pieces);
	const out: SpanLine[] = [lines[0]!];
	for (let i = 1; i < lines.length; i++) {
		const before = pieces[i - 1]!;
		const after = pieces[i]!;
		if (kept[i - 1] !== false && !breaksKinsoku(before, after)) out.push(lines[i]!);
		else joinLine(out.at(-1)!, lines[i]!);
	}
	return out;
}

/** An open container: the root, a heading (its level), or a quote or list item (`block`, whose children these are). */
// A paragraph ends its sentence with one of these; anything else runs on into what follows.
const sentenceEnd = /[。！？：；.!?:;…]$/u;
const inlineCodeColumns = 60;
const pause = /[、，,]$/u;

/** The paragraph text last ends in, inside quotes and list items too. */
function lastParagraph(blocks: Block[]): (Block & {type: 'paragraph'}) | undefined {
	const last = blocks.at(-1);
	if (last?.type === 'paragraph') return last;
	if (last?.type === 'quote' || last?.type === 'item') return lastParagraph(last.children);
	return undefined;
}

/**
 * Exports split one sentence into blocks (`“` / `text` / `”，`, or a one-line fence for what was inline code,
 * followed by `、`): a paragraph starting with closing punctuation continues the block before it. Returns whether
 * `block` was joined to what `siblings` end with.
 */
function continuesSentence(siblings: Block[], block: Block & {type: 'paragraph'}): boolean {
	const first = block.lines[0]!;
	const previous = siblings.at(-1);
	if (previous?.type === 'code' && previous.lines.length === 1) {
		const code = previous.lines[0]!.trim();
		const before = lastParagraph(siblings.slice(0, -1));
		// The sentence runs through the fence: closing punctuation after it, or a pause mark before it.
		const inSentence =
			closingPunctuation.has(plainOf(first)[0] ?? '') ||
			(before !== undefined && siblings.at(-2) === before && pause.test(plainOf(before.lines.at(-1)!)));
		if (inSentence && code !== '' && code.length <= inlineCodeColumns) {
			siblings.pop();
			const line: SpanLine = [{text: code, style: Style.code}];
			joinLine(line, first);
			const rest = block.lines.slice(1);
			if (before && !sentenceEnd.test(plainOf(before.lines.at(-1)!))) {
				joinLine(before.lines.at(-1)!, line);
				append(before.lines, rest);
			} else siblings.push({type: 'paragraph', lines: [line, ...rest]});
			return true;
		}
	}
	const before = lastParagraph(siblings);
	if (!before) return false;
	const last = before.lines.at(-1)!;
	if (!breaksKinsoku(plainOf(last), plainOf(first))) return false;
	joinLine(last, first);
	append(before.lines, block.lines.slice(1));
	return true;
}

const quotePairs: Record<string, string> = {'“': '”', '‘': '’'};

/**
 * A paragraph never ends with an opening quote: one there that closes a quote left open (`发放至“个人中心>我的卡券“`)
 * is the closing quote mistyped, and reads as one.
 */
function closeFinalQuote(lines: SpanLine[]): SpanLine[] {
	const lastLine = lines.at(-1)!;
	const span = lastLine.at(-1)!;
	const close = quotePairs[span.text.at(-1) ?? ''];
	if (!close) return lines;
	const text = lines.map(plainOf).join('');
	const open = span.text.at(-1)!;
	const count = (ch: string) => text.split(ch).length - 1;
	// Two more openings than closings, the last one included: that last one closes the quote before it.
	if (count(open) - count(close) >= 2) span.text = span.text.slice(0, -1) + close;
	return lines;
}

type Frame = {children: Block[]; heading?: number; block?: Block};

const styleOf: Record<string, [number, 1 | -1]> = {
	[marker.boldOn]: [Style.bold, 1],
	[marker.boldOff]: [Style.bold, -1],
	[marker.italicOn]: [Style.italic, 1],
	[marker.italicOff]: [Style.italic, -1],
	[marker.codeOn]: [Style.code, 1],
	[marker.codeOff]: [Style.code, -1],
	[marker.linkOn]: [Style.link, 1],
	[marker.linkOff]: [Style.link, -1],
	[marker.noteOn]: [Style.note, 1],
	[marker.noteOff]: [Style.note, -1],
};

const specialSource = `[${markerClass}]|\\n+`;

export type Parsed = {blocks: Block[]; header: boolean};

/** The converter's output (markers and all) as blocks. Never throws on any input. */
export function parseBlocks(converted: string, context: ConvertContext): Parsed {
	const text = normalize(converted);
	const root: Frame = {children: []};
	const stack: Frame[] = [root];
	const depth = new Map<number, number>();
	let style = 0;
	let header = false;
	let lines: SpanLine[] = [];
	let line: SpanLine = [];

	const top = () => stack.at(-1)!;
	const addBlock = (block: Block) => {
		const siblings = top().children;
		if (block.type === 'paragraph' && continuesSentence(siblings, block)) return;
		siblings.push(block);
	};
	const endLine = () => {
		const trimmed = trimLine(line);
		if (trimmed.length > 0) lines.push(trimmed);
		line = [];
	};
	const endParagraph = () => {
		endLine();
		if (lines.length > 0)
			addBlock({type: 'paragraph', lines: closeFinalQuote(context.keepBreaks ? lines : repairBreaks(lines))});
		lines = [];
	};
	const addText = (value: string) => {
		if (value === '') return;
		const last = line.at(-1);
		if (last && last.style === style) last.text += value;
		else line.push({text: value, style});
	};
	const closeFrame = () => {
		if (stack.length === 1) return;
		const frame = stack.pop()!;
		if (frame.heading !== undefined) {
			// Inline content makes the heading's lines; anything else it held follows it.
			const headingLines = frame.children.flatMap((block) => (block.type === 'paragraph' ? block.lines : []));
			if (headingLines.length > 0) addBlock({type: 'heading', level: frame.heading, lines: headingLines});
			for (const block of frame.children) if (block.type !== 'paragraph') addBlock(block);
		} else if (frame.block && frame.children.length > 0) addBlock(frame.block);
	};

	let at = 0;
	// One regex per call: table cells are parsed from inside this loop.
	const special = new RegExp(specialSource, 'g');
	for (let m = special.exec(text); m; m = special.exec(text)) {
		addText(text.slice(at, m.index));
		at = special.lastIndex;
		const token = m[0];
		if (token[0] === '\n') {
			if (token.length === 1) endLine();
			else endParagraph();
			continue;
		}
		const toggle = styleOf[token];
		if (toggle) {
			const [bit, step] = toggle;
			const count = Math.max(0, (depth.get(bit) ?? 0) + step);
			depth.set(bit, count);
			style = count > 0 ? style | bit : style & ~bit;
			continue;
		}
		if (token === marker.header) {
			header = true;
			continue;
		}
		if (token === marker.close) {
			endParagraph();
			closeFrame();
			continue;
		}
		if (token !== marker.open && token !== marker.atom) continue; // A stray `end`: nothing to do.
		const stop = text.indexOf(marker.end, at);
		if (stop === -1) continue;
		const letter = text[at];
		const payload = text.slice(at + 1, stop);
		at = special.lastIndex = stop + 1;
		endParagraph();
		if (token === marker.open) {
			if (letter === kind.heading) stack.push({heading: Number(payload) || 1, children: []});
			else {
				const children: Block[] = [];
				const block: Block =
					letter === kind.item
						? {type: 'item', bullet: payload.replace(/^\^/, ''), first: payload.startsWith('^'), children}
						: {type: 'quote', children};
				stack.push({children, block});
			}
			continue;
		}
		if (letter === kind.rule) addBlock({type: 'rule'});
		else if (letter === kind.code) {
			const code = context.code[Number(payload)];
			const codeText = code ? codeLines(code.text) : [];
			if (codeText.length > 0) addBlock({type: 'code', lines: codeText, language: code?.language});
		} else if (letter === kind.table) {
			const rows = context.tables[Number(payload)];
			if (rows) addBlock(tableBlock(rows, context));
		}
	}
	addText(text.slice(at));
	endParagraph();
	while (stack.length > 1) closeFrame();
	return {blocks: root.children, header};
}

function tableBlock(rows: ConvertContext['tables'][number], context: ConvertContext): Block {
	const cells: Cell[][] = rows.map((row) =>
		row.map((cell) => {
			const parsed = parseBlocks(cell.text, context);
			return {blocks: parsed.blocks, header: parsed.header, colspan: cell.colspan, rowspan: cell.rowspan};
		}),
	);
	return {type: 'table', rows: cells.filter((row) => row.length > 0)};
}
