// The header a WeChat-to-Markdown exporter writes before the article: a `# title`, a byline, and a
// `原文链接` line, in either order. wechatmp2markdown writes `#  title  `, then the byline with its
// fields separated by runs of spaces (`原创 城北  渗透安全HackTwo   2024-01-21 08:35  `), and from
// mid-2025 opens with `> **原文链接**: URL` before the title. Other exporters put `> 原文地址: [url](url)`
// after a single-spaced byline (`原创 付存敬 电磁散人 2025-08-26 21:42 广东`).
import {parseDate} from './dates.js';

export type MarkdownHeader = {
	title?: string;
	source?: string;
	author?: string;
	date?: Date;
	/** The body without the header lines. */
	body: string;
};

/** The header is within the first few non-empty lines; a 原文 line further down is body text. */
const maxHeaderLines = 6;
const maxTitleChars = 2000;

const titleLine = /^ {0,3}#[ \t]+(\S.*)$/;
const headingMark = /^ {0,3}#{1,6}[ \t]+/;
const sourceLine =
	/^[ \t]*(?:>[ \t]*)*(?:(?:\*\*|__)[ \t]*)?原文(?:链接|地址)?[ \t]*(?:(?:\*\*|__)[ \t]*)?[:：][ \t]*(?:(?:\*\*|__)[ \t]*)?(.*)$/;
const bylineDate = /(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ \t]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;
const space = '[ \\t\\u00A0\\u3000]';
const fieldGap = new RegExp(`${space}{2,}`);
const accountLink = /\[([^\]]+)\]\(#?\)/;
const accountLinks = new RegExp(accountLink, 'g');
const spaces = new RegExp(`${space}+`);

/** A heading's closing `#`s (`# 标题 ##`), found without a regex that would backtrack over a long line. */
function withoutClosingHashes(text: string): string {
	const trimmed = text.trimEnd();
	let end = trimmed.length;
	while (end > 0 && trimmed[end - 1] === '#') end--;
	return end < trimmed.length && (end === 0 || trimmed[end - 1] === ' ' || trimmed[end - 1] === '\t')
		? trimmed.slice(0, end)
		: trimmed;
}

/** Markdown escapes and emphasis markers in a heading are not part of the title. */
export function cleanMarkdownTitle(text: string): string {
	// A title is a line of text; a heading of megabytes is only read as far as a title can go.
	return withoutClosingHashes(text.slice(0, maxTitleChars))
		.replace(/\\$/, '')
		.trim()
		.replace(/\\([!-/:-@[-`{-~])/g, '$1')
		.replace(/^(\*\*|__)(.*)\1$/, '$2')
		.replace(/<[^<>]*>/g, '')
		.trim();
}

/** The URL of a 原文 line: a Markdown link's target, an `<autolink>`, or a bare URL. */
function linkTarget(text: string): string | undefined {
	// Only the target is matched, not the rest up to `)`: patterns that overlap there backtrack without end.
	const inline = /\]\(\s*<?([^)\s>]+)/.exec(text);
	if (inline) return inline[1];
	const angle = /<((?:https?:)?\/\/[^>\s]+)>/.exec(text);
	if (angle) return angle[1];
	// A bare URL ends at a space, or where emphasis or full-width punctuation closes around it.
	return /(?:https?:)?\/\/[^\s<>"]+/.exec(text)?.[0].replace(/[*_）】」。，]+$/, '');
}

function sourceOf(line: string): string | undefined {
	// 原文 comes within the first few characters, after at most a quote mark and bold: looking only
	// there keeps the pattern's runs of optional spaces from backtracking over a long line.
	const word = line.indexOf('原文');
	if (word === -1 || word > 16) return undefined;
	const m = sourceLine.exec(line);
	// A line may end in a Markdown hard break (`\`), which is not part of the URL.
	return m ? linkTarget(m[1]!.slice(0, 4000).replace(/\\\s*$/, '')) : undefined;
}

type Byline = {author?: string; date?: Date};

/**
 * `原创 城北  渗透安全HackTwo   2024-01-21 08:35`: an optional 原创, the author (may hold a single space,
 * or be empty), the account and the date, separated by runs of two or more spaces. A byline with
 * single spaces only (another exporter's) is split on every space, as it cannot say more.
 * `dateless` allows a byline with no date, judged from its shape alone (only right after the title).
 */
function parseByline(line: string, dateless: boolean): Byline | undefined {
	const text = line.replace(/\\$/, '').trim();
	if (text === '' || text.length > 120 || /[，。！？；]/.test(text) || /^[#>*\-+|`!]/.test(text)) return undefined;
	const date = bylineDate.exec(text);
	// After the date only a place may follow (`广东`), never a sentence.
	if (date && text.slice(date.index + date[0].length).trim().length > 12) return undefined;
	const before = (date ? text.slice(0, date.index) : text).replace(accountLinks, '$1');
	const marked = /^原创(?:[ \t]|$)/.test(text);
	// ` 奇安信 CERT   2023-07-20 15:40`: an empty author leaves the account behind a single space.
	const emptyAuthor = /^ (?! )/.test(line);
	const spaced = emptyAuthor || fieldGap.test(text);
	const fields = before
		.replace(/^原创(?=[ \t]|$)/, '')
		.trim()
		.split(spaced ? fieldGap : spaces)
		.map((field) => field.trim())
		.filter(Boolean);
	if (!date) {
		const linked = accountLink.test(text);
		// With no date, only a line shaped like a byline: short name fields, not `名称：值`.
		const shaped =
			spaced &&
			fields.length >= 2 &&
			fields.length <= 3 &&
			fields.every((field) => field.length <= 30 && !/[:：]/.test(field));
		const accountOnly = emptyAuthor && fields.length === 1 && fields[0]!.length <= 30 && !/\p{P}/u.test(fields[0]!);
		if (!dateless || !(marked || linked || shaped || accountOnly)) return undefined;
	}
	// `火绒安全  火绒安全`: an author who is the account is named once.
	const names = [...new Set(fields)];
	return {
		author: names.length > 0 ? names.join(' · ') : undefined,
		date: date
			? parseDate(`${date[1]}-${date[2]}-${date[3]} ${date[4] ?? '00'}:${date[5] ?? '00'}:${date[6] ?? '00'}`)
			: undefined,
	};
}

/** Title, byline and 原文 link of a Markdown export with no front matter, taken out of the body. */
export function readMarkdownHeader(body: string): MarkdownHeader {
	return scanHeader(body, false).header;
}

/**
 * The same fields (the body left as it is) from the head of a text, cut at a line end, or undefined when lines after
 * the head could still change them.
 */
export function readMarkdownHeaderFields(head: string): MarkdownHeader | undefined {
	const {header, settled} = scanHeader(head, true);
	return settled ? header : undefined;
}

/**
 * `fieldsOnly`: stop once no later line can change a field (the source found, the title and the byline found or past
 * where they may be), and leave the body; `settled` says whether the fields are final within this text.
 */
function scanHeader(body: string, fieldsOnly: boolean): {header: MarkdownHeader; settled: boolean} {
	const header: MarkdownHeader = {body};
	const cuts: Array<[number, number]> = [];
	let hasByline = false;
	// Non-empty lines that are not 原文 lines, since the title (or the top when there is none).
	let ordinal = 0;
	let seen = 0;
	const settled = () =>
		seen >= maxHeaderLines ||
		(header.source !== undefined && (header.title !== undefined || ordinal >= 1) && (hasByline || ordinal >= 2));
	for (let start = 0; start < body.length && seen < maxHeaderLines;) {
		if (fieldsOnly && settled()) return {header, settled: true};
		const newline = body.indexOf('\n', start);
		const end = newline === -1 ? body.length : newline + 1;
		const line = body.slice(start, newline === -1 ? body.length : newline);
		const at = start;
		start = end;
		if (line.trim() === '') continue;
		seen++;
		const source = sourceOf(line);
		if (source !== undefined) {
			// The first 原文 line is the source. A second one in the header (the same link again, or a
			// translation's original under the exporter's link) is header too, not the body's first line.
			header.source ??= source;
			cuts.push([at, end]);
			continue;
		}
		// Some exports repeat the title (`**标题**`, `# 标题`) under the heading: it is said once.
		if (
			header.title !== undefined &&
			ordinal < 2 &&
			line.length <= header.title.length * 2 + 20 &&
			cleanMarkdownTitle(line.replace(headingMark, '')) === header.title
		) {
			cuts.push([at, end]);
			continue;
		}
		ordinal++;
		// Only a heading that opens the file is its title: a `#` further down is a section of the body.
		const title = header.title === undefined && ordinal === 1 ? titleLine.exec(line) : null;
		if (title) {
			header.title = cleanMarkdownTitle(title[1]!);
			cuts.push([at, end]);
			ordinal = 0;
			continue;
		}
		if (!hasByline && ordinal <= 2) {
			const byline = parseByline(line, ordinal === 1 && header.title !== undefined);
			if (byline) {
				hasByline = true;
				header.author = byline.author;
				header.date = byline.date;
				cuts.push([at, end]);
			}
		}
	}
	if (fieldsOnly) return {header, settled: settled()};
	if (cuts.length > 0) {
		let rest = '';
		let from = 0;
		for (const [at, end] of cuts) {
			rest += body.slice(from, at);
			from = end;
		}
		header.body = rest + body.slice(from);
	}
	return {header, settled: true};
}
