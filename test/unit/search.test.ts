import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initialState, reduce} from '../../source/app/state.js';
import {parseArticle} from '../../source/core/reading/article.js';
import {SearchIndex} from '../../source/core/search/search-index.js';
import {bodyBits, foldForSearch, matchRanges, matches, parseQuery, relevance} from '../../source/core/search/match.js';
import {answering, withBodies} from '../helpers/bodies.js';

const found = (text: string, title: string, body = '') => {
	const query = parseQuery(text);
	return matches(query, {meta: foldForSearch(title)}, bodyBits(query, foldForSearch(body)));
};
const marked = (query: string, text: string) => matchRanges(parseQuery(query), text).map(([a, b]) => text.slice(a, b));

test('full pinyin, initials and a mix find Chinese titles', () => {
	assert.ok(found('weixin', '微信官方：微信圈子将停止运营'));
	assert.ok(found('wx', '微信官方'));
	assert.ok(found('quanzi', '微信圈子将停止运营'));
	assert.ok(found('weix', '微信'), 'the last syllable may be a prefix');
	assert.ok(found('wxin', '微信'), 'initials and full syllables mix');
	assert.ok(found('chongqing', '重庆银行'), 'every reading of a polyphonic character counts');
	assert.ok(!found('weixin', '腾讯'));
	assert.ok(!found('wq', '微信'), 'initials must follow each other');
	assert.ok(!found('w', '微信'), 'a single letter is not a pinyin query');
});

test('pinyin matches titles, authors and categories, not bodies', () => {
	assert.ok(!found('tengxun', 'News', '腾讯发布公告'));
	assert.ok(found('tengxun', '腾讯发布公告'));
});

test('Traditional and Simplified fold together, both ways', () => {
	assert.ok(found('註冊', '微信暂停新用户注册'));
	assert.ok(found('注册', '微信暫停新用戶註冊'));
	assert.ok(found('動畫', '', '动画疯'));
	assert.deepEqual(marked('注册', '請先註冊帳號'), ['註冊']);
});

test('plain Latin matches are highlighted first; pinyin on the characters it matched', () => {
	assert.deepEqual(marked('wx', 'wx 和 微信'), ['wx']);
	assert.deepEqual(marked('wx', '关于微信的消息'), ['微信']);
	assert.deepEqual(marked('quanzi', '微信圈子将停止运营'), ['圈子']);
	assert.deepEqual(marked('weixin quanzi', '微信圈子'), ['微信圈子']);
});

test('a pathological pinyin query stays fast', () => {
	const start = performance.now();
	assert.ok(!found('a'.repeat(60) + 'z', '啊'.repeat(200)));
	assert.ok(performance.now() - start < 2000);
});

test('relevance: title matches weigh more than body matches, more words more', () => {
	const query = parseQuery('微信 圈子');
	const score = (title: string, body: string) =>
		relevance(query, {meta: foldForSearch(title)}, bodyBits(query, foldForSearch(body)));
	const inTitle = score('微信圈子停运', '');
	const inBody = score('公告', '微信圈子停运');
	const oneWord = score('微信公告', '');
	assert.ok(inTitle > inBody);
	assert.ok(inTitle > oneWord);
});

test('--filter and the interactive filter are the same matcher', () => {
	const articles = ['微信官方：微信圈子将停止运营', '腾讯云发布新品', '註冊須知'].map(
		(title, i) =>
			parseArticle(`${i}.md`, `---\ntitle: ${title}\ndate: 2021-05-0${i + 1}\n---\n<p>正文${i}</p>`).article,
	);
	// The app's bodies come from the indexer; here they are indexed the way the worker does it.
	const {search, store} = withBodies(articles);
	const act = answering(store);
	for (const query of ['weixin', 'wx', '注册', 'tengxun 新品', '正文1', '不存在']) {
		const cli = articles
			.filter((article) => new SearchIndex().matchesFull(article, parseQuery(query)))
			.map((a) => a.title);
		const app = act(initialState(articles, {search}), {type: 'setFilter', text: query}).visible.map((a) => a.title);
		assert.deepEqual([...app].sort(), [...cli].sort(), query);
	}
});

test('typing forward narrows the current list and gives the same result as a fresh search', () => {
	const articles = Array.from(
		{length: 40},
		(_, i) =>
			parseArticle(
				`${i}.md`,
				`---\ntitle: 标题${i} ${i % 3 === 0 ? '微信' : '腾讯'}${i % 5 === 0 ? '圈子' : ''}\n---\n<p>x</p>`,
			).article,
	);
	let state = initialState(articles);
	for (const text of ['w', 'wx', 'wxq', 'wxqz']) state = reduce(state, {type: 'setFilter', text});
	const fresh = reduce(initialState(articles), {type: 'setFilter', text: 'wxqz'});
	assert.deepEqual(
		state.visible.map((a) => a.id),
		fresh.visible.map((a) => a.id),
	);
	assert.ok(state.visible.length > 0);
	const oldest = reduce(state, {type: 'toggleOrder'});
	assert.equal(oldest.order, 'oldest');
	const order = reduce(oldest, {type: 'toggleOrder'});
	assert.equal(order.order, 'relevance');
	assert.equal(order.visible.length, state.visible.length);
	assert.equal(reduce(order, {type: 'toggleOrder'}).order, 'newest');
});

test('--filter and the interactive filter agree on the syntax too', () => {
	const specs: Array<[title: string, author: string, date: string]> = [
		['微信官方：微信圈子将停止运营', 'IT 之家', '2021-05-28'],
		['注意！微信暂停新用户注册', '每经网', '2021-07-27'],
		['腾讯云发布新品', '腾讯', '2022-01-15'],
		['註冊須知', '每经网', ''],
	];
	const articles = specs.map(
		([title, author, date], i) =>
			parseArticle(
				`${i}.md`,
				`---\ntitle: ${title}\nauthor: ${author}\n${date ? `date: ${date}\n` : ''}---\n<p>正文${i} 腾讯</p>`,
			).article,
	);
	const {search, store} = withBodies(articles);
	const act = answering(store);
	const queries = [
		'微信 -腾讯',
		'微信 -圈子',
		'"微信 圈子"',
		'title:weixin',
		'author:每经 -title:註冊',
		'after:2021-06',
		'before:2021-07-27',
		'微信 -每经 after:2021-05',
		'-after:2022',
		'is:unread 注册',
		'is:starred',
		'foo:bar 微信',
		'"微信',
	];
	for (const query of queries) {
		const cli = articles
			.filter((article) => new SearchIndex().matchesFull(article, parseQuery(query)))
			.map((a) => a.title);
		const app = act(initialState(articles, {search}), {type: 'setFilter', text: query}).visible.map((a) => a.title);
		assert.deepEqual([...app].sort(), [...cli].sort(), query);
	}
});
