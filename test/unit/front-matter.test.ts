import {test} from 'node:test';
import {iso} from '../helpers/iso.js';
import assert from 'node:assert/strict';
import {splitFrontMatter} from '../../source/core/reading/front-matter.js';
import {parseArticle} from '../../source/core/reading/article.js';

const hexo = `---
title: '微信官方：微信圈子将停止运营'
categories: 
 - 新媒体
 - IT 之家
 - 分类资讯
author: IT 之家
date: Fri, 28 May 2021 11:52:16 GMT
---

<div>   
<p>正文</p>
</div>`;

test('front matter at the very start is read and removed from the body', () => {
	const front = splitFrontMatter(hexo);
	assert.equal(front.hasFrontMatter, true);
	assert.equal(front.problem, undefined);
	assert.equal(front.data.title, '微信官方：微信圈子将停止运营');
	assert.deepEqual(front.data.categories, ['新媒体', 'IT 之家', '分类资讯']);
	assert.ok(!front.body.includes('title:'));
	assert.ok(front.body.includes('<p>正文</p>'));
});

test('leading blank lines before --- still open front matter', () => {
	for (const lead of ['\n', '\n\n\n', '  \n\t\n']) {
		const front = splitFrontMatter(lead + hexo);
		assert.equal(front.hasFrontMatter, true, JSON.stringify(lead));
		assert.equal(front.data.title, '微信官方：微信圈子将停止运营');
	}
});

test('a BOM and blank lines before --- (through parseArticle)', () => {
	const {article} = parseArticle('a.md', '\uFEFF\n\n' + hexo);
	assert.equal(article.title, '微信官方：微信圈子将停止运营');
	assert.deepEqual(article.categories, ['新媒体', 'IT 之家', '分类资讯']);
	assert.equal(iso(article.date), '2021-05-28T11:52:16.000Z');
});

test('CRLF line endings', () => {
	const {article} = parseArticle('a.md', '\r\n' + hexo.replace(/\n/g, '\r\n'));
	assert.equal(article.title, '微信官方：微信圈子将停止运营');
	assert.deepEqual(article.categories, ['新媒体', 'IT 之家', '分类资讯']);
	assert.equal(article.author, 'IT 之家');
	assert.ok(!article.title.includes('\r'));
	assert.ok(!article.body.includes('\r'));
});

test('categories: a YAML list is one path, a string is one level', () => {
	const list = parseArticle('a.md', '---\ncategories: [新媒体, IT 之家, 分类资讯]\n---\nx');
	assert.deepEqual(list.article.categories, ['新媒体', 'IT 之家', '分类资讯']);
	const single = parseArticle('a.md', '---\ncategories: 科技\n---\nx');
	assert.deepEqual(single.article.categories, ['科技']);
	const indented = parseArticle('a.md', '---\ncategories: \n    - 二次元\n    - AcFun\n    - 番剧\n---\nx');
	assert.deepEqual(indented.article.categories, ['二次元', 'AcFun', '番剧']);
});

test('front matter categories win over the folder', () => {
	const {article} = parseArticle('其他/文件夹/a.md', '---\ncategories: 科技\n---\nx');
	assert.deepEqual(article.categories, ['科技']);
});

test('a missing closing --- is not front matter', () => {
	const text = '---\ntitle: 没有结束\n\n正文一段。\n';
	const front = splitFrontMatter(text);
	assert.equal(front.hasFrontMatter, false);
	assert.deepEqual({...front.data}, {});
	assert.equal(front.body, text);
	const {article} = parseArticle('dir/无结束.md', text);
	assert.notEqual(article.title, '没有结束');
	assert.equal(article.title, '无结束');
});

test('---js front matter is never evaluated', () => {
	delete (globalThis as Record<string, unknown>).pwned;
	for (const fence of ['---js', '---javascript', '---JavaScript', '--- js ']) {
		const text = `${fence}\nglobalThis.pwned = true; module.exports = {title: 'evil'};\n({title: (globalThis.pwned = true, 'evil')})\n---\n正文`;
		const front = splitFrontMatter(text);
		assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
		assert.notEqual(front.data.title, 'evil');
		assert.ok(front.problem, fence);
		assert.equal(front.body.trim(), '正文');
		const {article, problems} = parseArticle('js.md', text);
		assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
		assert.notEqual(article.title, 'evil');
		assert.ok(problems.length > 0);
	}
});

test('other front matter languages are not read, but the body survives', () => {
	for (const fence of ['---coffee', '---json', '---toml', '---klingon']) {
		const front = splitFrontMatter(`${fence}\ntitle = "x"\n---\n正文`);
		assert.equal(front.hasFrontMatter, true);
		assert.deepEqual({...front.data}, {});
		assert.match(front.problem ?? '', /not read/);
		assert.equal(front.body.trim(), '正文');
	}
	assert.equal(splitFrontMatter('---yaml\ntitle: 好\n---\nx').data.title, '好');
});

test('list or scalar front matter is a problem, not a crash', () => {
	for (const block of ['- a\n- b', 'just a sentence', '42']) {
		const front = splitFrontMatter(`---\n${block}\n---\n正文`);
		assert.equal(front.hasFrontMatter, true);
		assert.deepEqual({...front.data}, {});
		assert.ok(front.problem, block);
		assert.equal(front.body.trim(), '正文');
	}
	const {article} = parseArticle('dir/列表.md', '---\n- a\n- b\n---\n正文');
	assert.equal(article.title, '列表');
});

test('empty front matter', () => {
	const front = splitFrontMatter('---\n---\n正文');
	assert.equal(front.hasFrontMatter, true);
	assert.equal(front.problem, undefined);
	assert.equal(front.body.trim(), '正文');
});

test('__proto__ keys stay data and pollute nothing', () => {
	const text =
		'---\n__proto__: {title: evil, polluted: yes}\nconstructor: {prototype: {polluted: yes}}\ntitle: 正常\n---\nx';
	const front = splitFrontMatter(text);
	assert.equal(front.data.title, '正常');
	assert.equal(({} as Record<string, unknown>).polluted, undefined);
	assert.equal(Object.prototype.hasOwnProperty.call({}, 'title'), false);
	const {article} = parseArticle('p.md', text);
	assert.equal(article.title, '正常');
	const only = parseArticle('only.md', '---\n__proto__: {title: evil}\n---\nx');
	assert.equal(only.article.title, 'only');
	assert.equal(({} as Record<string, unknown>).title, undefined);
});

test('duplicate keys keep the last value instead of losing the article', () => {
	const front = splitFrontMatter('---\ntitle: 第一\ntitle: 第二\n---\nx');
	assert.equal(front.data.title, '第二');
	assert.equal(front.problem, undefined);
});

test('YAML timestamps are not read as UTC: zone-less dates are UTC+8', () => {
	const {article} = parseArticle('a.md', '---\ndate: 2021-03-22 04:50:47\n---\nx');
	assert.equal(iso(article.date), '2021-03-21T20:50:47.000Z');
});

test('a title split over blank lines (real rsshub post) is still read', () => {
	const text =
		'\n---\ntitle: 2021年03月23日 割引終了\n\n\n\n\n\n\n\n美少女イラストコレクション HAPPY!\ncategories: \n    - 二次元\n    - DLsite - 同人新作情報\nauthor: DLsite - 同人新作情報\ncomments: false\ndate: 2021-03-21 16:47:10\nthumbnail: https://img.dlsite.jp/a.jpg\n---\n\n<div>正文</div>';
	const {article} = parseArticle('post/二次元/x.md', text);
	assert.match(article.title, /^2021年03月23日 割引終了\s+美少女イラストコレクション HAPPY!$/);
	assert.deepEqual(article.categories, ['二次元', 'DLsite - 同人新作情報']);
	assert.equal(iso(article.date), '2021-03-21T08:47:10.000Z');
	assert.equal(article.image, 'https://img.dlsite.jp/a.jpg');
	assert.equal(article.format, 'html');
});

test('a heavily quoted title that strict YAML refuses keeps the rest', () => {
	const text = `\n---\ntitle: """""""'第1集'"""""""\ncategories: \n    - 二次元\n    - AGE 动漫 - 番剧详情\ndate: 2021-03-22 04:50:47\nthumbnail: ''\n---\n\n<div>   \n第1集  \n</div>`;
	const {article} = parseArticle('post/x/y.md', text);
	assert.equal(article.title, `"""""""'第1集'"""""""`);
	assert.deepEqual(article.categories, ['二次元', 'AGE 动漫 - 番剧详情']);
	assert.equal(iso(article.date), '2021-03-21T20:50:47.000Z');
	assert.equal(article.image, undefined);
});

test('single-quoted titles holding double quotes', () => {
	const {article} = parseArticle('a.md', `---\ntitle: '"养老旅游"机构博康艾馨爆雷 涉及资金或超10亿'\n---\nx`);
	assert.equal(article.title, '"养老旅游"机构博康艾馨爆雷 涉及资金或超10亿');
	const number = parseArticle('b.md', `---\ntitle: '2021'\n---\nx`);
	assert.equal(number.article.title, '2021');
});
