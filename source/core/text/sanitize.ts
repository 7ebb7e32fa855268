// Article files are untrusted: nothing in them may reach the terminal as a
// control sequence. C0 (except \n and \t), DEL, C1 (which includes the
// single-byte CSI U+009B), and bidi overrides/isolates are removed.
const unsafe =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const unsafeOneLine = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Clean a multi-line text (a body): keeps newlines and tabs. */
export function sanitizeText(text: string): string {
	return text.replace(unsafe, '');
}

/** Clean a one-line field (title, author, path, URL): every control character
 * goes, and line breaks and tabs become a single space. */
export function sanitizeLine(text: string): string {
	return flattenLine(text).replace(/ {2,}/g, ' ').trim();
}

/** Line breaks and tabs become spaces and every other control character goes; spaces are kept as they are (typed text). */
export function flattenLine(text: string): string {
	return text.replace(/[\t\n\r\u2028\u2029]/g, ' ').replace(unsafeOneLine, '');
}
