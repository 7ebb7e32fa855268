import {test} from 'node:test';
import {iso} from '../helpers/iso.js';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArticle} from '../../source/core/reading/article.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const archive = path.join(repo, '../shared/samples/wechat-archive');

const url = 'https://mp.weixin.qq.com/s?__biz=MzA4&mid=2247&idx=1&sn=0fb4';
const byline = '原创 城北  渗透安全HackTwo   2024-01-21 08:35  ';

const parse = (text: string) => parseArticle('a.md', text).article;
const firstLine = (body: string) =>
	body
		.split('\n')
		.find((line) => line.trim() !== '')
		?.trim();

test('a 原文 line in every form gives the source, before the title or after the byline', () => {
	const forms = [
		`> **原文链接**: ${url}`,
		`**原文链接**：${url}`,
		`原文链接: ${url}`,
		`原文链接 ：${url}  `,
		`> 原文地址: <${url}>`,
		`**原文地址：**[${url}](${url})`,
		`> 原文：[阅读原文](${url} "标题")`,
		`原文: ${url}\\`,
	];
	for (const form of forms) {
		const layouts = [
			`${form}\n\n#  标题  \n${byline}\n  \n正文第一行。  \n`,
			`#  标题  \n${byline}\n  \n${form}\n\n正文第一行。  \n`,
			`#  标题  \n\n${form}\n\n${byline}\n\n正文第一行。  \n`,
		];
		for (const text of layouts) {
			const article = parse(text);
			const what = JSON.stringify(text);
			assert.equal(article.source, url, what);
			assert.equal(article.title, '标题', what);
			assert.equal(article.author, '城北 · 渗透安全HackTwo', what);
			assert.equal(iso(article.date), '2024-01-21T00:35:00.000Z', what);
			assert.equal(firstLine(article.body), '正文第一行。', what);
		}
	}
});

test('a title takes any number of spaces after #, and trailing hard breaks go', () => {
	for (const heading of ['# 标题', '#  标题  ', '#\t\t标题   ', '#      标题\\']) {
		const article = parse(`${heading}\n${byline}\n\n正文`);
		assert.equal(article.title, '标题', heading);
		assert.equal(firstLine(article.body), '正文', heading);
	}
});

test('byline fields are separated by runs of spaces: 原创, author, account, date', () => {
	const cases: Array<[string, string | undefined, string | undefined]> = [
		[byline, '城北 · 渗透安全HackTwo', '2024-01-21T00:35:00.000Z'],
		['Bill Toulas  代码卫士   2023-12-07 17:34  ', 'Bill Toulas · 代码卫士', '2023-12-07T09:34:00.000Z'],
		['原创 QAX CERT  奇安信 CERT   2023-05-12 15:49  ', 'QAX CERT · 奇安信 CERT', '2023-05-12T07:49:00.000Z'],
		[' 安全客   2023-05-26 11:38  ', '安全客', '2023-05-26T03:38:00.000Z'],
		[' 奇安信 CERT   2023-07-20 15:40  ', '奇安信 CERT', '2023-07-20T07:40:00.000Z'],
		['火绒安全  火绒安全   2023-12-13 17:36  ', '火绒安全', '2023-12-13T09:36:00.000Z'],
		['原创 城北  渗透安全HackTwo  ', '城北 · 渗透安全HackTwo', undefined],
		['Guru Baran  代码卫士  ', 'Guru Baran · 代码卫士', undefined],
		[' 网安百色  ', '网安百色', undefined],
		[' 奇安信 CERT  ', '奇安信 CERT', undefined],
		['   2024-01-21 08:35  ', undefined, '2024-01-21T00:35:00.000Z'],
		['原创 付存敬 电磁散人 2025-08-26 21:42 广东', '付存敬 · 电磁散人', '2025-08-26T13:42:00.000Z'],
		['原创 作者甲  公众号乙   2024年3月5日 08:09', '作者甲 · 公众号乙', '2024-03-05T00:09:00.000Z'],
	];
	for (const [line, author, date] of cases) {
		const article = parse(`#  标题  \n${line}\n  \n正文。  \n`);
		assert.equal(article.author, author, line);
		assert.equal(iso(article.date), date, line);
		assert.equal(firstLine(article.body), '正文。', line);
	}
});

test('lines that only look a little like a byline stay in the body', () => {
	const lines = [
		'漏洞名称：XXX  影响版本：1.0',
		'2024-03-05 这一天，我们发布了新版本，欢迎试用。',
		'2024-01-21 08:35 发布了一个很长很长很长很长很长的更新说明',
		'**关键词**  ',
		'- 列表  项目  ',
		'原文：本文译自一篇英文报道',
		' 点击上方蓝字，关注我们',
		'  缩进的一段话  ',
	];
	for (const line of lines) {
		const article = parse(`#  标题  \n${line}\n\n正文`);
		assert.equal(article.author, undefined, line);
		assert.equal(article.date, undefined, line);
		assert.equal(article.source, undefined, line);
		assert.equal(firstLine(article.body), line.trim(), line);
	}
	// A dateless byline is only taken right after the title, never after body text.
	const late = parse('#  标题  \n\n正文第一段。\n\n城北  渗透安全HackTwo\n');
	assert.equal(late.author, undefined);
	assert.match(late.body, /城北 {2}渗透安全HackTwo/);
});

test('a # heading after a 原文 line is the title; after body text it is a section', () => {
	assert.equal(parse(`> 原文链接: ${url}\n\n# 标题\n正文`).title, '标题');
	const section = parseArticle('dir/文件.md', `正文\n\n# 小节\n`).article;
	assert.equal(section.title, '文件');
	assert.match(section.body, /# 小节/);
});

function articleFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const full = path.join(folder, name);
		return statSync(full).isDirectory() ? articleFiles(full) : name.endsWith('.md') ? [full] : [];
	});
}

test('real wechatmp2markdown exports: every header read, none of it left at the top of the body', () => {
	const files = articleFiles(archive);
	assert.ok(files.length >= 300, 'the samples are there');
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		const {article} = parseArticle(path.relative(archive, file), text);
		const head = text
			.split('\n')
			.filter((line) => line.trim() !== '')
			.slice(0, 6);
		const where = path.relative(archive, file);
		const stated = head.map((line) => /^(?:> )?\*\*原文链接\*\*: (\S+)/.exec(line)?.[1]).find(Boolean);
		if (stated) assert.equal(article.source, stated, where);
		assert.ok(article.date, `${where}: dated`);
		assert.ok(article.author, `${where}: has an author`);
		assert.ok(!article.author.includes('  ') && !article.author.startsWith('原创'), where);
		const first = firstLine(article.body) ?? '';
		assert.ok(!/^(?:> )?(?:\*\*)?原文链接/.test(first), `${where}: ${first}`);
		assert.notEqual(first.replace(/^#+\s*/, ''), article.title, where);
		assert.ok(!/\d{4}-\d\d-\d\d \d\d:\d\d\s*$/.test(first), `${where}: byline left: ${first}`);
	}
});

test('a title repeated under the heading and a second 原文 line are not left in the body', () => {
	for (const repeat of ['**标题**', '# 标题', '标题']) {
		const article = parse(`#  标题  \n${repeat}\n${byline}\n\n正文`);
		assert.equal(article.author, '城北 · 渗透安全HackTwo', repeat);
		assert.equal(firstLine(article.body), '正文', repeat);
	}
	const twice = parse(`> **原文链接**: ${url}\n\n#  标题  \n${byline}\n\n原文地址: ${url}\n\n正文`);
	assert.equal(twice.source, url);
	assert.equal(firstLine(twice.body), '正文');
	// A translation's original under the exporter's link: the first is the source, neither opens the body.
	const other = parse(`> **原文链接**: ${url}\n\n#  标题  \n${byline}\n原文链接 ：https://example.com/en\n\n正文`);
	assert.equal(other.source, url);
	assert.equal(firstLine(other.body), '正文');
});

test('long hostile header lines are read in linear time', () => {
	const long = 200_000;
	const lines = [
		'# 标题' + ' '.repeat(long) + 'x',
		'# 标题\n' + ' \t'.repeat(long / 2) + '#x',
		'原文链接: ' + ']('.repeat(long / 2),
		'原文' + ' '.repeat(long) + 'x',
		'> 原文链接' + ' **'.repeat(long / 3),
		'# ' + '<'.repeat(long),
		'# x' + '#'.repeat(long) + 'y',
	];
	for (const text of lines) {
		const start = performance.now();
		parse(text);
		const took = performance.now() - start;
		assert.ok(took < 2000, `${JSON.stringify(text.slice(0, 20))}…: ${Math.round(took)} ms`);
	}
});
