import {test} from 'node:test';
import assert from 'node:assert/strict';
import {seededRandom} from '../helpers/random.js';
import {isCleanLine, sanitizeLine, sanitizePath, sanitizeText} from '../../source/core/text/sanitize.js';

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
	const random = seededRandom(7);
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

test('invisible format characters are dropped from bodies and one-line fields', () => {
	const invisible = [
		0xad, 0x115f, 0x1160, 0x17b4, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2064, 0x206a, 0x3164, 0xffa0,
		0xe0001, 0xe0041, 0xe007f,
	].map((c) => String.fromCodePoint(c));
	for (const ch of invisible) {
		const what = `U+${ch.codePointAt(0)!.toString(16)}`;
		// Between Chinese characters, after a space and at the start: none of them does a job there.
		assert.equal(sanitizeText(`软${ch}件 ${ch}更新\n${ch}第二行`), '软件 更新\n第二行', what);
		assert.equal(sanitizeLine(`${ch}标${ch}题${ch}`), '标题', what);
	}
	// A variation selector alone: at the start, after a space or a line break, or after another one.
	for (const vs of ['\uFE0F', '\uFE00', '\u{E0100}']) {
		assert.equal(sanitizeText(`${vs}开头 ${vs}空格后\n${vs}行首 ⚠\uFE0F${vs}`), '开头 空格后\n行首 ⚠\uFE0F');
		assert.equal(sanitizeLine(`${vs}标题`), '标题');
	}
	assert.equal(sanitizeText('Micro\u00ADsoft Ex\u00ADchange'), 'Microsoft Exchange');
	assert.equal(sanitizeLine('\u3164\u3164'), '');
});

test('invisible characters that do a job are kept', () => {
	const kept = [
		'👨\u200D👩\u200D👧', // ZWJ between emoji
		'👍🏽\u200D♂️', // after a skin tone
		'⚠\uFE0F 注意', // VS16 after its character
		'1\uFE0F\u20E3', // keycap
		'葛\u{E0100}', // ideographic variation sequence
		'🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', // subdivision flag
		'क्\u200Dष', // Devanagari half form
		'می\u200Cخواهم', // Persian ZWNJ
	];
	for (const text of kept) {
		assert.equal(sanitizeText(text), text, JSON.stringify(text));
		assert.equal(sanitizeLine(text), text, JSON.stringify(text));
	}
	// A joiner with an emoji on one side only joins nothing.
	assert.equal(sanitizeText('😀\u200D文字'), '😀文字');
	assert.equal(sanitizeText('文字\u200D😀'), '文字😀');
});

test('sanitizePath keeps a path exact but for control characters', () => {
	assert.equal(sanitizePath('2023/CNNVD  关于 通报 .md'), '2023/CNNVD  关于 通报 .md');
	assert.equal(sanitizePath('.NET 反序列化.md'), '.NET 反序列化.md');
	assert.equal(sanitizePath('a\u0007b\nc\u009bd\u202ee.md'), 'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe.md');
	assert.equal(sanitizePath('零宽\u200B空格.md'), '零宽\u200B空格.md');
});

test('long runs of joiners, selectors and tags are cleaned in linear time', () => {
	for (const ch of ['\u200D', '\uFE0F', '\u{E0041}', '\u00AD']) {
		const text = '🏴' + ch.repeat(200_000) + '文';
		const start = performance.now();
		const out = sanitizeText(text);
		assert.ok(performance.now() - start < 2000, `U+${ch.codePointAt(0)!.toString(16)}`);
		assert.ok(out.endsWith('文') && out.length < 100, `U+${ch.codePointAt(0)!.toString(16)}: ${out.length}`);
	}
});

// Conservative: a kept variation selector reads as unclean, which costs only the full cleaning.
test('isCleanLine: true only where sanitizeLine changes nothing (the cache skips cleaning on it)', () => {
	const random = seededRandom(11);
	// Mostly ordinary text, with the characters that need cleaning mixed in.
	const odd = [
		' ',
		'  ',
		'\t',
		'\n',
		'\u0085',
		'\u200b',
		'\u200d',
		'\u202e',
		'\u2028',
		'\u3000',
		'\u00a0',
		'\ufe0f',
		'\u001b',
		'\u200e',
		'\u2060',
		'\u3164',
		'\u180e',
	];
	// And the characters of the one-pass test's classes, at their edges.
	const plain = [
		'a',
		'~',
		'!',
		'\u2010',
		'\u2027',
		'\u3001',
		'\u303f',
		'\u4e00',
		'\u9fff',
		'\uff01',
		'\uff60',
		'…',
		'“',
	];
	for (let run = 0; run < 20_000; run++) {
		let text = '';
		for (let i = 0; i < 8; i++) {
			const pick = random();
			text +=
				pick < 0.15
					? odd[Math.floor(random() * odd.length)]
					: pick < 0.5
						? plain[Math.floor(random() * plain.length)]
						: String.fromCodePoint(0x4e00 + Math.floor(random() * 50));
		}
		if (isCleanLine(text)) assert.equal(sanitizeLine(text), text, JSON.stringify(text));
	}
	assert.ok(isCleanLine('微信 圈子'));
	assert.ok(!isCleanLine(' 微信'));
});
