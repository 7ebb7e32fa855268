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
