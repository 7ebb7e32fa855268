// Issue 9.3 and the Big5 point of 9.12: file names that are not UTF-8 (GBK
// names from archives unzipped on Windows), and Big5 text.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Catalog} from '../../source/core/catalog/catalog.js';
import {readFullArticle} from '../../source/core/catalog/full-articles.js';
import {decodeBytes} from '../../source/core/reading/decode.js';
import {loadArchive, readArticleFile} from '../../source/core/reading/load.js';
import {encodeLegacy} from '../helpers/legacy-encode.js';

const temps: string[] = [];
after(() => {
	for (const temp of temps) rmSync(temp, {recursive: true, force: true});
});

/** An archive of files named by bytes (each name a list of parts, a part text or raw bytes). */
function archive(files: Array<[name: Array<string | Buffer>, text: string | Buffer]>): string {
	const root = mkdtempSync(path.join(os.tmpdir(), 'wxnews-names-'));
	temps.push(root);
	for (const [parts, text] of files) {
		const full = Buffer.concat([Buffer.from(root + '/'), ...parts.map((part) => Buffer.from(part))]);
		const slash = full.lastIndexOf('/');
		mkdirSync(full.subarray(0, slash), {recursive: true});
		writeFileSync(full, text);
	}
	return root;
}

const gbk = (text: string) => encodeLegacy(text, 'gbk');
const big5 = (text: string) => encodeLegacy(text, 'big5');

/** Files with GBK, Big5 and undecodable names, and a UTF-8 decoy under the same name as a GBK one. */
function oddNames(): string {
	return archive([
		[[gbk('新闻.md')], '# 国标名字的文章\n\n正文 gbkfile'],
		[['新闻.md'], '# 同名的 UTF-8 文件\n\n正文 decoy'],
		[[gbk('资料'), '/', '一.md'], '# 国标文件夹里的第一篇\n\n正文 gbkfolder1'],
		[[gbk('资料'), '/', gbk('二.md')], '# 国标文件夹里的第二篇\n\n正文 gbkfolder2'],
		[[big5('繁體新聞.md')], '# 大五碼名字\n\n正文 big5name'],
		[[Buffer.from([0x41, 0xff, 0xfe]), '.md'], '# 乱码名字\n\n正文 escaped'],
	]);
}

test('names that are not UTF-8 are decoded (GB18030, Big5, else \\x escapes), and opened by their bytes', async () => {
	const root = oddNames();
	const {articles, warnings} = await loadArchive(root);
	const byPath = (shown: string) => articles.filter((article) => article.path === shown);
	assert.deepEqual(articles.map((article) => article.path).sort(), [
		'A\\xff\\xfe.md',
		'新闻.md',
		'新闻.md',
		'繁體新聞.md',
		'资料/一.md',
		'资料/二.md',
	]);
	// The GBK-named file is read from its own bytes, not from the UTF-8 file its name decodes to.
	assert.deepEqual(
		byPath('新闻.md')
			.map((article) => article.title)
			.sort(),
		['同名的 UTF-8 文件', '国标名字的文章'],
	);
	assert.equal(new Set(articles.map((article) => article.id)).size, articles.length, 'ids are distinct');
	assert.equal(byPath('资料/二.md')[0]?.title, '国标文件夹里的第二篇');
	assert.equal(byPath('A\\xff\\xfe.md')[0]?.title, '乱码名字');
	assert.deepEqual(
		warnings.map((warning) => `${warning.path}: ${warning.message}`),
		[
			'A\\xff\\xfe.md: file name is not UTF-8 (nor GB18030 or Big5): shown with \\x escapes',
			'新闻.md: file name is not UTF-8, read as GB18030',
			'繁體新聞.md: file name is not UTF-8, read as Big5',
			'资料/一.md: file name is not UTF-8, read as GB18030',
			'资料/二.md: file name is not UTF-8, read as GB18030',
		],
	);
	// The decoded name alone opens nothing (there is no such file, or another file).
	assert.deepEqual(readArticleFile(root, '资料/一.md').warnings, [
		{path: '资料/一.md', message: 'vanished while the archive was read'},
	]);
});

test('the app path: the catalog, its cache, the index workers and the reader all open such files by their bytes', async () => {
	const root = oddNames();
	const cacheFile = path.join(root, '..', `${path.basename(root)}.cache`);
	temps.push(cacheFile);
	const first = await Catalog.open(root, {cacheFile});
	await first.index(() => {});
	const gbkMeta = first.articles.find((article) => article.title === '国标名字的文章')!;
	assert.ok(gbkMeta.fileBytes, 'the list entry carries the bytes');
	assert.match(first.bodyText(gbkMeta) ?? '', /gbkfile/, 'a worker read the body');
	for (const article of first.articles) {
		const body = first.bodyText(article) ?? '';
		assert.ok(/gbkfile|decoy|gbkfolder|big5name|escaped/.test(body), `${article.path}: ${body}`);
	}
	assert.match(readFullArticle(root, gbkMeta).body, /gbkfile/);
	assert.ok(first.warnings.some((warning) => warning.message === 'file name is not UTF-8, read as GB18030'));

	// A second start from the cache: the entries still carry the bytes, and the reader still opens them.
	const second = await Catalog.open(root, {cacheFile, quickStart: true});
	assert.equal(second.articles.length, 6);
	for (const article of second.articles) {
		const body = readFullArticle(root, article).body;
		assert.ok(!body.startsWith('[无法读取'), `${article.path}: ${body}`);
	}
	const checked = await second.check();
	assert.equal(checked.articles.length, 6);
	assert.equal(checked.changed, false, 'the cache matches the disk, names that are not UTF-8 included');
	checked.stop();
	second.stop();
});

// 中文測試 in Big5, as any Big5 table has it: what GB18030 reads as いゅ代刚.
const zhongwenCeshi = Buffer.from('a4a4a4e5b4fab8d5', 'hex');

test('Big5 text is detected and read as Big5, GBK text still as GB18030', () => {
	assert.deepEqual(decodeBytes(Buffer.concat([zhongwenCeshi, zhongwenCeshi])), {
		text: '中文測試中文測試',
		encoding: 'big5',
	});
	const traditional = '# 繁體中文的新聞標題\n\n這是一篇用大五碼保存的文章，講述臺灣與香港新聞歸檔的故事。\n';
	assert.deepEqual(decodeBytes(big5(traditional)), {text: traditional, encoding: 'big5'});
	const simplified = '# 简体中文的新闻标题\n\n这是一篇用国标码保存的文章，讲述微信和新闻归档的故事。\n';
	assert.deepEqual(decodeBytes(gbk(simplified)), {text: simplified, encoding: 'gb18030'});
	// Traditional characters saved as GBK are GBK (Big5 cannot even decode most of them).
	assert.deepEqual(decodeBytes(gbk(traditional)), {text: traditional, encoding: 'gb18030'});
	// A head of the file cut inside a character: that character is dropped, the rest kept.
	const bytes = big5(traditional);
	assert.deepEqual(decodeBytes(bytes.subarray(0, bytes.length - 4), true), {
		text: traditional.slice(0, -3),
		encoding: 'big5',
	});
	const root = archive([[['big5.txt'], bytes]]);
	const {article, warnings} = readArticleFile(root, 'big5.txt');
	assert.equal(article?.title, '繁體中文的新聞標題');
	assert.deepEqual(warnings, [{path: 'big5.txt', message: 'read as big5'}]);
});
