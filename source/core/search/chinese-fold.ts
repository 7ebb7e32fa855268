import type * as OpenCC from 'opencc-js/t2cn';
import {lazyPackage} from '../lazy-package.js';

const openCC = lazyPackage<typeof OpenCC>('opencc-js/t2cn');

// Traditional characters fold to Simplified so that 註冊 finds 注册 and
// back. The table comes from OpenCC's dictionaries (opencc-js), taken one
// character at a time so that folding never changes a text's length and a
// match can be mapped back to the characters it covers.
let table: Map<string, string> | undefined;
let traditional: RegExp | undefined;

function build(): void {
	const convert = openCC().Converter({from: 't', to: 'cn'});
	table = new Map();
	const ranges: Array<[number, number]> = [
		[0x3400, 0x4dbf],
		[0x4e00, 0x9fff],
		[0xf900, 0xfaff],
	];
	for (const [from, to] of ranges) {
		for (let code = from; code <= to; code++) {
			const character = String.fromCharCode(code);
			const simplified = convert(character);
			if (simplified !== character && simplified.length === 1) table.set(character, simplified);
		}
	}
	// A character class of only the Traditional characters: Simplified text is scanned, not rewritten.
	traditional = new RegExp(`[${[...table.keys()].join('')}]`, 'g');
}

/** Traditional Chinese characters replaced by their Simplified forms; same length. */
export function toSimplified(text: string): string {
	if (!table) build();
	return text.replace(traditional!, (character) => table!.get(character)!);
}
