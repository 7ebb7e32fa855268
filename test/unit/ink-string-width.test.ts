// The bundle measures Ink's text with app/ink-string-width.ts instead of string-width (esbuild --alias): the widths
// must be string-width's, for whatever Ink measures (styled text, hyperlinks, emoji, marks, controls).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width';
import inkStringWidth from '../../source/app/ink-string-width.js';

test('the width Ink is given is string-width’s, on styled text, links and every kind of character', () => {
	const samples = [
		'',
		'wxnews  全部文章   1 / 4',
		'\u001B[1m\u001B[36m微信\u001B[39m\u001B[22m 圈子',
		'\u001B]8;;https://a.example/?x=1\u0007原文 https://a.example\u001B]8;;\u0007',
		'\u001B[7m> N  2021-07-28  注意！微信暂停新用户注册…\u001B[27m',
		'👨‍👩‍👧 🇨🇳 👍🏽 1️⃣ #️⃣ ❤️ ☺ ☺️',
		'é e\u0301 Å 한국어 ᄀᄀᄀ각 ｱｲｳ',
		'tab\there\u0000\u0007\u009b[31m',
		'「引号」《书名》【方括号】——……',
		'\u200b\u200d\u2060\ufeff\u00ad',
		'中\u302a文 〆 ㈱ ① ½ ¼ § ¶',
	];
	for (const text of samples) assert.equal(inkStringWidth(text), stringWidth(text), JSON.stringify(text));
	fc.assert(
		fc.property(fc.string({unit: 'binary', maxLength: 40}), (text) => inkStringWidth(text) === stringWidth(text)),
		{numRuns: 3000},
	);
	fc.assert(
		fc.property(
			fc.array(fc.constantFrom('中', 'a', ' ', '“', '…', '\u001B[31m', '\u001B[0m', '😀', '\u0301', '\u200d', '️'), {
				maxLength: 30,
			}),
			(parts) => inkStringWidth(parts.join('')) === stringWidth(parts.join('')),
		),
		{numRuns: 3000},
	);
});

test('with options, string-width itself answers', () => {
	assert.equal(inkStringWidth('±', {ambiguousIsNarrow: false}), stringWidth('±', {ambiguousIsNarrow: false}));
	assert.equal(
		inkStringWidth('\u001B[31mA', {countAnsiEscapeCodes: true}),
		stringWidth('\u001B[31mA', {countAnsiEscapeCodes: true}),
	);
});
