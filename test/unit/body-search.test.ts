// Body search reads the folded texts from the text store on disk, in a worker. Its results must be exactly what the
// matcher gives on the folded body strings (the print path, and the app before the texts left the heap).
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {generateArchive} from '../../bench/generate.js';
import {Catalog, type Progress} from '../../source/core/catalog/catalog.js';
import {loadArchive} from '../../source/core/reading/load.js';
import {bodyBits, foldForSearch, matches, parseQuery} from '../../source/core/search/match.js';
import {bodySearchText, SearchIndex} from '../../source/core/search/search-index.js';
import {scanTexts} from '../../source/core/search/scan-texts.js';
import {BodySearch} from '../../source/core/search/body-search.js';
import {TextStore} from '../../source/core/catalog/text-store.js';
import {answering, bodyMatches, withBodies} from '../helpers/bodies.js';
import {initialState} from '../../source/app/state.js';
import {parseArticle} from '../../source/core/reading/article.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-body-search-'));
after(() => rmSync(temp, {recursive: true, force: true}));

/** Articles whose bodies hold the folding cases: Traditional and Simplified, full- and half-width, spaces next to Chinese. */
function foldingCases(root: string): void {
	const bodies = [
		'微信暫停新用戶註冊，請稍後再試。',
		'微信暂停新用户注册，请稍后再试。',
		'ＩＴ之家 ５ 月 ２８ 日消息：ＡＢＣ１２３',
		'IT 之家 5 月 28 日消息：abc123',
		'動畫瘋與动画疯',
		'ﾊﾝｶｸ カタカナ 半角',
		'open source 與 Open Source',
		'表情 😀 与 emoji',
	];
	mkdirSync(path.join(root, 'cases'), {recursive: true});
	for (const [i, body] of bodies.entries())
		writeFileSync(
			path.join(root, 'cases', `case-${i}.md`),
			`---\ntitle: 用例${i}\ndate: 2024-01-0${i + 1}\n---\n<p>${body}</p>`,
		);
}

const queries = [
	'微信',
	'註冊',
	'注册',
	'ＩＴ之家',
	'IT 之家',
	'"IT 之家 5"',
	'abc123',
	'ＡＢＣ',
	'動畫',
	'动画疯',
	'ハンカク',
	'ﾊﾝｶｸ',
	'open source',
	'"open source"',
	'😀',
	'微信 -注册',
	'-微信',
	'用户体验',
	'小程序 腾讯',
	'weixin',
	'wx',
	'量子计算机',
	'title:用例 注册',
	'cat:xinmeiti 微信',
	'after:2020 微信',
	'。',
	'的',
];

test('body search on disk finds exactly what the matcher finds on the folded body strings', async () => {
	const root = path.join(temp, 'archive');
	generateArchive(root, 400);
	foldingCases(root);
	const catalog = await Catalog.open(root, {cacheFile: path.join(temp, 'archive.cache')});
	await catalog.index(() => {});
	const archive = await loadArchive(root);
	// Random pieces of real bodies, one to five characters long, too.
	const folded = archive.articles.map((article) => foldForSearch(bodySearchText(article)));
	let seed = 7;
	const random = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n;
	const pieces = Array.from({length: 60}, () => {
		const text = folded[random(folded.length)]!;
		const at = random(Math.max(1, text.length - 5));
		return text
			.slice(at, at + 1 + random(5))
			.replaceAll('"', '')
			.trim();
	}).filter((piece) => piece !== '' && !piece.startsWith('-'));
	const reference = new SearchIndex();
	const workers = new BodySearch(catalog.bodySearch!.fd, 0);
	for (const text of [...queries, ...pieces.map((piece) => `"${piece}"`)]) {
		const query = parseQuery(text);
		const expected = archive.articles
			.filter((article, i) => matches(query, reference.fieldsOf(article), bodyBits(query, folded[i])))
			.map((article) => article.title)
			.sort();
		const found = (await bodyMatches(catalog, text)).sort();
		assert.deepEqual(found, expected, text);
		// This archive's scans are made on the main thread; the workers' are the same.
		assert.deepEqual((await bodyMatches(catalog, text, workers)).sort(), expected, `${text} (workers)`);
	}
	workers.stop();
	catalog.close();
});

test('scanTexts: a match never runs from one text into the next, nor counts in a text not asked about', () => {
	const store = TextStore.open(undefined);
	const texts = ['甲乙微', '信丙丁', '微信', '', 'x微信y'];
	const spans = new Float64Array(texts.length * 2);
	for (const [i, text] of texts.entries()) {
		const bytes = Buffer.from(text);
		const [span] = store.append(
			[{file: `${i}`, size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0}],
			[bytes.length],
			Buffer.concat([bytes, Buffer.from('\n')]),
		);
		spans[i * 2] = span!.at;
		spans[i * 2 + 1] = span!.bytes;
	}
	const needle = [Buffer.from('微信')];
	assert.deepEqual([...scanTexts(store.fd, spans, needle)], [0, 0, 1, 0, 1]);
	// Only the third and fifth asked, in reverse order; an unindexed one (length -1) never matches.
	const asked = new Float64Array([spans[8]!, spans[9]!, spans[0]!, spans[1]!, 0, -1, spans[4]!, spans[5]!]);
	assert.deepEqual([...scanTexts(store.fd, asked, needle)], [1, 0, 0, 1]);
	store.close();
});

test('a quit at 60% of the body index keeps 60%: the next start resumes from there', async () => {
	const root = path.join(temp, 'resume');
	generateArchive(root, 600);
	const cacheFile = path.join(temp, 'resume.cache');
	const first = await Catalog.open(root, {cacheFile});
	let stoppedAt = 0;
	await new Promise<void>((resolve) => {
		void first.index((progress: Progress) => {
			if (stoppedAt === 0 && progress.done >= progress.total * 0.6) {
				stoppedAt = progress.done;
				first.close();
				resolve();
			}
		});
	});
	assert.ok(stoppedAt >= 360 && stoppedAt < 600, `stopped at ${stoppedAt} of 600`);

	const second = await Catalog.open(root, {cacheFile});
	const progress: Progress[] = [];
	await second.index((p) => progress.push(p));
	assert.ok(progress[0]!.done >= stoppedAt, `resumed at ${progress[0]!.done}, stopped at ${stoppedAt}`);
	assert.equal(progress.at(-1)!.done, 600);
	// What was kept and what was made after are both searched.
	const archive = await loadArchive(root);
	const query = parseQuery('第1');
	const reference = new SearchIndex();
	const expected = archive.articles
		.filter((article) => reference.matchesFull(article, query))
		.map((a) => a.title)
		.sort();
	assert.deepEqual((await bodyMatches(second, '第1')).sort(), expected);
	second.close();
});

test('the list in relevance order, from the body search’s answers: title matches first, then body ones, newest first', () => {
	const make = (i: number, title: string, body: string) =>
		parseArticle(`${i}.md`, `---\ntitle: ${title}\ndate: 2024-01-${String(10 + i)}\n---\n<p>${body}</p>`).article;
	const articles = [
		make(1, '微信公告', '正文'),
		make(2, '公告二', '微信正文'),
		make(3, '公告三', '无关'),
		make(4, '微信新闻', '微信'),
	];
	articles.sort((a, b) => b.date! - a.date!);
	const {search, store} = withBodies(articles);
	const act = answering(store);
	let state = act(initialState(articles, {search}), {type: 'setFilter', text: '微信'});
	assert.deepEqual(
		state.visible.map((a) => a.title),
		['微信新闻', '公告二', '微信公告'],
	);
	for (const order of ['oldest', 'relevance'] as const) {
		state = act(state, {type: 'toggleOrder'});
		assert.equal(state.order, order);
	}
	assert.deepEqual(
		state.visible.map((a) => a.title),
		['微信新闻', '微信公告', '公告二'],
	);
	store.close();
});
