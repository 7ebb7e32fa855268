import {flattenLine} from '../core/text/sanitize.js';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The filter text as the person meant it. ink-text-input inserts a read's
 * text as it arrived: backspace held down, or typed over a slow SSH link,
 * comes as one run of DEL bytes that it would insert as invisible characters,
 * and a pasted line break or tab would land in the filter too. Its backspace
 * also removes one UTF-16 unit, which can leave half an emoji.
 */
export function typedText(text: string): string {
	const kept: string[] = [];
	for (const character of text) {
		if (character === '\u007F' || character === '\b') kept.pop();
		else kept.push(character);
	}
	return flattenLine(kept.join('')).replace(loneSurrogate, '');
}

/**
 * The edit the text input made (`from` → `to`) made again on `current`. The input computes its text from the
 * value of its last frame, so two keys read before the next frame would each start from that value and the
 * first would be lost. The edit is made at the same distance from the end, where typing happens.
 */
export function rebaseEdit(from: string, to: string, current: string): string {
	if (from === current) return to;
	let prefix = 0;
	while (prefix < from.length && prefix < to.length && from[prefix] === to[prefix]) prefix++;
	let suffix = 0;
	while (
		suffix < from.length - prefix &&
		suffix < to.length - prefix &&
		from[from.length - 1 - suffix] === to[to.length - 1 - suffix]
	)
		suffix++;
	const removed = from.length - prefix - suffix;
	const end = Math.max(0, current.length - suffix);
	return current.slice(0, Math.max(0, end - removed)) + to.slice(prefix, to.length - suffix) + current.slice(end);
}

/**
 * The text after an edit of the input (`to`), made from `from` (the text of its frame; undefined: the key table's
 * edit, made on the current text), and whether the input is to be made afresh (its cursor was left where the stale
 * edit put it; a fresh one has it at the end).
 */
export function applyEdit(current: string, to: string, from?: string): {text: string; fresh: boolean} {
	if (from === undefined || from === current) return {text: to, fresh: false};
	return {text: rebaseEdit(from, to, current), fresh: true};
}
