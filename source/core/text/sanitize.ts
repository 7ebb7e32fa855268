// Article files are untrusted: nothing in them may reach the terminal as a
// control sequence. C0 (except \n and \t), DEL, C1 (which includes the
// single-byte CSI U+009B), and bidi overrides/isolates are removed.
const unsafe = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const unsafeOneLine = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// Invisible characters that terminals disagree about: some draw a soft hyphen or a Hangul filler
// as a column or two, which string-width counts as none, so a line comes out too wide. Soft hyphen,
// Hangul fillers, Khmer inherent vowels, Mongolian vowel separator, ZWSP, word joiner, invisible
// operators, deprecated format controls, shorthand and musical format controls always go; the
// joiners, variation selectors and tag characters only where they do no job (see `doesAJob`).
// (Written with surrogate pairs and no `u` flag, which scans text about a third faster; marks, joiners
// and selectors in a class would otherwise read as joined to their neighbours.)
const invisible =
	/[\u00AD\u115F\u1160\u180E\u200B\u2060-\u2064\u206A-\u206F\u3164\uFFA0]|[\u17B4\u17B5]|\u200C|\u200D|[\uFE00-\uFE0F]|\uDB40[\uDC00-\uDDEF]|\uD82F[\uDCA0-\uDCA3]|\uD834[\uDD73-\uDD7A]/g;

const pictographic = /^\p{Extended_Pictographic}$/u;
const emojiPart = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)$/u;
// Scripts that shape letters with ZWJ/ZWNJ (Arabic and Indic families).
const joining =
	/^[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Nko}\p{sc=Mongolian}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}]$/u;
// Any visible character, or a mark on one; not another selector (VS are marks too).
const selectable = /^(?![\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}])[\p{L}\p{N}\p{S}\p{P}\p{M}]$/u;
const tag = /^[\u{E0020}-\u{E007F}]$/u;

function charBefore(text: string, offset: number): string {
	const low = text.charCodeAt(offset - 1);
	return low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? text.slice(offset - 2, offset) : text.charAt(offset - 1);
}

function charAfter(text: string, offset: number): string {
	const next = text.codePointAt(offset);
	return next === undefined ? '' : String.fromCodePoint(next);
}

/** ZWJ between emoji (👨‍👩‍👧), ZWJ/ZWNJ between letters of a joining script, a variation selector
 * right after the character it selects, and tag characters after 🏴 (a subdivision flag) are kept. */
function doesAJob(ch: string, offset: number, text: string): boolean {
	const code = ch.codePointAt(0)!;
	if (code === 0x200d || code === 0x200c) {
		const before = charBefore(text, offset);
		const after = charAfter(text, offset + ch.length);
		if (joining.test(before) && joining.test(after)) return true;
		return code === 0x200d && emojiPart.test(before) && pictographic.test(after);
	}
	if ((code >= 0xfe00 && code <= 0xfe0f) || code >= 0xe0100) return selectable.test(charBefore(text, offset));
	if (code >= 0xe0000 && code <= 0xe007f) {
		let at = offset;
		// A flag's tag sequence is a few characters long: a long run of tags is not one (and is not walked).
		for (let steps = 0; steps < 32 && at >= 2 && tag.test(text.slice(at - 2, at)); steps++) at -= 2;
		return at >= 2 && text.codePointAt(at - 2) === 0x1f3f4;
	}
	return false;
}

const dropInvisible = (text: string) =>
	text.replace(invisible, (ch: string, offset: number, whole: string) => (doesAJob(ch, offset, whole) ? ch : ''));

/** Clean a multi-line text (a body): keeps newlines and tabs. */
export function sanitizeText(text: string): string {
	return dropInvisible(text.replace(unsafe, ''));
}

/** Clean a one-line field (title, author, path, URL): every control character
 * goes, and line breaks and tabs become a single space. */
export function sanitizeLine(text: string): string {
	return flattenLine(text).replace(/ {2,}/g, ' ').trim();
}

// Anything sanitizeLine would change: a control, bidi or invisible character, a line break or tab, a run of spaces,
// or white space at either end.
const unclean = new RegExp(`${unsafeOneLine.source}|${invisible.source}|[\u2028\u2029]| {2}|^\\s|\\s$`);

// Words of printable ASCII, CJK punctuation, ideographs, full-width forms and general punctuation, single spaces
// between them: clean, and told so in one pass (the alternation above tries each branch at every character; a
// cached start tests 300,000 strings at 100,000 articles).
const plainLine =
	/^[\x21-\x7e\u2010-\u2027\u3001-\u303f\u4e00-\u9fff\uff01-\uff60]+(?: [\x21-\x7e\u2010-\u2027\u3001-\u303f\u4e00-\u9fff\uff01-\uff60]+)*$/;

/** Whether sanitizeLine would return `text` as it is: a quick test for text already cleaned once (the cache). */
export function isCleanLine(text: string): boolean {
	return plainLine.test(text) || !unclean.test(text);
}

/** Line breaks and tabs become spaces and every other control character goes; spaces are kept as they are (typed text). */
export function flattenLine(text: string): string {
	return dropInvisible(text.replace(/[\t\n\r\u2028\u2029]/g, ' ').replace(unsafeOneLine, ''));
}

const unsafeInPath = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

/** A file's path as shown: exactly as on disk (spaces and all), but each control character becomes U+FFFD. */
export function sanitizePath(file: string): string {
	return file.replace(unsafeInPath, '\uFFFD');
}
