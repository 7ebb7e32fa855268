// The fast front matter reader against what gray-matter and js-yaml make of the same block: random
// blocks of keys, plain and quoted scalars (CJK, colons, quotes, #, numbers, booleans, null), lists,
// multi-line quoted titles, and lines outside the simple kind, which it must leave to the full parser.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import {readSimpleYaml} from '../../source/core/reading/simple-yaml.js';
import {splitFrontMatter} from '../../source/core/reading/front-matter.js';

// gray-matter as front-matter.ts calls it (the core schema, json: true, a copy with no prototype).
const options = {
	language: 'yaml',
	engines: {
		yaml: (source: string) => {
			const value: unknown = yaml.load(source, {schema: yaml.CORE_SCHEMA, json: true});
			if (value === null || value === undefined) return {};
			if (typeof value !== 'object' || Array.isArray(value)) throw new Error('front matter is not a mapping');
			return Object.assign(Object.create(null) as Record<string, unknown>, value);
		},
	},
} as unknown as Parameters<typeof matter>[1];

/** What the full parser gives for a block, or undefined when it refuses it (the lenient reader's case). */
function full(block: string): {data: unknown; body: string} | undefined {
	try {
		const file = matter(`---\n${block}---\nBODY`, options);
		return {data: file.data, body: file.content};
	} catch {
		return undefined;
	}
}

let accepted = 0;
let tried = 0;

function check(block: string): void {
	tried++;
	const fast = readSimpleYaml(block);
	if (fast === undefined) return;
	accepted++;
	const want = full(block);
	assert.ok(want, `read a block the full parser refuses: ${JSON.stringify(block)}`);
	assert.deepStrictEqual(fast, want.data, JSON.stringify(block));
	assert.equal(want.body, 'BODY', JSON.stringify(block));
	// And through splitFrontMatter, body and all.
	assert.deepStrictEqual(splitFrontMatter(`\n---\n${block}---\n\nBODY\n`), {
		data: fast,
		body: '\nBODY\n',
		hasFrontMatter: true,
	});
}

const char = fc.constantFrom(
	...'ab Z09.:-#\'"[],{}!&*|>%@`~?_/\\'.split(''),
	'微',
	'信',
	'：',
	'，',
	'　',
	'😀',
	'\t',
	'\u00a0',
	'\u0085',
	'\u2028',
);
const words = fc.constantFrom(
	'true',
	'True',
	'TRUE',
	'false',
	'yes',
	'no',
	'on',
	'null',
	'Null',
	'~',
	'123',
	'-5',
	'+12',
	'012',
	'0x1F',
	'0o17',
	'0b101',
	'1_000',
	'1e3',
	'-1.5e-3',
	'.inf',
	'-.inf',
	'.nan',
	'.NaN',
	'0',
	'-0',
	'3.',
	'2021-03-21 16:47:10',
	'2021-03-21',
	'Fri, 28 May 2021 11:52:16 GMT',
	'https://example.com/a?x=1#frag',
	'IT 之家',
	'微信官方：微信圈子将停止运营',
	'a: b',
	'a #b',
	'a:',
	'- a',
	'---',
	'...',
	'<<',
	'__proto__',
);
const text = fc.oneof(
	words,
	fc.string({unit: char, maxLength: 12}),
	fc.tuple(words, words).map(([a, b]) => `${a} ${b}`),
);
const spaces = fc.constantFrom('', ' ', '  ');
const single = (value: string) => `'${value.replaceAll("'", "''")}'`;
const scalar = fc.oneof(
	text,
	text.map(single),
	text.map((value) => `"${value}"`),
	fc
		.tuple(text, text, fc.constantFrom('\n', '\n\n', '\n  ', '\n\n\n', ' \n '))
		.map(([a, b, gap]) => single(`${a}${gap}${b}`)),
	fc.constantFrom("'", '"', "'a''", "'''", '""', "''", '"a"b"', "'a' #c", "'a'b"),
);
const key = fc.constantFrom(
	'title',
	'author',
	'tags',
	'categories',
	'date',
	'a-b',
	'_x',
	'True',
	'null',
	'NULL',
	'__proto__',
	'title',
	'微信',
	'1',
	'a b',
	'x:y',
);
const flow = fc.array(fc.oneof(text, text.map(single)), {maxLength: 4}).map((items) => `[${items.join(', ')}]`);
const line = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.tuple(key, spaces, scalar, spaces).map(([k, s, v, t]) => `${k}:${s === '' ? ' ' : s}${v}${t}`),
	},
	{weight: 2, arbitrary: fc.tuple(key, spaces).map(([k, s]) => `${k}:${s}`)},
	{weight: 3, arbitrary: fc.tuple(fc.constantFrom('', ' ', '    '), scalar).map(([indent, v]) => `${indent}- ${v}`)},
	{weight: 1, arbitrary: fc.tuple(key, flow).map(([k, v]) => `${k}: ${v}`)},
	{
		weight: 1,
		arbitrary: fc.constantFrom(
			'',
			' ',
			'# comment',
			'  more',
			'---x',
			'----',
			'...',
			'-',
			'- ',
			'title:x',
			'key: |',
			'  - - a',
			'a: &x 1',
			'b: *x',
			'c: !!str 1',
			'd: {a: 1}',
			'\tx: 1',
			'k: v # c',
		),
	},
);
const block = fc.array(line, {maxLength: 8}).map((lines) => lines.map((l) => `${l}\n`).join(''));

// Blocks shaped like the archives': distinct keys, each a scalar or a list, the odd blank line.
const tameChar = fc.constantFrom(...'ab Z09.:-#\'"[],!&*?_/'.split(''), '微', '信', '：', '，', '　', '😀');
const tameText = fc.oneof(words, fc.string({unit: tameChar, maxLength: 12}));
const tameScalar = fc.oneof(
	tameText,
	tameText.map(single),
	tameText.map((value) => `"${value}"`),
	fc
		.tuple(tameText, tameText, fc.constantFrom('\n', '\n\n', '\n  ', ' \n '))
		.map(([a, b, gap]) => single(`${a}${gap}${b}`)),
);
const entry = fc.tuple(
	fc.oneof(
		tameScalar.map((value) => ` ${value}`),
		fc
			.tuple(fc.constantFrom(' ', '  ', '    '), fc.array(tameScalar, {minLength: 1, maxLength: 3}))
			.map(([indent, items]) => items.map((item) => `\n${indent}- ${item}`).join('')),
		fc.array(tameText, {maxLength: 3}).map((items) => ` [${items.join(', ')}]`),
		fc.constant(''),
	),
	fc.constantFrom('', '', ' ', '\n'),
);
const tameBlock = fc
	.uniqueArray(fc.constantFrom('title', 'author', 'tags', 'categories', 'date', 'headimg', 'a-b', '_x', 'True'), {
		maxLength: 6,
	})
	.chain((keys) => fc.tuple(fc.constant(keys), fc.array(entry, {minLength: keys.length, maxLength: keys.length})))
	.map(([keys, entries]) => keys.map((k, i) => `${k}:${entries[i]![0]}${entries[i]![1]}\n`).join(''));

test('random front matter: the fast reader gives what gray-matter and js-yaml give, or leaves it to them', () => {
	fc.assert(fc.property(block, check), {numRuns: 10_000});
	accepted = 0;
	tried = 0;
	fc.assert(fc.property(tameBlock, check), {numRuns: 10_000});
	// The generator must reach the fast reader's subset often enough to test it.
	assert.ok(accepted > tried / 4, `only ${accepted} of ${tried} blocks were read fast`);
});

test('the archives’ own front matter is read fast, and to the same data', () => {
	const blocks = [
		"title: '微信官方：微信圈子将停止运营'\ncategories: \n - 新媒体\n - IT 之家\n - 分类资讯\nheadimg: 'https://img.ithome.com/a.png'\nauthor: IT 之家\ncomments: false\ndate: Fri, 28 May 2021 11:52:16 GMT\n",
		"title: '比如：\n\n在用户正常观看视频过程中 第1737号'\ncategories:\n - 二次元\nauthor: 36kr\n",
		'title: 2021\ntags: [a, b, 3]\ndate: 2021-03-21 16:47:10\nthumbnail: \n',
		'categories: \n    - 二次元\n    - AcFun\n\nauthor: AcFun\n',
		'',
		'\n\n',
	];
	for (const item of blocks) {
		assert.ok(readSimpleYaml(item), JSON.stringify(item));
		check(item);
	}
	// Outside the subset: left to the full parser (and its lenient fallback).
	for (const item of [
		'title: """""""\'第1集\'"""""""\n',
		'title: a\n\n\nb\n',
		'title: |\n  a\n',
		'a: 1\na: 2\n',
		'# c\ntitle: a\n',
		'title: "a\\nb"\n',
		'title:\n  a\n',
	])
		assert.equal(readSimpleYaml(item), undefined, JSON.stringify(item));
});
