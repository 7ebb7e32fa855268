// readArticleMeta (a cold start's read: the head of each file, plain front matter read fast, files
// opened without realpath) against readArticleFile + metaOf, which read every file whole: the same
// metadata and warnings for every file of the seed articles, the hostile fixtures, the shared samples,
// a generated archive and random files cut around the heads' sizes.
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {generateArchive} from '../../bench/generate.js';
import {makeHostileArchive} from '../fixtures/make-hostile.js';
import {metaOf} from '../../source/core/reading/article.js';
import {
	readArticleFile,
	readArticleMeta,
	scanArchive,
	scanArchiveByFolder,
	type ReadOptions,
	type Warning,
} from '../../source/core/reading/load.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
after(() => {
	for (const temp of temps) rmSync(temp, {recursive: true, force: true});
});

function temp(): string {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'wxnews-meta-'));
	temps.push(folder);
	return folder;
}

/** Every file of an archive read both ways; how many. */
function sameEverywhere(root: string, options: ReadOptions = {}): number {
	const warnings: Warning[] = [];
	const files = scanArchive(root, (warning) => warnings.push(warning), options);
	for (const info of files) {
		const whole = readArticleFile(root, info, options);
		const want = {meta: whole.article && metaOf(whole.article), warnings: whole.warnings};
		assert.deepStrictEqual(readArticleMeta(root, info, options), want, info.file);
		// A copy of the scan's entry is opened through its real path: the same again.
		assert.deepStrictEqual(readArticleMeta(root, {...info}, options), want, info.file);
	}
	return files.length;
}

test('the seed articles', () => {
	assert.ok(sameEverywhere(path.join(repo, 'articles')) > 0);
});

test('the hostile fixtures: encodings, BOMs, binary, empty, huge, broken front matter, links, odd names', () => {
	const folder = path.join(temp(), 'hostile');
	makeHostileArchive(folder);
	assert.ok(sameEverywhere(folder) > 30);
});

const samples = '/work/shared/samples';
test(
	'the shared samples (362 real WeChat exports among them)',
	{skip: !existsSync(samples) && 'no samples here'},
	() => {
		assert.ok(sameEverywhere(samples) >= 384);
		assert.equal(sameEverywhere(path.join(samples, 'wechat-archive')), 362);
	},
);

test('a generated archive', () => {
	const folder = temp();
	generateArchive(folder, 600);
	assert.equal(sameEverywhere(folder), 600);
});

// Pieces whose place around the heads' ends (2 KB, 16 KB) decides whether a head is enough.
const cjk = '微信公众号的新闻归档里，有人写下了这样一段话。';
const piece = fc.oneof(
	fc.constantFrom(
		'---\n',
		'--- \n',
		'----\n',
		'---yaml\n',
		'title: 标题\n',
		"title: '多行\n\n  标题'\n",
		'title:\n',
		'tags:\n - a\n - b\n',
		'date: 2021-03-21 16:47:10\n',
		'author: 作者\n',
		'source: https://example.com/a\n',
		'# 标题\n',
		'原创 作者  公众号  2024-01-21 08:35\n',
		'> 原文链接: https://mp.weixin.qq.com/s/x\n',
		'<div>',
		'<h1>标题</h1>',
		'<title>网页标题</title>',
		'<h1 class="x"',
		'>',
		'</h1>',
		'<p>段落</p>',
		'\n',
		'\n\n',
		'\r\n',
		'   ',
		'\u3000',
		'\uFEFF',
		'😀',
	),
	fc.integer({min: 1, max: 400}).map((n) => cjk.repeat(Math.ceil(n / 20)).slice(0, n)),
	fc.integer({min: 1, max: 3000}).map((n) => 'x'.repeat(n)),
	fc.integer({min: 1, max: 2000}).map((n) => ' '.repeat(n)),
	fc.integer({min: 1, max: 200}).map((n) => '\n'.repeat(n)),
);

// Or the pieces that decide (a fence, a tag, a title, a header line), each after a run of filler of up to a head's
// size, so that some fall across a head's end.
const filler = fc
	.tuple(fc.constantFrom(' ', '\n', 'x', '微', 'a: b\n', ' - c\n', '<p>段落</p>'), fc.integer({min: 0, max: 2100}))
	.map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))));
const decisive = fc.constantFrom(
	'---\n',
	'----\n',
	'---x\n',
	'<div>',
	'<span>',
	'<blockquote>',
	'<!doctype html>',
	'<h1>',
	'</h1>',
	'<h1>标题</h1>',
	'<title>t</title>',
	'# 标题\n',
	'原创 作者  公众号  2024-01-21 08:35\n',
	'> 原文链接: https://x.y/z\n',
	'\r\n',
);
const structured = fc
	.tuple(
		fc.constantFrom('', '---\n', '\n---\n', '---\ntitle: 标题\n', '---\nauthor: 作者\n---\n'),
		fc.array(fc.tuple(filler, decisive), {maxLength: 6}),
	)
	.map(([start, parts]) => start + parts.map(([a, b]) => a + b).join(''));

// An HTML title that ends in a head while one begun before it closes only after the head: the later wins there.
const htmlTitles = fc
	.array(
		fc.tuple(fc.integer({min: 0, max: 1900}), fc.constantFrom('<h1>', '</h1>', '<title>t</title>', '<h1>标题</h1>')),
		{
			maxLength: 5,
		},
	)
	.map(
		(parts) =>
			`---\nauthor: 作者\n---\n<div>${parts.map(([n, tag]) => '微'.repeat(Math.floor(n / 3)) + tag).join('')}</div>`,
	);

test('random files around the heads’ sizes: the same metadata and warnings', () => {
	const root = temp();
	let n = 0;
	const text = fc.tuple(
		fc.boolean(),
		fc.oneof(
			fc.array(piece, {maxLength: 40}).map((pieces) => pieces.join('')),
			structured,
			htmlTitles,
		),
	);
	fc.assert(
		fc.property(text, ([bom, body]) => {
			const file = `${n++ % 50}.md`;
			writeFileSync(path.join(root, file), (bom ? '\uFEFF' : '') + body);
			const info = scanArchive(root, () => {}).find((entry) => entry.file === file)!;
			const whole = readArticleFile(root, info);
			assert.deepStrictEqual(readArticleMeta(root, info), {
				meta: whole.article && metaOf(whole.article),
				warnings: whole.warnings,
			});
		}),
		{numRuns: 4000},
	);
});

test('a file replaced after the scan is read as it is now, never as the one scanned', () => {
	const root = temp();
	writeFileSync(path.join(root, 'a.md'), '# 旧标题\n');
	const [info] = scanArchive(root, () => {});
	rmSync(path.join(root, 'a.md'));
	writeFileSync(path.join(root, 'a.md'), '# 新标题\n');
	assert.equal(readArticleMeta(root, info!).meta?.title, '新标题');
	rmSync(path.join(root, 'a.md'));
	assert.deepStrictEqual(readArticleMeta(root, info!), {
		meta: undefined,
		warnings: [{path: 'a.md', message: 'vanished while the archive was read'}],
	});
});

test('the scan a folder at a time (--ndjson) gives the same files, in the same order, with the same warnings', () => {
	const hostile = path.join(temp(), 'hostile');
	makeHostileArchive(hostile);
	const generated = temp();
	generateArchive(generated, 300);
	for (const folder of [hostile, generated]) {
		const whole: Warning[] = [];
		const byFolder: Warning[] = [];
		const chunks = [...scanArchiveByFolder(folder, (warning) => byFolder.push(warning))];
		assert.ok(chunks.length > 1, `${chunks.length} chunks`);
		assert.ok(chunks.every((chunk) => chunk.length > 0));
		assert.deepEqual(
			chunks.flat(),
			scanArchive(folder, (warning) => whole.push(warning)),
		);
		assert.deepEqual(byFolder, whole);
	}
	// What it gives opens as the whole scan's entries do.
	const files = [...scanArchiveByFolder(generated, () => {})].flat();
	assert.equal(files.filter((info) => readArticleFile(generated, info).article).length, 300);
});
