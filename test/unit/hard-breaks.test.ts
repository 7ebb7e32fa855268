import {test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {explainBreaks, keptBreaks} from '../../source/core/rendering/hard-breaks.js';
import {archiveCases, constructedCases, type BreakCase} from './hard-breaks.cases.js';

const archive = fileURLToPath(new URL('../../../shared/samples/wechat-archive', import.meta.url));

function show(pieces: readonly string[], kept: readonly boolean[]): string {
	return pieces.map((piece, i) => JSON.stringify(piece) + (i < kept.length ? (kept[i] ? ' ⏎ ' : ' + ') : '')).join('');
}

function check(entry: BreakCase): void {
	const actual = keptBreaks(entry.pieces);
	assert.deepEqual(
		actual,
		entry.kept,
		`${entry.note}\n  expected ${show(entry.pieces, entry.kept)}\n  got      ${show(entry.pieces, actual)}\n  because  ${explainBreaks(entry.pieces).join(' | ')}`,
	);
}

test('the table holds at least 40 real paragraphs, each from a file of the sample archive', () => {
	assert.ok(archiveCases.length >= 40, `${archiveCases.length} cases`);
	const joins = archiveCases.filter((entry) => entry.kept.includes(false)).length;
	const keeps = archiveCases.filter((entry) => entry.kept.includes(true)).length;
	assert.ok(joins >= 20 && keeps >= 20, `${joins} paragraphs with a join, ${keeps} with a kept break`);
	for (const entry of [...archiveCases, ...constructedCases]) {
		assert.equal(entry.kept.length, entry.pieces.length - 1, entry.file);
	}
	if (!existsSync(archive)) return;
	for (const entry of archiveCases) assert.ok(existsSync(path.join(archive, entry.file)), entry.file);
});

for (const entry of archiveCases) test(`archive: ${entry.note} (${entry.file})`, () => check(entry));
for (const entry of constructedCases) test(`constructed: ${entry.note}`, () => check(entry));

// The brief's punctuation, written out here rather than taken from the module.
const closing = [...'，。、；：？！）」』》】', ...',.;:?!)'];
const opening = [...'（「『《【“‘', ...'([{'];
const text = fc.oneof(
	fc.string({maxLength: 12}),
	fc.string({unit: 'grapheme', maxLength: 12}),
	fc.constantFrom(
		'年',
		'4',
		'月的关键安全补丁',
		'Oracle',
		'漏洞名称：',
		'XXX',
		'1、',
		'①',
		'•',
		'[图 2]',
		'[3]',
		'。',
		'',
	),
	fc.constantFrom(' ', '\u00a0', '\u3000', '\u200b', 'https://example.com/a', '2024-01-21 08:35', '==='),
);
const piece = fc
	.tuple(fc.constantFrom('', ' ', ...closing, ...opening), text, fc.constantFrom('', ' ', ...closing, ...opening))
	.map(([start, middle, end]) => start + middle + end);
const paragraph = fc.array(piece, {maxLength: 30});

test('property: never throws and decides every break', () => {
	fc.assert(
		fc.property(fc.array(fc.string({unit: 'binary'}), {maxLength: 20}), (pieces) => {
			assert.equal(keptBreaks(pieces).length, Math.max(0, pieces.length - 1));
		}),
	);
	fc.assert(
		fc.property(paragraph, (pieces) => {
			assert.equal(keptBreaks(pieces).length, Math.max(0, pieces.length - 1));
		}),
		{numRuns: 2000},
	);
});

test('property: always joins before closing punctuation and after an opening bracket or quote', () => {
	fc.assert(
		fc.property(paragraph, (pieces) => {
			const kept = keptBreaks(pieces);
			for (let i = 0; i < kept.length; i++) {
				const next = pieces[i + 1]!.trimStart();
				const previous = pieces[i]!.trimEnd();
				if (closing.some((mark) => next.startsWith(mark))) assert.equal(kept[i], false, show(pieces, kept));
				if (opening.some((mark) => previous.endsWith(mark))) assert.equal(kept[i], false, show(pieces, kept));
			}
		}),
		{numRuns: 3000},
	);
});

test('property: a pure function of its pieces', () => {
	fc.assert(
		fc.property(paragraph, (pieces) => {
			const copy = [...pieces];
			assert.deepEqual(keptBreaks(pieces), keptBreaks(copy));
			assert.deepEqual(pieces, copy);
		}),
	);
});

test('linear: a paragraph of 200,000 pieces and a piece of 2 MB', () => {
	const soup = Array.from(
		{length: 200_000},
		(_, i) => ['Oracle', '官方发布了', '2022', '年', '4', '月的补丁。'][i % 6]!,
	);
	let start = performance.now();
	assert.equal(keptBreaks(soup).length, soup.length - 1);
	const many = performance.now() - start;
	const huge = ['（'.repeat(500_000) + 'https://'.repeat(100_000) + ')'.repeat(500_000), '。'.repeat(100_000)];
	start = performance.now();
	assert.deepEqual(keptBreaks(huge), [false]);
	const long = performance.now() - start;
	assert.ok(many < 2000 && long < 2000, `${many.toFixed(0)} ms for many pieces, ${long.toFixed(0)} ms for a long one`);
});
