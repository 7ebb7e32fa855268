import {foldForSearch} from './fold.js';
import {flattenLine} from '../text/sanitize.js';
import {isPinyinWord} from './pinyin.js';

export {cjkChar, foldForSearch} from './fold.js';

// The filter's text, read once per keystroke into what the matcher checks per article.
//
// Syntax (a word is a run of text up to whitespace or a quote):
//   word              must appear (title, author, categories, tags or body)
//   "two words"       a phrase: the words adjacent, as typed; matched literally (no pinyin)
//   -word, -"a b"     must not appear
//   title: author: cat:   limit a word or phrase to a field (cat: is categories and tags)
//   after:D before:D  D is YYYY, YYYY-MM or YYYY-MM-DD in UTC+8; after: is from the start of D on (D included),
//                     before: is before the start of D (D excluded); an undated article never matches either
//   is:unread is:read is:starred   the caller's marks (see Facts in match.ts)
// A mistake never throws: the bad term is left out and `error` says what it was.

export type Field = 'title' | 'author' | 'cat';

export type Term = {
	/** Folded like the text it is compared with; a word has no spaces, a phrase may hold single spaces. */
	text: string;
	/** Where it must (or must not) appear; undefined: anywhere, the body included. */
	field?: Field;
	/** Whether it may also match by pinyin: a word of Latin letters, not a phrase. */
	pinyin: boolean;
	exclude: boolean;
	/** For a term without a field: its text's place in `Query.needles` (the bit the body search sets for it). */
	needle?: number;
};

/** At most this many different texts are looked for in bodies: each is one bit of a 32-bit mask (body-search.ts). */
export const maxNeedles = 31;

export type Mark = 'read' | 'starred';

export type Query = {
	text: string;
	/** The positive words and phrases, for relevance and highlighting (excluded ones are never highlighted). */
	words: string[];
	/** Which of `words` may also match by pinyin (decided once, not per article). */
	pinyin: boolean[];
	/** Every word and phrase, positive and excluded, in the order typed. */
	terms: Term[];
	/** Whether some term reads the body (one without a field): only then does body text change the result. */
	readsBody: boolean;
	/** The different texts of the terms without a field, which body search looks for. */
	needles: string[];
	/** Epoch ms: the date must be at or after this. */
	after?: number;
	/** Epoch ms: the date must be before this. */
	before?: number;
	/** Marks the article must have (true) or lack (false). */
	marks: Array<[mark: Mark, wanted: boolean]>;
	/** Whether nothing is asked: every article matches. */
	all: boolean;
	/** The first mistake, short and in Chinese for the status line; its term is left out. */
	error?: string;
};

// A Set, not an object: `constructor:` is no field.
const names = new Set(['title', 'author', 'cat', 'after', 'before', 'is']);

// `name:` of two or more Latin letters, not followed by `/` or `:` (so `http://…`, `std::x` and `12:30` are words).
const prefix = /^([a-z]{2,}):(?![/:])/i;
const controls = /[\u0000-\u001f\u007f]/g;
const whitespace = /\s/;

/** Typed text quoted in a message: no control characters (it may reach a terminal on stderr), not too long. */
const shown = (text: string) => {
	const clean = flattenLine(text);
	return clean.length > 24 ? clean.slice(0, 24) + '…' : clean;
};

/** The start of a day, month or year in UTC+8, as epoch ms; undefined if it is no such date. */
function dateStart(value: string): number | undefined {
	const m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(value);
	if (!m) return undefined;
	const year = Number(m[1]);
	const month = m[2] === undefined ? 1 : Number(m[2]);
	const day = m[3] === undefined ? 1 : Number(m[3]);
	if (month < 1 || month > 12 || day < 1) return undefined;
	// setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	// A roll-over (2024-02-30 into March) means that day does not exist.
	if (date.getUTCDate() !== day) return undefined;
	return date.getTime() - 8 * 3600_000;
}

/** Read from `at`: a quoted phrase or a bare word. */
function readValue(input: string, at: number): {value: string; end: number; quoted: boolean; unclosed: boolean} {
	if (input[at] === '"') {
		const close = input.indexOf('"', at + 1);
		if (close === -1) return {value: input.slice(at + 1), end: input.length, quoted: true, unclosed: true};
		return {value: input.slice(at + 1, close), end: close + 1, quoted: true, unclosed: false};
	}
	let end = at;
	while (end < input.length && !whitespace.test(input[end]!) && input[end] !== '"') end++;
	return {value: input.slice(at, end), end, quoted: false, unclosed: false};
}

export function parseQuery(input: string): Query {
	// NFKC first, so that full-width quotes, colons and minus signs are syntax too.
	const text = input.normalize('NFKC');
	const query: Query = {
		text: input.trim(),
		words: [],
		pinyin: [],
		terms: [],
		readsBody: false,
		needles: [],
		marks: [],
		all: true,
	};
	const fail = (message: string) => {
		query.error ??= message;
	};
	let at = 0;
	while (at < text.length) {
		if (whitespace.test(text[at]!)) {
			at++;
			continue;
		}
		let exclude = false;
		// A lone `-` is the start of an exclusion being typed, not a word.
		if (text[at] === '-') {
			exclude = true;
			at++;
			if (at >= text.length || whitespace.test(text[at]!)) continue;
		}
		let name: string | undefined;
		const named = prefix.exec(text.slice(at, at + 12));
		if (named && names.has(named[1]!.toLowerCase())) {
			name = named[1]!.toLowerCase();
			at += named[0].length;
		}
		const {value, end, quoted, unclosed} = readValue(text, at);
		at = end;
		if (unclosed) fail('引号未闭合');
		if (name === undefined && !quoted) {
			// `foo:bar` with an unknown name is a mistake; `foo:` alone, `http://x`, `12:30` are words.
			const unknown = prefix.exec(value);
			if (unknown && value.length > unknown[0].length) {
				fail(`未知字段 ${unknown[1]}:（可用 title: author: cat: after: before: is:）`);
				continue;
			}
		}
		if (name === 'after' || name === 'before') {
			const start = dateStart(value.trim());
			if (start === undefined) {
				fail(
					value.trim() === ''
						? `${name}: 后缺少日期`
						: `${name}:${shown(value)} 不是日期（YYYY、YYYY-MM 或 YYYY-MM-DD）`,
				);
				continue;
			}
			// `-after:D` is `before:D` and the other way round; several bounds meet.
			if ((name === 'after') !== exclude) query.after = Math.max(query.after ?? -Infinity, start);
			else query.before = Math.min(query.before ?? Infinity, start);
			query.all = false;
			continue;
		}
		if (name === 'is') {
			const mark = value.trim().toLowerCase();
			if (mark !== 'read' && mark !== 'unread' && mark !== 'starred') {
				fail(
					mark === '' ? 'is: 后缺少 unread、read 或 starred' : `is: 只认 unread、read、starred（不是 ${shown(mark)}）`,
				);
				continue;
			}
			query.marks.push(mark === 'starred' ? ['starred', !exclude] : ['read', (mark === 'read') !== exclude]);
			query.all = false;
			continue;
		}
		// Split before folding: `微信 停运` is two words even though the text side ignores spaces next to Chinese.
		const folded = quoted ? foldForSearch(value).trim() : foldForSearch(value).replace(/\s/g, '');
		const termText = folded.replace(controls, '');
		if (termText === '') {
			if (name !== undefined && !quoted) fail(`${name}: 后缺少词语`);
			continue;
		}
		const term: Term = {text: termText, pinyin: !quoted && isPinyinWord(termText), exclude};
		if (name !== undefined) term.field = name as Field;
		else {
			let needle = query.needles.indexOf(termText);
			if (needle === -1) {
				if (query.needles.length === maxNeedles) {
					fail(`词语太多（最多 ${maxNeedles} 个）`);
					continue;
				}
				needle = query.needles.push(termText) - 1;
			}
			term.needle = needle;
			query.readsBody = true;
		}
		query.terms.push(term);
		query.all = false;
		if (!exclude) {
			query.words.push(term.text);
			query.pinyin.push(term.pinyin);
		}
	}
	return query;
}
