import {test} from 'node:test';
import assert from 'node:assert/strict';
import {sanitizeLine, sanitizeText} from '../../source/core/text/sanitize.js';

const isClean = (text: string) => sanitizeText(text) === text;

const forbidden = [
	...Array.from({length: 0x20}, (_, i) => i).filter((c) => c !== 0x0a && c !== 0x09),
	0x7f,
	...Array.from({length: 0x20}, (_, i) => 0x80 + i),
	0x202a,
	0x202b,
	0x202c,
	0x202d,
	0x202e,
	0x2066,
	0x2067,
	0x2068,
	0x2069,
].map((c) => String.fromCodePoint(c));

test('sanitizeText removes C0 (but newline and tab), DEL, C1 and bidi overrides', () => {
	for (const ch of forbidden) {
		const out = sanitizeText(`前${ch}后`);
		assert.equal(out, '前后', `U+${ch.codePointAt(0)!.toString(16)}`);
	}
	assert.equal(sanitizeText('一\n二\t三'), '一\n二\t三');
	assert.equal(sanitizeText('\u001b[31m红\u001b[0m'), '[31m红[0m');
	assert.equal(sanitizeText('\u009b2J清屏'), '2J清屏');
});

test('sanitizeText keeps ordinary text untouched', () => {
	const text = '中文 English ﾊﾝｶｸ 全角ＡＢＣ emoji 😀👨‍👩‍👧 e\u0301 ≈√² log₂ “引号” «»';
	assert.equal(sanitizeText(text), text);
	assert.ok(isClean(text));
});

test('sanitizeLine makes one clean line', () => {
	assert.equal(sanitizeLine('  标题\n第二行\r\n\t第三  '), '标题 第二行 第三');
	assert.equal(sanitizeLine('a\u2028b\u2029c'), 'a b c');
	for (const ch of forbidden) assert.equal(sanitizeLine(`a${ch}b`).length <= 3, true);
	assert.equal(sanitizeLine('a\u001b]0;title\u0007b'), 'a]0;titleb');
	assert.equal(sanitizeLine('\u202eevil\u202c'), 'evil');
	assert.equal(sanitizeLine(''), '');
});

test('isClean tells clean from unclean, repeatedly', () => {
	assert.equal(isClean('正常文字\n第二行'), true);
	for (let i = 0; i < 3; i++) {
		assert.equal(isClean('坏\u001b'), false);
		assert.equal(isClean('好'), true);
	}
	for (const ch of forbidden) assert.equal(isClean(`x${ch}`), false, `U+${ch.codePointAt(0)!.toString(16)}`);
});

test('sanitised output never holds a forbidden character (random input)', () => {
	let seed = 7;
	const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
	for (let run = 0; run < 200; run++) {
		let text = '';
		for (let i = 0; i < 50; i++) text += String.fromCodePoint(Math.floor(random() * 0x2100));
		const body = sanitizeText(text);
		const line = sanitizeLine(text);
		for (const ch of forbidden) {
			assert.ok(!body.includes(ch));
			assert.ok(!line.includes(ch));
		}
		assert.ok(!/[\n\r\t]/.test(line));
		assert.ok(isClean(body));
	}
});
