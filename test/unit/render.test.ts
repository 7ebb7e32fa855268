import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArticle} from '../../source/core/reading/article.js';
import {renderArticle} from '../../source/core/rendering/render.js';
import {formatLinkList} from '../../source/core/rendering/links.js';
import {markdownToHtml} from '../../source/core/rendering/markdown.js';
import {renderBody} from '../../source/core/rendering/render.js';
import {layout} from '../../source/core/rendering/layout.js';
import {Style} from '../../source/core/rendering/blocks.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function filesBelow(root: string): string[] {
	return readdirSync(root, {recursive: true, withFileTypes: true})
		.filter((entry) => entry.isFile() && /\.(?:md|txt)$/.test(entry.name))
		.filter((entry) => entry.name !== 'README.md')
		.map((entry) => path.join(entry.parentPath, entry.name))
		.sort();
}

const html = (body: string, base?: string) => renderBody(body, 'html', {base});
const md = (body: string, base?: string) => renderBody(body, 'markdown', {base});
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('links are numbered by first appearance; a repeated URL keeps its number', () => {
	const {text, links} = html(
		'<p><a href="https://b.example/">乙</a>，<a href="https://a.example/">甲</a>，<a href="https://b.example/">又乙</a></p>',
	);
	assert.equal(text, '乙[1]，甲[2]，又乙[1]');
	assert.deepEqual(links, [
		{n: 1, url: 'https://b.example/', kind: 'link'},
		{n: 2, url: 'https://a.example/', kind: 'link'},
	]);
});

test('images and links share one numbering', () => {
	const {text, links} = md(
		'看[这里](https://x.example/a)和![示意图](https://x.example/i.png)，再看[这里](https://x.example/a)。',
	);
	assert.equal(text, '看这里[1]和[图 2: 示意图]，再看这里[1]。');
	assert.deepEqual(
		links.map((link) => [link.n, link.kind]),
		[
			[1, 'link'],
			[2, 'image'],
		],
	);
});

test('#, javascript:, vbscript:, data: and empty targets get no number', () => {
	const targets = [
		'#',
		'#top',
		'',
		'javascript:alert(1)',
		'JavaScript:alert(1)',
		' java\tscript:alert(1)',
		'jav&#x09;ascript:alert(1)',
		'vbscript:msgbox(1)',
		'data:text/html;base64,PHNjcmlwdD4=',
	];
	const body = targets.map((href, i) => `<a href="${href}">文${i}</a>`).join(' ');
	const {text, links} = html(`<p>${body} <a>无</a></p>`);
	assert.deepEqual(links, []);
	assert.doesNotMatch(text, /\[\d+\]/);
	assert.doesNotMatch(text, /javascript|vbscript|data:/i);
	for (let i = 0; i < targets.length; i++) assert.match(text, new RegExp(`文${i}`));
	const image = html('<img src="data:image/png;base64,AAAA" alt="内嵌图">');
	assert.deepEqual(image.links, []);
	assert.match(image.text, /\[图: 内嵌图\]/);
	const mdLinks = md('[空](<>) [井](#) [脚本](javascript:void(0))');
	assert.deepEqual(mdLinks.links, []);
});

test('relative URLs resolve against the source URL, else stay as written', () => {
	const body =
		'<a href="/root">根</a> <a href="next.html">邻</a> <a href="../up">上</a> <img src="img/p.png" alt="插图">';
	const based = html(body, 'https://news.example/a/b/page.html');
	assert.deepEqual(
		based.links.map((link) => link.url),
		[
			'https://news.example/root',
			'https://news.example/a/b/next.html',
			'https://news.example/a/up',
			'https://news.example/a/b/img/p.png',
		],
	);
	const unbased = html(body);
	assert.deepEqual(
		unbased.links.map((link) => link.url),
		['/root', 'next.html', '../up', 'img/p.png'],
	);
	// Absolute URLs are never rewritten.
	assert.equal(
		html('<a href="https://other.example/x">x</a>', 'https://news.example/').links[0]!.url,
		'https://other.example/x',
	);
});

test('the source URL from a 原文 line is the base for relative images', () => {
	const {article} = parseArticle('a.md', '# 标题\n\n原文：[原文](https://mp.example.com/s/abc)\n\n![](img/one.png)\n');
	const {links} = renderArticle(article);
	assert.deepEqual(links, [{n: 1, url: 'https://mp.example.com/s/img/one.png', kind: 'image'}]);
});

test('image placeholders use a meaningful alt or title, never a file name or number', () => {
	const cases: Array<[string, string]> = [
		['<img src="https://x/a.png" alt="发布会现场">', '[图 1: 发布会现场]'],
		['<img src="https://x/a.png" title="会场照片">', '[图 1: 会场照片]'],
		['<img src="https://x/a.png" alt="2360249197207694336.jpeg">', '[图 1]'],
		['<img src="https://x/a.png" alt>', '[图 1]'],
		['<img src="https://x/a.png" alt="  ">', '[图 1]'],
		['<img src="https://x/a.png" alt="123">', '[图 1]'],
		['<img src="https://x/a.png" alt="图片">', '[图 1]'],
		['<img data-original="https://x/lazy.png" src="">', '[图 1]'],
	];
	for (const [input, expected] of cases) {
		const {text, links} = html(`<p>${input}</p>`);
		assert.equal(text, expected, input);
		assert.equal(links[0]?.kind, 'image', input);
	}
	assert.equal(html('<img data-original="https://x/lazy.png">').links[0]!.url, 'https://x/lazy.png');
});

test('an image titled like the article shows no label', () => {
	const {text} = renderBody('<img src="https://x/a.png" title="文章标题">', 'html', {
		title: '文章标题',
	});
	assert.equal(text, '[图 1]');
});

test('scripts, styles, comments and hidden widgets vanish', () => {
	const {text, links} = html(
		'<style>p{color:red}</style><!-- 页数 --><p>正文<!-- 隐藏 -->可见</p><script>alert("x")</script><noscript>开启脚本</noscript><div style="display:none"><a href="https://share.example/">分享</a></div><input type="hidden" value="v">',
	);
	assert.equal(text, '正文可见');
	assert.deepEqual(links, []);
	const css = html('<div class="markdown-body"><style>.a&#123;color:red&#125;</style><p>正文</p></div>');
	assert.equal(css.text, '正文');
});

test('&#27; and &#x9b; never produce control characters', () => {
	for (const body of [
		'<p>a&#27;[31mb</p>',
		'<p>a&#x1b;[2Jb</p>',
		'<p>a&#x9b;31mb</p>',
		'<p>a&#155;2Jb</p>',
		'<p>a&#x202e;b&#x7f;c&#0;d&#x85;e</p>',
		'<p>a\u001b[31mb\u009b2J\u0007</p>',
	]) {
		const {text} = html(body);
		assert.doesNotMatch(text, controls, body);
		assert.match(text, /^a/, body);
	}
	const {text} = md('正文\u001b[31m红色\u009b\u202e倒转');
	assert.doesNotMatch(text, controls);
	assert.match(text, /红色/);
	const link = html('<a href="https://x.example/\u001b[31m">x</a>');
	assert.doesNotMatch(link.links[0]!.url, controls);
});

test('blank-line runs collapse and lines carry no trailing spaces', () => {
	const {text} = html('<p>一</p><br><br><br><br><p>二</p>\n\n\n\n<p></p><p>   </p><div>三</div>');
	assert.doesNotMatch(text, /\n{3,}/);
	assert.doesNotMatch(text, / +$/m);
	assert.doesNotMatch(text, /^\n|\n$/);
	assert.deepEqual(text.split(/\n+/), ['一', '二', '三']);
	const mdText = md('一\n\n\n\n\n\n二\n\n   \n\n三').text;
	assert.equal(mdText, '一\n\n二\n\n三');
});

test('stray spaces around inline tags between Chinese characters are trimmed', () => {
	const {text} = html(
		'<p><span>对此，腾讯客服回复称：“</span>       <strong><span>目前平台</span></strong>       <span>。”</span>      </p>',
	);
	assert.equal(text, '对此，腾讯客服回复称：“目前平台。”');
	// Spaces between Latin words stay.
	assert.equal(html('<p><b>Hello</b> <i>world</i></p>').text, 'Hello world');
});

test('**有网友表示，**微信 emphasises instead of showing asterisks', () => {
	assert.match(markdownToHtml('**有网友表示，**微信'), /<strong>有网友表示，<\/strong>微信/);
	const {text} = md('**有网友表示，**微信此次进行技术升级。');
	assert.equal(text, '有网友表示，微信此次进行技术升级。');
	// Broken bold runs from WeChat exports.
	assert.equal(md('**0****1**').text, '01');
	assert.equal(md('**ADC****的分辨率**').text, 'ADC的分辨率');
});

test('markdown escapes render as the literal character', () => {
	assert.equal(md('DNS\\_PROBE\\_FINISHED 与 \\*号 \\-').text, 'DNS_PROBE_FINISHED 与 *号 -');
});

test('the link list names each URL and its kind', () => {
	const list = formatLinkList([
		{n: 1, url: 'https://a.example/', kind: 'link'},
		{n: 2, url: 'https://a.example/i.png', kind: 'image'},
	]);
	const lines = list.split('\n');
	assert.equal(lines.length, 2);
	assert.match(lines[0]!, /^\[1\] .*https:\/\/a\.example\/$/);
	assert.match(lines[1]!, /^\[2\] .*https:\/\/a\.example\/i\.png$/);
	assert.notEqual(lines[0]!.replace(/https.*/, ''), lines[1]!.replace(/\[2\]/, '[1]').replace(/https.*/, ''));
});

const corpus = [
	...filesBelow(path.join(repo, 'articles')).map((file) => ({root: path.join(repo, 'articles'), file})),
	...filesBelow(path.join(repo, '../shared/samples')).map((file) => ({
		root: path.join(repo, '../shared/samples'),
		file,
	})),
];

test('every seed and sample renders without throwing, cleanly', () => {
	assert.equal(corpus.filter(({root}) => root.endsWith('articles')).length, 4);
	assert.ok(corpus.length >= 25, `found ${corpus.length} files`);
	for (const {root, file} of corpus) {
		const rel = path.relative(root, file).split(path.sep).join('/');
		const {article} = parseArticle(rel, readFileSync(file, 'utf8'));
		const {text, links} = renderArticle(article);
		assert.ok(text.trim().length > 0, rel);
		assert.doesNotMatch(text, controls, rel);
		// Code keeps its own blank lines; elsewhere blank-line runs collapse.
		const lines = layout(renderArticle(article).blocks, undefined);
		assert.doesNotMatch(lines.map((line) => (line.kind === 'code' ? 'code' : line.text)).join('\n'), /\n{3,}/, rel);
		// Outside code (which may show HTML as its text), no markup is left.
		const prose = lines.filter((line) => line.kind !== 'code');
		const proseText = prose.map((line) => line.text).join('\n');
		assert.doesNotMatch(proseText, /<\/?(?:p|div|span)\b/i, rel);
		// In Markdown an article about `<script>` or `<img onerror>` shows the tag as text; in HTML they are markup.
		if (article.format === 'html') assert.doesNotMatch(proseText, /<\/?(?:img|script|style)\b/i, rel);
		assert.doesNotMatch(proseText, /&#1[23]5;|&amp;|&nbsp;/, rel);

		// Footnote numbers are 1..n in order, each URL once, none unusable.
		assert.deepEqual(
			links.map((link) => link.n),
			links.map((_, i) => i + 1),
			rel,
		);
		assert.equal(new Set(links.map((link) => link.url)).size, links.length, rel);
		for (const link of links) {
			assert.doesNotMatch(link.url, /^(?:#|javascript:|vbscript:|data:)/i, rel);
			assert.doesNotMatch(link.url, controls, rel);
		}
		// Every footnote mark the renderer made (styled as one: the text may hold a literal `[2]`) refers to a listed link.
		const marks = prose.flatMap((line) =>
			line.ranges.filter((range) => range.style & Style.note).map((range) => line.text.slice(range.start, range.end)),
		);
		for (const m of marks.join(' ').matchAll(/\[(?:图 )?(\d+)(?::[^\]]*)?\]/g))
			assert.ok(Number(m[1]) <= links.length, `${rel}: ${m[0]}`);
	}
});

test('samples: specific quirks come out right', () => {
	const read = (rel: string) => {
		const root = path.join(repo, '../shared/samples');
		return renderArticle(parseArticle(rel, readFileSync(path.join(root, rel), 'utf8')).article);
	};
	const css = read('rsshub/source/_posts/编程/掘金/分类/"this指向"拓展.md');
	assert.doesNotMatch(css.text, /\.markdown-body|color:|\{|&#123;/);
	const ts = read('rsshub/source/_posts/编程/掘金/分类/03-TypeScript的类型（1）.md');
	assert.match(ts.text, /<string>/);
	const dlsite = read('rsshub/post/二次元/2021年03月23日 割引終了美少女イラストコレクション HAPPY!.md');
	assert.ok(dlsite.links.every((link) => !link.url.startsWith('data:')));
	const mei = read('rsshub/source/_posts/金融/每经网/分类/10月5日美股三大指数集体收跌，道指跌094%，纳指跌超2%.md');
	assert.doesNotMatch(mei.text, /页数/);
	assert.ok(mei.links.some((link) => link.kind === 'image' && link.url.includes('&')));
	assert.ok(mei.links.every((link) => !link.url.includes('&amp;')));
	const spy = read('rsshub/source/_posts/二次元/Bangumi/放送列表/SPY×FAMILY｜SPY FAMILY｜间谍过家家.md');
	assert.equal(spy.links.filter((link) => link.kind === 'link').length, 4);
});

test('keepBreaks shows the source hard breaks as they are; the default repairs span soup', () => {
	const body = '# 标题\n\nOracle  \n官方发布了  \n2022  \n年  \n4  \n月的关键安全补丁。\n';
	const repaired = renderBody(body, 'markdown').text;
	assert.match(repaired, /Oracle ?官方发布了 ?2022 ?年 ?4 ?月的关键安全补丁。/);
	const kept = renderBody(body, 'markdown', {keepBreaks: true}).text;
	assert.deepEqual(kept.split('\n').slice(-6), ['Oracle', '官方发布了', '2022', '年', '4', '月的关键安全补丁。']);
});
