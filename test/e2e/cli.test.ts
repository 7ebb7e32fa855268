import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ArticleRecord as Record} from '../../source/print/record.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(repo, 'dist/cli.js');
const samples = path.join(repo, '../shared/samples');
const textcheck = path.join(repo, '../shared/tools/textcheck.py');

const emptyState = mkdtempSync(path.join(os.tmpdir(), 'wxnews-cli-state-'));

function run(args: string[], input?: string) {
	const result = spawnSync(process.execPath, [cli, ...args], {
		cwd: repo,
		encoding: 'utf8',
		input: input ?? '',
		maxBuffer: 64 * 1024 * 1024,
		// An empty state folder of its own: the user's read marks would change `is:` and the records.
		env: {...process.env, FORCE_COLOR: '0', XDG_STATE_HOME: emptyState},
	});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

function json(args: string[]): Record[] {
	const result = run(['--json', ...args]);
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout) as Record[];
}

const seedTitles = {
	'000_51e56767a37f38d3.txt': '微信官方：微信圈子将停止运营',
	'001_61142b2e4890a8fe.txt': '微信将关停这个功能，因其遭大量用户投诉',
	'002_fbd974c81cc069e5.txt': '微信暂停新用户注册，官方紧急回应！',
	'003_04d1408861d76c41.txt': '注意！微信暂停新用户注册，要注册还得等等',
};

test('the built CLI exists (npm test builds first)', () => {
	assert.ok(existsSync(cli), 'run npm run build first');
});

test('--json on the bundled articles: 4 records, right titles, categories and dates, newest first', () => {
	const records = json([]);
	assert.equal(records.length, 4);
	const byPath = Object.fromEntries(records.map((r) => [r.path, r]));
	for (const [file, title] of Object.entries(seedTitles)) assert.equal(byPath[file]?.title, title, file);
	assert.deepEqual(byPath['000_51e56767a37f38d3.txt']!.categories, ['新媒体', 'IT 之家', '分类资讯']);
	assert.deepEqual(byPath['003_04d1408861d76c41.txt']!.categories, ['金融', '每经网', '分类']);
	assert.deepEqual(byPath['001_61142b2e4890a8fe.txt']!.categories, []);
	assert.equal(byPath['000_51e56767a37f38d3.txt']!.date, '2021-05-28T11:52:16.000Z');
	assert.equal(byPath['003_04d1408861d76c41.txt']!.date, '2021-07-27T21:27:30.000Z');
	assert.equal(byPath['001_61142b2e4890a8fe.txt']!.date, null);
	assert.equal(byPath['002_fbd974c81cc069e5.txt']!.date, null);
	// Newest first, undated after dated.
	assert.deepEqual(records.map((r) => r.path).slice(0, 2), ['003_04d1408861d76c41.txt', '000_51e56767a37f38d3.txt']);
	for (const r of records) {
		assert.deepEqual(Object.keys(r).sort(), [
			'author',
			'categories',
			'date',
			'format',
			'id',
			'image',
			'links',
			'path',
			'read',
			'source',
			'starred',
			'text',
			'title',
		]);
		assert.match(r.format, /^(?:html|markdown)$/);
		assert.ok(r.text.length > 100);
		if (r.date !== null) assert.equal(new Date(r.date).toISOString(), r.date);
		r.links.forEach((link, i) => {
			assert.equal(link.n, i + 1);
			assert.match(link.kind, /^(?:link|image)$/);
		});
	}
	assert.equal(byPath['000_51e56767a37f38d3.txt']!.format, 'html');
	assert.equal(byPath['002_fbd974c81cc069e5.txt']!.format, 'markdown');
	assert.match(byPath['002_fbd974c81cc069e5.txt']!.source ?? '', /^http:\/\/mp\.weixin\.qq\.com\/s\?/);
});

test('ids are stable across runs', () => {
	assert.deepEqual(
		json([]).map((r) => r.id),
		json([]).map((r) => r.id),
	);
});

test('without --width the text is unwrapped paragraphs', () => {
	const record = json([]).find((r) => r.path.startsWith('000_'))!;
	assert.ok(record.text.split('\n').some((line) => line.length > 80));
	assert.doesNotMatch(record.text, /\n{3,}/);
});

test('--ndjson prints one parseable object per line', () => {
	const result = run(['--ndjson']);
	assert.equal(result.status, 0, result.stderr);
	const lines = result.stdout.trimEnd().split('\n');
	assert.equal(lines.length, 4);
	const records = lines.map((line) => JSON.parse(line) as Record);
	assert.deepEqual(records.map((r) => r.title).sort(), Object.values(seedTitles).sort());
});

test('--width 40 output passes the independent textcheck', () => {
	for (const mode of ['--json', '--ndjson']) {
		const result = run([mode, '--width', '40']);
		assert.equal(result.status, 0, result.stderr);
		const check = spawnSync('python3', [textcheck, '--json', '--width', '40'], {
			input: result.stdout,
			encoding: 'utf8',
		});
		assert.equal(check.status, 0, check.stdout + check.stderr);
		assert.match(check.stdout, /\b0 over width 40\b/);
		assert.match(check.stdout, /\b0 closing-at-start\b/);
	}
	const wrapped = json(['--width', '40']);
	assert.ok(wrapped.every((r) => r.text.split('\n').every((line) => line.length <= 40)));
});

test('--filter keeps articles holding every word', () => {
	assert.deepEqual(
		json(['--filter', '圈子']).map((r) => r.path),
		['000_51e56767a37f38d3.txt'],
	);
	assert.deepEqual(
		json(['-f', 'IT之家']).map((r) => r.path),
		['000_51e56767a37f38d3.txt'],
	);
	assert.deepEqual(
		json(['--filter', 'it 之家']).map((r) => r.path),
		['000_51e56767a37f38d3.txt'],
	);
	assert.equal(json(['--filter', '微信']).length, 4);
	assert.deepEqual(
		json(['--filter', '微信 小程序 莫理']).map((r) => r.path),
		['001_61142b2e4890a8fe.txt'],
	);
	assert.equal(json(['--filter', '微信 不存在的词xyz']).length, 0);
	const ndjson = run(['--ndjson', '--filter', '圈子']);
	assert.equal(ndjson.stdout.trim().split('\n').length, 1);
});

test('--filter syntax: exclusions, phrases, fields, dates and marks on the bundled articles', () => {
	const paths = (filter: string) => json([`--filter=${filter}`]).map((r) => r.path);
	const all = Object.keys(seedTitles);
	const [quanzi, moli, zanting, meijing] = all as [string, string, string, string];
	assert.deepEqual(paths('微信 -圈子').sort(), [moli, zanting, meijing]);
	assert.deepEqual(paths('-微信'), []);
	assert.deepEqual(paths('"微信 圈子"'), [quanzi]);
	assert.deepEqual(paths('title:"微信 圈子"'), [quanzi]);
	assert.deepEqual(paths('title:圈子 title:weixin'), [quanzi], 'pinyin in title:');
	assert.deepEqual(paths('author:meijing'), [meijing]);
	assert.deepEqual(paths('cat:新媒体'), [quanzi]);
	assert.deepEqual(paths('-cat:新媒体 cat:分类'), [meijing]);
	// 000 is 2021-05-28 19:52 UTC+8, 003 is 2021-07-28 05:27 UTC+8; 001 and 002 are undated.
	assert.deepEqual(paths('after:2021-06'), [meijing]);
	assert.deepEqual(paths('after:2021-07-28'), [meijing], 'after: includes its own day, in UTC+8');
	assert.deepEqual(paths('after:2021-07-29'), []);
	assert.deepEqual(paths('before:2021-07-28'), [quanzi], 'before: excludes its own day');
	assert.deepEqual(paths('after:2021 before:2022'), [meijing, quanzi]);
	assert.deepEqual(paths('微信 -腾讯 after:2021-05'), [quanzi]);
	// No marks when printing: every article is unread and none is starred.
	assert.equal(paths('is:unread').length, 4);
	assert.deepEqual(paths('is:starred'), []);
	const ndjson = run(['--ndjson', '--filter', 'title:圈子 before:2021-06']);
	assert.equal(ndjson.status, 0, ndjson.stderr);
	assert.equal(ndjson.stdout.trim().split('\n').length, 1);
	// The plain list, with a phrase excluded: 002's title is the only one holding it.
	const list = run(['-f', '注册 -"新用户注册，官方"']);
	assert.deepEqual(
		list.stdout
			.trimEnd()
			.split('\n')
			.map((line) => line.split('\t')[2]),
		[seedTitles['003_04d1408861d76c41.txt'], seedTitles['001_61142b2e4890a8fe.txt']],
	);
});

test('--filter syntax mistakes are one-line usage errors (exit 2)', () => {
	for (const filter of ['foo:bar', '"微信', 'after:2024-13', 'before:2024-02-30', 'is:xyz', 'title:'])
		assertUsageError(['--json', `--filter=${filter}`]);
	const result = run(['--json', '--filter', '微信 foo:bar']);
	assert.match(result.stderr, /^wxnews: --filter: 未知字段 foo:/);
	// Ordinary words that hold a colon.
	for (const filter of ['http://www.ithome.com', '12:30', 'PS:'])
		assert.equal(run(['--json', '--filter', filter]).status, 0);
});

test('--category keeps articles whose category path contains the name', () => {
	assert.deepEqual(
		json(['--category', '每经网']).map((r) => r.path),
		['003_04d1408861d76c41.txt'],
	);
	assert.deepEqual(
		json(['-c', 'IT之家']).map((r) => r.path),
		['000_51e56767a37f38d3.txt'],
	);
	assert.equal(json(['--category', '不存在']).length, 0);
	assert.equal(json(['--category', '新媒体', '--filter', '注册']).length, 0);
});

test('a pipe without --json gets a plain tab-separated list', () => {
	const result = run([]);
	assert.equal(result.status, 0, result.stderr);
	const lines = result.stdout.trimEnd().split('\n');
	assert.equal(lines.length, 4);
	for (const line of lines) assert.equal(line.split('\t').length, 3, line);
	const [date, category, title] = lines[0]!.split('\t');
	assert.match(date!, /^2021-07-28\b/); // 21:27 UTC is the next morning in UTC+8
	assert.match(category!, /金融.*每经网.*分类/);
	assert.equal(title, seedTitles['003_04d1408861d76c41.txt']);
	const undated = lines.at(-1)!.split('\t');
	assert.equal(undated[0], '');
	assert.doesNotMatch(result.stdout, /\u001b/);
	const filtered = run(['--filter', '圈子']);
	assert.equal(filtered.stdout.trimEnd().split('\n').length, 1);
});

function assertUsageError(args: string[]) {
	const result = run(args);
	assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
	assert.equal(result.stdout, '', args.join(' '));
	assert.doesNotMatch(result.stderr, /\n\s+at |Error:|node:internal/);
	const lines = result.stderr.trim().split('\n');
	assert.equal(lines.length, 1, `${args.join(' ')}: ${result.stderr}`);
	assert.match(lines[0]!, /^wxnews: /);
}

test('an unknown flag exits 2 without a stack trace', () => {
	const result = run(['--bogus']);
	assert.equal(result.status, 2, result.stderr);
	assert.equal(result.stdout, '');
	assert.match(result.stderr, /--bogus/);
	assert.doesNotMatch(result.stderr, /\n\s+at |node:internal/);
});

test('an unknown flag is reported on one line', () => assertUsageError(['--bogus']));

test('usage errors exit 2 with one line on stderr and no stack trace', () => {
	const cases = [
		[path.join(os.tmpdir(), 'wxnews-no-such-folder-' + process.pid)],
		['--width', '5'],
		['--width', 'abc'],
		['--json', '--width', '19'],
		['--json', '--width', '-40'],
	];
	for (const args of cases) assertUsageError(args);
});

test('a file that is not an article, or a device, as the argument is a usage error', () => {
	for (const given of [path.join(repo, 'package.json'), '/dev/null']) {
		const result = run([given]);
		assert.equal(result.status, 2, given);
		assert.match(result.stderr, /^wxnews: not (?:an article file|a folder or a regular file)/);
		assert.doesNotMatch(result.stderr, /\n\s+at /);
	}
});

test('piping into head ends quietly', () => {
	for (const mode of ['--json', '--ndjson', '']) {
		const result = spawnSync('sh', ['-c', `node "${cli}" ${mode} "${samples}" | head -c 100`], {
			encoding: 'utf8',
			cwd: repo,
		});
		assert.equal(result.status, 0);
		assert.ok(result.stdout.length <= 100);
		assert.doesNotMatch(result.stderr, /EPIPE|\n\s+at |Error/, mode);
	}
});

function snapshot(root: string): string[] {
	return readdirSync(root, {recursive: true, withFileTypes: true})
		.map((entry) => {
			const full = path.join(entry.parentPath, entry.name);
			const stat = statSync(full);
			return `${path.relative(root, full)}\t${stat.size}\t${stat.mtimeMs}`;
		})
		.sort();
}

test('a fixture archive: relative paths kept, categories as expected, nothing written', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'wxnews-test-'));
	try {
		// The curated samples; the real archive beside them has tests of its own.
		cpSync(samples, dir, {recursive: true, filter: (source) => !source.includes('wechat-archive')});
		rmSync(path.join(dir, 'README.md'));
		mkdirSync(path.join(dir, '根目录'), {recursive: true});
		writeFileSync(path.join(dir, 'root.md'), '# 根目录的文章\n\n正文。');
		writeFileSync(path.join(dir, 'ignored.json'), '{"title": "not an article"}');
		writeFileSync(
			path.join(dir, 'page.htm'),
			'<html><head><title>网页标题</title></head><body><p>正文</p></body></html>',
		);
		const before = snapshot(dir);
		const dirMtime = statSync(dir).mtimeMs;

		const records = json([dir]);
		assert.equal(records.length, 21 + 2);
		const byPath = Object.fromEntries(records.map((r) => [r.path, r]));
		const it =
			byPath[
				'rsshub/source/_posts/新媒体/IT 之家/分类资讯/1 行代码生成随机迷宫，概率编程语言登 GitHub 热榜，作者曾开发著名 WFC 算法.md'
			];
		assert.ok(it, Object.keys(byPath).join('\n'));
		assert.deepEqual(it.categories, ['新媒体', 'IT 之家', '分类资讯']);
		assert.deepEqual(byPath['wechat-md/ADC与采样/ADC的分辨率与精度.md']?.categories, ['wechat-md', 'ADC与采样']);
		assert.deepEqual(byPath[`rsshub/post/二次元/AGE 动漫 - 番剧详情/"""""""'第1集'""""""".md`]?.categories, [
			'二次元',
			'AGE 动漫 - 番剧详情',
		]);
		assert.deepEqual(byPath['root.md']?.categories, []);
		assert.equal(byPath['root.md']?.title, '根目录的文章');
		assert.equal(byPath['page.htm']?.title, '网页标题');
		assert.equal(byPath['ignored.json'], undefined);
		for (const r of records) assert.ok(!path.isAbsolute(r.path) && !r.path.includes('\\'), r.path);
		// Dated first (newest first), undated after.
		const dates = records.map((r) => r.date);
		const firstUndated = dates.indexOf(null);
		assert.ok(dates.slice(firstUndated).every((d) => d === null));
		const dated = dates.slice(0, firstUndated) as string[];
		assert.deepEqual([...dated].sort().reverse(), dated);

		const category = json(['--category', '掘金', dir]);
		assert.equal(category.length, 2);
		run(['--ndjson', '--width', '30', dir]);
		run([dir]);

		assert.deepEqual(snapshot(dir), before);
		assert.equal(statSync(dir).mtimeMs, dirMtime);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('the bundled archive is not written to', () => {
	const articles = path.join(repo, 'articles');
	const before = snapshot(articles);
	run(['--json']);
	run(['--ndjson', '--width', '40']);
	assert.deepEqual(snapshot(articles), before);
});
