import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadArchive, maxFileBytes, readArticleFile, truncatedNotice} from '../../source/core/reading/load.js';
import {decodeBytes, utf8Boundary} from '../../source/core/reading/decode.js';
import {endCutBody} from '../../source/core/reading/cut-body.js';
import {renderBody} from '../../source/core/rendering/render.js';

function tempArchive(files: Record<string, string | Buffer>): string {
	const root = mkdtempSync(path.join(os.tmpdir(), 'wxnews-load-'));
	for (const [name, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), {recursive: true});
		writeFileSync(path.join(root, name), content);
	}
	return root;
}

test('paths are exactly the files’ paths: runs of spaces kept, distinct files distinct', async () => {
	const root = tempArchive({
		'2023/CNNVD  关于微软多个安全漏洞的通报.md': '# 双空格\n\n正文',
		'2023/CNNVD 关于微软多个安全漏洞的通报.md': '# 单空格\n\n正文',
		' 前导空格 .md': '# 前后空格\n\n正文',
	});
	try {
		const {articles, warnings} = await loadArchive(root);
		assert.deepEqual(warnings, []);
		const paths = articles.map((article) => article.path).sort();
		assert.deepEqual(paths, [
			' 前导空格 .md',
			'2023/CNNVD  关于微软多个安全漏洞的通报.md',
			'2023/CNNVD 关于微软多个安全漏洞的通报.md',
		]);
		assert.equal(new Set(articles.map((article) => article.id)).size, 3);
		for (const article of articles) assert.equal(article.path, article.file);
	} finally {
		rmSync(root, {recursive: true});
	}
});

test('dot-named article files are read; dot-folders and node_modules are not', async () => {
	const root = tempArchive({
		'2024/.NET 反序列化漏洞总结.md': '#  .NET 反序列化漏洞总结  \n\n正文',
		'.md': '# 没有名字的文件\n',
		'.git/HEAD.md': '# 不是文章',
		'2024/.obsidian/notes.md': '# 不是文章',
		'node_modules/pkg/readme.md': '# 不是文章',
		'2024/.DS_Store': 'binary',
	});
	try {
		const {articles, warnings} = await loadArchive(root);
		assert.deepEqual(warnings, []);
		assert.deepEqual(articles.map((article) => article.path).sort(), ['.md', '2024/.NET 反序列化漏洞总结.md']);
		assert.equal(articles.find((article) => article.path.startsWith('2024'))?.title, '.NET 反序列化漏洞总结');
	} finally {
		rmSync(root, {recursive: true});
	}
});

test('a control character in a file name is replaced in the path, and said in a warning', async () => {
	const root = tempArchive({'坏\u0007名\u001b[31m字.md': '# 标题\n\n正文', 'a\tb.md': '# 制表符\n'});
	try {
		const {articles, warnings} = await loadArchive(root);
		const paths = articles.map((article) => article.path).sort();
		assert.deepEqual(paths, ['a\uFFFDb.md', '坏\uFFFD名\uFFFD[31m字.md']);
		assert.equal(warnings.length, 2);
		for (const warning of warnings) {
			assert.ok(paths.includes(warning.path), warning.path);
			assert.match(warning.message, /control characters/);
		}
		// The file itself is still found and read under its real name.
		assert.ok(articles.some((article) => article.file === '坏\u0007名\u001b[31m字.md'));
	} finally {
		rmSync(root, {recursive: true});
	}
});

test('a one-line UTF-8 file over 8 MB keeps its text up to a character boundary', () => {
	// An odd-length prefix puts the 8 MB limit in the middle of a three-byte character.
	const head = '# 很长的文章\n\n正文开始：';
	const line = '中文内容'.repeat(Math.ceil((maxFileBytes * 1.1) / 12));
	const root = tempArchive({'long.md': head + line + '\n'});
	try {
		assert.notEqual((maxFileBytes - Buffer.byteLength(head)) % 3, 0);
		const {article, warnings} = readArticleFile(root, 'long.md');
		assert.ok(article);
		assert.equal(article.title, '很长的文章');
		assert.equal(article.format, 'markdown');
		assert.ok(article.body.endsWith(truncatedNotice));
		assert.ok(!article.body.includes('\uFFFD'));
		const kept = Buffer.byteLength(article.body.slice(0, -truncatedNotice.length).trim());
		assert.ok(kept > maxFileBytes - 100, `kept ${kept} bytes`);
		assert.match(warnings[0]?.message ?? '', /larger than 8 MB/);
		assert.doesNotMatch(warnings[0]?.message ?? '', /utf-8 with invalid bytes/);
	} finally {
		rmSync(root, {recursive: true});
	}
});

test('a one-line GB18030 file over 8 MB is read as GB18030 and cut between characters', () => {
	// 中 D6D0, 文 CEC4; a one-byte `#` ahead so that the limit falls inside a character.
	const unit = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]);
	const body = Buffer.concat([Buffer.from('#'), Buffer.alloc(Math.ceil(maxFileBytes * 1.05), unit)]);
	const root = tempArchive({'gbk.txt': body});
	try {
		const {article, warnings} = readArticleFile(root, 'gbk.txt');
		assert.ok(article);
		assert.match(warnings[0]?.message ?? '', /read as gb18030/);
		const text = article.body.slice(0, -truncatedNotice.length).trim();
		assert.ok(text.startsWith('#中文中文'));
		assert.ok(!text.includes('\uFFFD'));
		assert.equal(text.length, 1 + (maxFileBytes - 1 - ((maxFileBytes - 1) % 2)) / 2);
	} finally {
		rmSync(root, {recursive: true});
	}
});

test('a 9.8 MB HTML article with an inline base64 image stays HTML, and its notice is not swallowed', () => {
	const image = `<img src="data:image/png;base64,${'iVBORw0KGgo'.repeat(900_000)}">`;
	const text = `\n---\ntitle: 大图文章\ndate: 2024-01-01 08:00:00\n---\n<div>   <p>图片前面的文字。</p>${image}<p>后面的文字</p></div>\n`;
	assert.ok(text.length > 9.8e6);
	const root = tempArchive({'big.md': text});
	try {
		const {article} = readArticleFile(root, 'big.md');
		assert.ok(article);
		assert.equal(article.format, 'html');
		assert.equal(article.title, '大图文章');
		assert.match(article.body, /图片前面的文字。/);
		assert.ok(!article.body.includes('base64'), 'the unfinished <img> is cut off');
		assert.ok(article.body.endsWith(`<p>${truncatedNotice}</p>`));
		assert.match(renderBody(article.body, 'html').text, /图片前面的文字。\s+\[…正文过长/);
	} finally {
		rmSync(root, {recursive: true});
	}
});

test('a cut body ends at its last whole piece, so the notice shows as text', () => {
	const notice = (body: string, format: 'html' | 'markdown') =>
		renderBody(
			`${endCutBody(body, format)}\n\n${format === 'html' ? `<p>${truncatedNotice}</p>` : truncatedNotice}`,
			format,
		).text;
	assert.match(notice('<p>文字</p><img src="data:image/png;base64,AAAA', 'html'), /文字\s+\[…正文过长/);
	assert.match(notice('<p>文字</p><!-- 注释没有结', 'html'), /文字\s+\[…正文过长/);
	assert.match(notice('<p>文字</p><style>p { color: red', 'html'), /文字\s+\[…正文过长/);
	assert.match(notice('<table><tr><td>格子</td><td>还没', 'html'), /\[…正文过长/);
	assert.match(notice('文字  \n![](data:image/png;base64,AAAA', 'markdown'), /文字\s+\[…正文过长/);
	assert.match(notice('文字\n\n```\ncode line', 'markdown'), /\[…正文过长/);
	assert.match(notice('文字\n\n<!-- 注释没有结', 'markdown'), /文字\s+\[…正文过长/);
	// Nothing before the unfinished piece: the body is kept as it is rather than emptied.
	assert.equal(endCutBody('<img src="data:AAAA', 'html'), '<img src="data:AAAA');
});

test('decoding a partial read drops only a cut last character', () => {
	const bytes = Buffer.from('中文😀', 'utf8');
	for (let end = 0; end <= bytes.length; end++) {
		const part = bytes.subarray(0, end);
		const boundary = utf8Boundary(part);
		assert.ok(boundary <= end && end - boundary < 4);
		const decoded = decodeBytes(part, true);
		if ('text' in decoded) assert.ok(!decoded.text.includes('\uFFFD'), `end ${end}`);
	}
	const utf16 = Buffer.from([0xff, 0xfe, 0x2d, 0x4e, 0x87]);
	assert.deepEqual(decodeBytes(utf16, true), {text: '中', encoding: 'utf-16le'});
});
