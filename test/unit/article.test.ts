import {test} from 'node:test';
import {iso} from '../helpers/iso.js';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {articleId, detectFormat, parseArticle} from '../../source/core/reading/article.js';
import {sanitizeText} from '../../source/core/text/sanitize.js';

const isClean = (text: string) => sanitizeText(text) === text;

const repo = fileURLToPath(new URL('../..', import.meta.url));
const samples = path.join(repo, '../shared/samples');
const seeds = path.join(repo, 'articles');

/** Parse a real sample as it sits below the samples folder. */
function sample(relative: string) {
	const text = readFileSync(path.join(samples, relative), 'utf8');
	return parseArticle(relative, text).article;
}

function seed(name: string) {
	return parseArticle(name, readFileSync(path.join(seeds, name), 'utf8')).article;
}

test('seeds: titles, categories and dates', () => {
	const a = seed('000_51e56767a37f38d3.txt');
	assert.equal(a.title, '微信官方：微信圈子将停止运营');
	assert.deepEqual(a.categories, ['新媒体', 'IT 之家', '分类资讯']);
	assert.equal(iso(a.date), '2021-05-28T11:52:16.000Z');
	assert.equal(a.author, 'IT 之家');
	assert.equal(a.format, 'html');
	assert.match(a.image ?? '', /^https:\/\/img\.ithome\.com\/.*\.png$/);

	const b = seed('001_61142b2e4890a8fe.txt');
	assert.equal(b.title, '微信将关停这个功能，因其遭大量用户投诉');
	assert.deepEqual(b.categories, []);
	assert.equal(b.date, undefined);
	assert.equal(b.format, 'markdown');
	assert.ok(!b.body.includes('# 微信将关停这个功能'), 'title heading removed');
	assert.match(b.author ?? '', /小小莫理/);

	const c = seed('002_fbd974c81cc069e5.txt');
	assert.equal(c.title, '微信暂停新用户注册，官方紧急回应！');
	assert.deepEqual(c.categories, []);
	assert.equal(c.date, undefined);
	assert.equal(c.format, 'markdown');
	assert.match(c.source ?? '', /^http:\/\/mp\.weixin\.qq\.com\/s\?__biz=/);
	assert.ok(!c.body.includes('原文'), '原文 line removed from the body');

	const d = seed('003_04d1408861d76c41.txt');
	assert.equal(d.title, '注意！微信暂停新用户注册，要注册还得等等');
	assert.deepEqual(d.categories, ['金融', '每经网', '分类']);
	assert.equal(iso(d.date), '2021-07-27T21:27:30.000Z');
	assert.equal(d.format, 'html');
});

test('title from front matter wins over a heading', () => {
	const {article} = parseArticle('a.md', '---\ntitle: 前置标题\n---\n# 正文标题\n\n内容');
	assert.equal(article.title, '前置标题');
});

test('title from the first # heading, trimmed and removed from the body', () => {
	const {article} = parseArticle('a.md', '\n\n#    标题两边有空格   \n\n正文第一段。');
	assert.equal(article.title, '标题两边有空格');
	assert.equal(article.body.trim(), '正文第一段。');
	const closed = parseArticle('a.md', '# 关闭的标题 ##\n\n正文');
	assert.equal(closed.article.title, '关闭的标题');
});

test('## headings are not titles; a # heading after body text is a section', () => {
	const sub = parseArticle('dir/文件名.md', '## 小节\n\n正文');
	assert.equal(sub.article.title, '文件名');
	// The FDM sample: body text comes first, `# 一、理论原理` is a section.
	const fdm = sample('wechat-md/CFD_计算流体力学/FDM_波动方程数值模拟_附程序源码.md');
	assert.equal(fdm.title, 'FDM_波动方程数值模拟_附程序源码');
	assert.match(fdm.body, /# 一、理论原理/);
	const code = parseArticle('dir/代码.md', '正文\n\n```\n# comment\n```\n');
	assert.equal(code.article.title, '代码');
});

test('markdown escapes and emphasis are not part of a title', () => {
	assert.equal(
		parseArticle('a.md', '# comfyui中用到的\\*.safetensors，\\*.pth， \\*.bin文件有什么差别？\n').article.title,
		'comfyui中用到的*.safetensors，*.pth， *.bin文件有什么差别？',
	);
	assert.equal(parseArticle('a.md', '# **1\\. 加粗标题**\n').article.title, '1. 加粗标题');
	assert.equal(parseArticle('a.md', '# \\_\\_init\\_\\_ 与 \\[美\\]\n').article.title, '__init__ 与 [美]');
});

test('filename fallback when there is no title at all', () => {
	assert.equal(parseArticle('a/b/没有标题的文章.md', '只有正文。').article.title, '没有标题的文章');
	assert.equal(parseArticle('x.html', '<p>只有正文</p>').article.title, 'x');
	// The HTML fallback uses <h1> or <title> when there is one.
	assert.equal(parseArticle('x.html', '<h1>网页<b>标题</b></h1><p>正文</p>').article.title, '网页标题');
});

test('原文 / 原文链接 / 原文地址 give the source URL', () => {
	const forms = [
		'原文：[链接](https://mp.weixin.qq.com/s/abc)',
		'原文链接: https://mp.weixin.qq.com/s/abc',
		'> 原文地址: [https://mp.weixin.qq.com/s/abc](https://mp.weixin.qq.com/s/abc)',
		'原文地址：<https://mp.weixin.qq.com/s/abc>',
	];
	for (const line of forms) {
		const {article} = parseArticle('a.md', `# 标题\n\n${line}\n\n正文。`);
		assert.equal(article.source, 'https://mp.weixin.qq.com/s/abc', line);
		assert.equal(article.title, '标题');
		assert.ok(!article.body.includes('原文'), line);
		assert.match(article.body, /正文。/);
	}
});

test('a 原文 line deep in the body is body text, not the source', () => {
	const body = '# 标题\n\n一\n\n二\n\n三\n\n四\n\n五\n\n原文链接: https://example.com/late\n';
	const {article} = parseArticle('a.md', body);
	assert.equal(article.source, undefined);
	assert.match(article.body, /原文链接/);
});

test('javascript: in a 原文 line or front matter is never a source', () => {
	const md = parseArticle('a.md', '# 标题\n\n原文: [x](javascript:alert(1))\n\n正文');
	assert.equal(md.article.source, undefined);
	const fm = parseArticle('a.md', '---\nsource: " javascript:alert(1)"\nheadimg: "data:image/png;base64,AAAA"\n---\nx');
	assert.equal(fm.article.source, undefined);
	assert.equal(fm.article.image, undefined);
	const link = parseArticle('a.md', '---\nlink: https://example.com/p\n---\nx');
	assert.equal(link.article.source, 'https://example.com/p');
});

test('WeChat bylines give the author and a UTC+8 date', () => {
	const adc = sample('wechat-md/ADC与采样/ADC的分辨率与精度.md');
	assert.equal(adc.title, 'ADC的分辨率与精度');
	assert.match(adc.author ?? '', /付存敬/);
	assert.equal(iso(adc.date), '2025-08-26T13:42:00.000Z');
	assert.equal(adc.source, 'https://mp.weixin.qq.com/s/rz8fRTDqqttLSFQAiLpq6w');
	assert.ok(!adc.body.includes('原创 付存敬'), 'byline removed from the body');

	const inline = parseArticle('a.md', '# 标题\n\n原创 作者甲 公众号乙 2024年3月5日 08:09\n\n正文，有标点。');
	assert.match(inline.article.author ?? '', /作者甲/);
	assert.equal(iso(inline.article.date), '2024-03-05T00:09:00.000Z');
});

test('a sentence near the top is not mistaken for a byline', () => {
	const {article} = parseArticle('a.md', '# 标题\n\n2024-03-05 这一天，我们发布了新版本，欢迎试用。\n');
	assert.equal(article.author, undefined);
	assert.equal(article.date, undefined);
	assert.match(article.body, /这一天/);
});

test('no byline: the title is followed by blank lines and 原文地址', () => {
	const cae = sample('wechat-md/CAE_数值仿真/工业软件三座大山之CAE_全球五大CAE仿真巨头及其仿真软件.md');
	assert.equal(cae.title, '工业软件三座大山之CAE：全球五大CAE仿真巨头及其仿真软件');
	assert.equal(cae.source, 'https://mp.weixin.qq.com/s/S-hRtK9ssngzUD-jNcJGbA');
	assert.equal(cae.author, undefined);
	assert.equal(cae.date, undefined);
});

test('a # heading that differs from the file name is still the title', () => {
	const ai = sample('wechat-md/AI_机器学习/人工智能小白必读_一份超详细的AI学习路线图_.md');
	assert.equal(ai.title, '人工智能学习路线1.0');
});

test('folder categories for articles without any', () => {
	assert.deepEqual(parseArticle('科技/手机/a.md', '# 标题').article.categories, ['科技', '手机']);
	assert.deepEqual(parseArticle('a.md', '# 标题').article.categories, []);
	const cfd = sample('wechat-md/CFD_计算流体力学/FDM_波动方程数值模拟_附程序源码.md');
	assert.deepEqual(cfd.categories, ['wechat-md', 'CFD_计算流体力学']);
});

test('real rsshub samples: front matter categories, dates and quirks', () => {
	const it = sample(
		'rsshub/source/_posts/新媒体/IT 之家/分类资讯/1 行代码生成随机迷宫，概率编程语言登 GitHub 热榜，作者曾开发著名 WFC 算法.md',
	);
	assert.equal(it.title, '1 行代码生成随机迷宫，概率编程语言登 GitHub 热榜，作者曾开发著名 WFC 算法');
	assert.deepEqual(it.categories, ['新媒体', 'IT 之家', '分类资讯']);
	assert.equal(iso(it.date), '2022-06-07T00:08:34.000Z');

	const mei = sample('rsshub/source/_posts/金融/每经网/分类/10月5日美股三大指数集体收跌，道指跌094%，纳指跌超2%.md');
	assert.equal(mei.title, '10月5日美股三大指数集体收跌，道指跌0.94%，纳指跌超2%');
	assert.equal(iso(mei.date), '2021-10-05T05:00:00.000Z');

	const dockone = sample('rsshub/source/_posts/编程/Dockone/周报/25个每个人都应该知道的Git命令.md');
	assert.equal(iso(dockone.date), '2021-04-28T16:26:08.000Z');
	assert.deepEqual(dockone.categories, ['编程', 'Dockone', '周报']);

	const acfun = sample('rsshub/source/_posts/二次元/AcFun/番剧/第1话 - 4点44分的仪式.md');
	assert.deepEqual(acfun.categories, ['二次元', 'AcFun', '番剧']);
	assert.equal(iso(acfun.date), '2018-10-01T11:50:50.000Z');
	assert.equal(acfun.image, 'https://tx-free-imgs.acfun.cn/content/2018_09_30/1538318935.png');

	const acm = sample('rsshub/source/_posts/编程/ACM/图灵奖获得者/2021.md');
	assert.equal(acm.title, '2021');

	const spy = sample('rsshub/source/_posts/二次元/Bangumi/放送列表/SPY×FAMILY｜SPY FAMILY｜间谍过家家.md');
	assert.equal(spy.title, 'SPY×FAMILY｜SPY FAMILY｜间谍过家家');

	const happy = sample('rsshub/post/二次元/2021年03月23日 割引終了美少女イラストコレクション HAPPY!.md');
	assert.match(happy.title, /^2021年03月23日 割引終了\s*美少女イラストコレクション HAPPY!$/);
	assert.deepEqual(happy.categories, ['二次元', 'DLsite - 产品打折信息']);
	assert.equal(iso(happy.date), '2021-03-21T08:47:10.000Z');

	const age = sample(`rsshub/post/二次元/AGE 动漫 - 番剧详情/"""""""'第1集'""""""".md`);
	assert.ok(age.title.includes('第1集'));
	assert.deepEqual(age.categories, ['二次元', 'AGE 动漫 - 番剧详情']);
	assert.equal(iso(age.date), '2021-03-21T20:50:47.000Z');
});

test('format is decided by content, not by extension', () => {
	assert.equal(detectFormat('\n<div>   \n<p>x</p></div>'), 'html');
	assert.equal(detectFormat('<!-- c --><p>x</p>'), 'html');
	assert.equal(detectFormat('<p align="center">x</p>'), 'html');
	assert.equal(detectFormat('# 标题\n\n正文'), 'markdown');
	assert.equal(detectFormat('正文 <b>加粗</b>'), 'markdown');
	assert.equal(detectFormat('<https://example.com> 自动链接'), 'markdown');
	assert.equal(parseArticle('a.txt', '<div><p>x</p></div>').article.format, 'html');
	assert.equal(parseArticle('a.html', '# 不是网页\n\n正文').article.format, 'markdown');
	assert.equal(seed('000_51e56767a37f38d3.txt').format, 'html');
});

test('ids are stable, distinct per path, and do not depend on content', () => {
	const one = parseArticle('a/b.md', '# 一').article.id;
	assert.equal(parseArticle('a/b.md', '# 二').article.id, one);
	assert.equal(articleId('a/b.md'), one);
	assert.notEqual(parseArticle('a/c.md', '# 一').article.id, one);
	assert.match(one, /^[0-9a-f]{8,}$/);
});

test('control characters never reach titles, authors, categories or paths', () => {
	const text = '---\ntitle: "标\\e[31m题\\u009b2J\\u202e"\nauthor: "作\\x07者"\ncategories: ["分\\u0085类"]\n---\nx';
	const {article} = parseArticle('目\u001b录/a\u009b.md', text);
	for (const value of [article.title, article.author ?? '', ...article.categories, article.path])
		assert.ok(isClean(value) && !/[\u0000-\u001f]/.test(value), JSON.stringify(value));
	assert.equal(article.title, '标[31m题2J');
	const md = parseArticle('a.md', '# 标\u001b]0;evil\u0007题\n');
	assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(md.article.title));
});

test('HTML entities in front matter titles are decoded', () => {
	const {article} = parseArticle('a.md', "---\ntitle: 'A &amp; B &#8212; C'\n---\nx");
	assert.equal(article.title, 'A & B — C');
});

test('invisible characters never reach titles, authors or categories', () => {
	const text =
		'---\ntitle: "Ex\u00ADchange 漏\u200B洞"\nauthor: "\u3164作者\u2060"\ncategories: ["安\uFEFF全", "\u200D"]\n---\nx';
	const {article} = parseArticle('a.md', text);
	assert.equal(article.title, 'Exchange 漏洞');
	assert.equal(article.author, '作者');
	assert.deepEqual(article.categories, ['安全']);
	const md = parseArticle('a.md', '#  软\u00AD件  \n原创 城\u200B北  渗透安全HackTwo   2024-01-21 08:35  \n\n正文');
	assert.equal(md.article.title, '软件');
	assert.equal(md.article.author, '城北 · 渗透安全HackTwo');
});

test('path and id are exact: runs of spaces kept, control characters replaced and reported', () => {
	const double = parseArticle('2023/CNNVD  关于通报.md', '# 标题').article;
	const single = parseArticle('2023/CNNVD 关于通报.md', '# 标题').article;
	assert.equal(double.path, '2023/CNNVD  关于通报.md');
	assert.equal(single.path, '2023/CNNVD 关于通报.md');
	assert.notEqual(double.id, single.id);
	const dot = parseArticle('2024/.NET 反序列化漏洞.md', '正文').article;
	assert.equal(dot.path, '2024/.NET 反序列化漏洞.md');
	assert.equal(dot.title, '.NET 反序列化漏洞');
	const bad = parseArticle('坏\u0007名.md', '# 标题');
	assert.equal(bad.article.path, '坏\uFFFD名.md');
	assert.equal(bad.article.file, '坏\u0007名.md');
	assert.ok(bad.problems.some((problem) => /control characters/.test(problem)));
	assert.deepEqual(parseArticle('好名字.md', '# 标题').problems, []);
});
