// A body read only in part ends wherever the byte limit fell: inside a tag, a comment or an image's
// base64 data, where the notice appended after it would be swallowed as markup and never shown.
// The cut goes back to the start of that unfinished piece, and open tables and code fences are
// closed, so that the notice stands as text of its own.
import type {Format} from './article.js';

const rawTextElement = /<(script|style|textarea|title|xmp)\b/gi;

/** Before an HTML comment that never closes (in Markdown too, where raw HTML runs to its end). */
function beforeOpenComment(body: string): number {
	const comment = body.lastIndexOf('<!--');
	return comment !== -1 && body.indexOf('-->', comment + 4) === -1 ? comment : body.length;
}

function htmlEnd(body: string): string {
	let end = beforeOpenComment(body);
	const tagOpen = body.lastIndexOf('<', end - 1);
	if (tagOpen !== -1 && body.indexOf('>', tagOpen) === -1) end = tagOpen;
	const head = body.slice(0, end);
	const lastRaw = [...head.matchAll(rawTextElement)].at(-1);
	if (lastRaw && !new RegExp(`</${lastRaw[1]}`, 'i').test(head.slice(lastRaw.index))) end = lastRaw.index;
	return body.slice(0, end);
}

function markdownEnd(whole: string): string {
	const body = whole.slice(0, beforeOpenComment(whole));
	const lineStart = body.lastIndexOf('\n') + 1;
	const lastLine = body.slice(lineStart);
	// `![](data:image/png;base64,…` or `[text](url…` with no closing parenthesis.
	const target = lastLine.lastIndexOf('](');
	if (target !== -1 && !lastLine.includes(')', target)) {
		let open = lastLine.lastIndexOf('[', target);
		if (open > 0 && lastLine[open - 1] === '!') open--;
		if (open !== -1) return body.slice(0, lineStart + open);
	}
	return body;
}

/** The part of a body cut at an arbitrary point that can be shown, closed so that text after it shows as text. */
export function endCutBody(body: string, format: Format): string {
	const cut = format === 'html' ? htmlEnd(body) : markdownEnd(body);
	// Never trade the whole body for a clean end: an article that is one unfinished tag keeps it.
	const kept = cut.trim() === '' ? body : cut;
	if (format === 'html') {
		const open = (kept.match(/<table\b/gi)?.length ?? 0) - (kept.match(/<\/table\s*>/gi)?.length ?? 0);
		return kept + '</table>'.repeat(Math.max(0, Math.min(open, 50)));
	}
	const fences = kept.match(/^ {0,3}(?:```|~~~)/gm) ?? [];
	return fences.length % 2 === 1 ? `${kept}\n${fences.at(-1)!.trim()}` : kept;
}
