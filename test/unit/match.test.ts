import {test} from 'node:test';
import assert from 'node:assert/strict';
import {
	foldForSearch,
	matchRanges,
	matches as matchesFields,
	parseQuery,
	type Query,
} from '../../source/core/search/match.js';
import {inCategory} from '../../source/core/search/categories.js';
import {SearchIndex} from '../../source/core/search/search-index.js';

import {parseArticle, type Article} from '../../source/core/reading/article.js';

const articleMatches = (article: Article, query: Query) => new SearchIndex().matchesFull(article, query);

const matches = (query: string, text: string) => matchesFields(parseQuery(query), {meta: foldForSearch(text)});
const isEmptyQuery = (query: {words: string[]}) => query.words.length === 0;

test('case is folded', () => {
	assert.ok(matches('github', 'GitHub 热榜'));
	assert.ok(matches('GITHUB', 'github'));
	assert.ok(!matches('gitlab', 'GitHub'));
});

test('full-width and half-width forms are folded', () => {
	assert.ok(matches('ABC123', 'ＡＢＣ１２３'));
	assert.ok(matches('ａｂｃ', 'abc'));
	assert.ok(matches('ﾊﾝｶｸ', 'ハンカク'));
	assert.ok(matches('IT之家', 'ＩＴ 之家'));
});

test('IT之家 finds IT 之家 and the other way round', () => {
	assert.ok(matches('IT之家', 'IT 之家 5 月 28 日消息'));
	assert.ok(matches('IT 之家', 'IT之家获悉'));
	assert.ok(matches('微信圈子', '微信 圈子'));
	assert.ok(matches('微信圈子', '微信\n圈子'));
	// Whitespace between Latin words still separates them.
	assert.ok(!matches('helloworld', 'hello world'));
});

test('every word is required', () => {
	assert.ok(matches('微信 停运', '微信圈子将于 12 月 28 日正式停运'));
	assert.ok(!matches('微信 抖音', '微信圈子将于 12 月 28 日正式停运'));
	assert.ok(matches('  停运   微信  ', '微信圈子正式停运'));
});

test('an empty query matches everything', () => {
	assert.ok(isEmptyQuery(parseQuery('')));
	assert.ok(isEmptyQuery(parseQuery('  \u3000 ')));
	assert.ok(matches('', '任何文字'));
	assert.ok(!isEmptyQuery(parseQuery('x')));
});

test('matchRanges maps back to original indices', () => {
	const text = 'Hello ＩＴ 之家 and it之家';
	const ranges = matchRanges(parseQuery('IT之家'), text);
	assert.deepEqual(
		ranges.map(([start, end]) => text.slice(start, end)),
		['ＩＴ 之家', 'it之家'],
	);
	const words = matchRanges(parseQuery('hello AND'), text);
	assert.deepEqual(
		words.map(([start, end]) => text.slice(start, end)),
		['Hello', 'and'],
	);
});

test('matchRanges across astral characters and ligature-like folds', () => {
	const text = '😀微信😀 ＷｅＣｈａｔ ﬁle';
	const [range] = matchRanges(parseQuery('微信'), text);
	assert.equal(text.slice(...range!), '微信');
	const [we] = matchRanges(parseQuery('wechat'), text);
	assert.equal(text.slice(...we!), 'ＷｅＣｈａｔ');
	// NFKC turns ﬁ into two letters: the range covers the whole ligature.
	const [fi] = matchRanges(parseQuery('file'), text);
	assert.equal(text.slice(...fi!), 'ﬁle');
});

test('matchRanges: sorted, merged, and empty when nothing matches', () => {
	assert.deepEqual(matchRanges(parseQuery('xyz'), '微信'), []);
	assert.deepEqual(matchRanges(parseQuery(''), '微信'), []);
	assert.deepEqual(matchRanges(parseQuery('微'), ''), []);
	const text = 'abcabc';
	assert.deepEqual(matchRanges(parseQuery('bc ab'), text), [[0, 6]]);
	const ranges = matchRanges(parseQuery('c a'), 'a c a c');
	for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i]![0] > ranges[i - 1]![1]);
});

test('articles match on title, author, categories and body', () => {
	const {article} = parseArticle(
		'x.md',
		'---\ntitle: 微信官方：微信圈子将停止运营\nauthor: IT 之家\ncategories: [新媒体, 分类资讯]\n---\n<p>正文提到 GitHub 热榜。</p>',
	);
	for (const query of ['圈子 停止', 'IT之家', '新媒体', '分类 资讯', 'github', '热榜'])
		assert.ok(articleMatches(article, parseQuery(query)), query);
	assert.ok(!articleMatches(article, parseQuery('微信 抖音')));
	assert.ok(inCategory(article, '新媒体'));
	assert.ok(inCategory(article, '分类'));
	assert.ok(inCategory(article, ''));
	assert.ok(!inCategory(article, '金融'));
});
