// The filter's syntax (issue 11 item 7): exclusions, phrases, fields, dates, marks and mistakes.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {initialState, reduce} from '../../source/app/state.js';
import {parseArticle, type Article} from '../../source/core/reading/article.js';
import {bodyBits, matchRanges, parseQuery, relevance} from '../../source/core/search/match.js';
import {answering, withBodies} from '../helpers/bodies.js';
import {SearchIndex, bodySearchText, type MarkLookup} from '../../source/core/search/search-index.js';

type Spec = {title: string; author?: string; categories?: string[]; tags?: string[]; date?: string; body?: string};

function article({title, author, categories = [], tags = [], date, body = ''}: Spec, i = 0) {
	const lines = [`title: "${title}"`, `categories: [${categories.join(', ')}]`, `tags: [${tags.join(', ')}]`];
	if (author !== undefined) lines.push(`author: "${author}"`);
	if (date !== undefined) lines.push(`date: ${date}`);
	return parseArticle(`${i}.md`, `---\n${lines.join('\n')}\n---\n<p>${body}</p>`).article;
}

/** Whether the query finds the article, body indexed (as --filter does it). */
const finds = (query: string, spec: Spec, marks?: MarkLookup) =>
	new SearchIndex().matchesFull(article(spec), parseQuery(query), marks);

const marked = (query: string, text: string) => matchRanges(parseQuery(query), text).map(([a, b]) => text.slice(a, b));

test('-word excludes, in any field and in the body', () => {
	const spec = {title: '微信暂停新用户注册', author: '每经网', body: '腾讯客服回复'};
	assert.ok(finds('微信', spec));
	assert.ok(!finds('微信 -腾讯', spec), 'excluded through the body');
	assert.ok(!finds('微信 -每经', spec), 'excluded through the author');
	assert.ok(finds('微信 -抖音', spec));
	assert.ok(finds('-抖音', spec), 'an exclusion alone filters too');
	assert.ok(!finds('-微信', spec));
	assert.ok(!finds('-註冊', spec), 'folded like everything else');
	assert.ok(!finds('-zhuce', spec), 'pinyin excludes in the title');
	assert.ok(finds('-kefu', spec), 'pinyin never reads the body');
});

test('a lone - is an exclusion being typed: it asks nothing', () => {
	assert.ok(parseQuery('-').all);
	assert.deepEqual(parseQuery('微信 -').words, ['微信']);
	assert.equal(parseQuery('微信 -').error, undefined);
	assert.ok(finds('e-mail', {title: 'e-mail 地址'}), 'a hyphen inside a word is part of it');
});

test('"two words" is a phrase: adjacent, as typed, folded', () => {
	const spec = {title: 'Open Source 软件', body: '微信圈子将停止运营，source open'};
	assert.ok(finds('"open source"', spec));
	assert.ok(finds('"source open"', spec), 'found in the body');
	assert.ok(!finds('"open software"', spec));
	assert.ok(finds('open software', {title: 'open 软件', body: 'software'}), 'unquoted, the words are separate');
	assert.ok(!finds('"open software"', {title: 'open 软件', body: 'software'}));
	// Whitespace next to a Chinese character is ignored, as in words.
	assert.ok(finds('"微信 圈子"', spec));
	assert.ok(finds('"微信圈子"', {title: '微信 圈子'}));
	// Traditional and full-width inside the quotes.
	assert.ok(finds('"微信圈子將停止"', spec));
	assert.ok(finds('"ＯＰＥＮ ＳＯＵＲＣＥ"', spec));
	assert.ok(finds('＂open source＂', spec), 'full-width quotes are quotes');
	// Latin words keep their space: a phrase is not a word.
	assert.ok(!finds('"opensource"', spec));
	// A phrase is literal: no pinyin.
	assert.ok(finds('weixin', {title: '微信'}));
	assert.ok(!finds('"weixin"', {title: '微信'}));
	assert.ok(!finds('-"微信 圈子"', spec), 'a phrase can be excluded');
});

test('title:, author: and cat: limit a word or phrase to a field', () => {
	const spec = {
		title: '微信官方：微信圈子将停止运营',
		author: 'IT 之家',
		categories: ['新媒体', '分类资讯'],
		tags: ['社交'],
		body: '每经网报道腾讯',
	};
	assert.ok(finds('title:圈子', spec));
	assert.ok(!finds('title:之家', spec), 'the author is not the title');
	assert.ok(finds('author:IT之家', spec), 'whitespace next to Chinese ignored in a field');
	assert.ok(finds('author:ｉｔ', spec), 'full-width folded in a field');
	assert.ok(!finds('author:微信', spec));
	assert.ok(finds('cat:新媒体 cat:资讯', spec));
	assert.ok(finds('cat:社交', spec), 'cat: covers tags too');
	assert.ok(!finds('cat:圈子', spec));
	assert.ok(!finds('title:腾讯', spec), 'a field never reads the body');
	assert.ok(finds('腾讯', spec));
	assert.ok(finds('title:"微信 圈子"', spec), 'a phrase in a field');
	assert.ok(finds('title:"微信圈子將"', spec), 'Traditional folded in a field phrase');
	assert.ok(!finds('-title:圈子', spec));
	assert.ok(finds('-author:圈子', spec));
	assert.ok(finds('TITLE:圈子', spec), 'field names ignore case');
	assert.ok(finds('title：圈子', spec), 'a full-width colon is a colon');
	// A word never spans two fields: the title ends with 运营, the author starts with IT.
	assert.ok(!finds('运营it', spec));
	assert.ok(!finds('新媒体分类资讯社交', spec), 'categories and tags are apart');
	assert.ok(finds('新媒体分类资讯', spec), 'categories are one field, as before');
});

test('pinyin works per field', () => {
	const spec = {title: '微信圈子停运', author: '腾讯科技', categories: ['新媒体']};
	assert.ok(finds('title:weixin', spec));
	assert.ok(finds('title:wxqz', spec));
	assert.ok(!finds('title:tengxun', spec));
	assert.ok(finds('author:tengxun', spec));
	assert.ok(finds('author:txkj', spec));
	assert.ok(!finds('author:weixin', spec));
	assert.ok(finds('cat:xinmeiti', spec));
	assert.ok(!finds('cat:weixin', spec));
	assert.ok(!finds('-title:wx', spec));
	// Pinyin never runs from one field into the next: 停运 then 腾讯 would spell tingyunteng….
	assert.ok(!finds('tingyuntengxun', spec));
	assert.ok(!finds('tytx', spec));
	assert.ok(finds('tytx', {title: '停运腾讯'}));
});

test('after: and before: bound the date in UTC+8; after: includes its start, before: excludes its own', () => {
	const at = (date: string) => ({title: '微信', date});
	// 2024-06-01 00:00 UTC+8 is 2024-05-31 16:00 UTC.
	assert.ok(finds('after:2024-06', at('2024-05-31T16:00:00Z')));
	assert.ok(!finds('after:2024-06', at('2024-05-31T15:59:59Z')));
	assert.ok(finds('after:2024-06', at('2024-06-01 00:00:00')), 'a zone-less date is UTC+8 too');
	assert.ok(!finds('after:2024-06', at('2024-05-31 23:59:59')));
	assert.ok(finds('after:2024', at('2024-01-01 00:00:00')));
	assert.ok(!finds('after:2024', at('2023-12-31 23:59:59')));
	assert.ok(finds('after:2024-06-15', at('2024-06-15 08:00:00')));
	assert.ok(!finds('after:2024-06-15', at('2024-06-14 23:00:00')));
	// before:2025-01-15 is before 2025-01-15 00:00 UTC+8 (2025-01-14 16:00 UTC).
	assert.ok(finds('before:2025-01-15', at('2025-01-14 23:59:59')));
	assert.ok(!finds('before:2025-01-15', at('2025-01-15 00:00:00')));
	assert.ok(!finds('before:2025-01-15', at('2025-01-14T16:00:00Z')));
	assert.ok(finds('before:2025-01-15', at('2025-01-14T15:59:59Z')));
	assert.ok(!finds('before:2025', at('2025-01-01 00:00:00')));
	assert.ok(finds('before:2025', at('2024-12-31 23:59:59')));
	// Together: half open, so after:2024 before:2025 is the year 2024.
	const year = 'after:2024 before:2025';
	assert.ok(finds(year, at('2024-01-01 00:00:00')));
	assert.ok(finds(year, at('2024-12-31 23:59:59')));
	assert.ok(!finds(year, at('2025-01-01 00:00:00')));
	assert.ok(!finds('after:2025 before:2024', at('2024-06-01 00:00:00')), 'an empty range finds nothing');
	// Several bounds meet; - turns one into the other.
	assert.ok(!finds('after:2023 after:2024-07', at('2024-06-01 00:00:00')));
	assert.ok(finds('-after:2024-07', at('2024-06-30 23:00:00')));
	assert.ok(!finds('-after:2024-07', at('2024-07-01 00:00:00')));
	assert.ok(finds('-before:2024-07', at('2024-07-01 00:00:00')));
	// Other separators that dates in these archives use.
	assert.ok(finds('after:2024/06', at('2024-06-01 00:00:00')));
	assert.ok(finds('after:2024.6.1', at('2024-06-01 00:00:00')));
	assert.ok(finds('after：２０２４－０６', at('2024-06-01 00:00:00')), 'full width');
	assert.ok(finds('after:0099', at('1999-06-01 00:00:00')), 'the year 99 is not 1999');
	assert.ok(!finds('before:0099', at('1999-06-01 00:00:00')));
});

test('an undated article never matches a date bound', () => {
	for (const query of ['after:1970', 'before:2199', '-after:2024', '-before:1971', '微信 after:2000'])
		assert.ok(!finds(query, {title: '微信'}), query);
	assert.ok(finds('微信', {title: '微信'}));
});

test('is:unread, is:read and is:starred read the marks the caller passes', () => {
	const spec = {title: '微信'};
	// Without marks every article is unread and not starred.
	assert.ok(finds('is:unread', spec));
	assert.ok(!finds('is:read', spec));
	assert.ok(!finds('is:starred', spec));
	assert.ok(finds('-is:starred', spec));
	assert.ok(!finds('-is:unread', spec));
	const marks = (read: boolean, starred: boolean): MarkLookup => ({read: () => read, starred: () => starred});
	assert.ok(finds('is:starred', spec, marks(false, true)));
	assert.ok(!finds('is:starred', spec, marks(true, false)));
	assert.ok(finds('is:read', spec, marks(true, false)));
	assert.ok(!finds('is:unread', spec, marks(true, false)));
	assert.ok(finds('-is:unread', spec, marks(true, false)));
	assert.ok(finds('微信 is:unread is:starred', spec, marks(false, true)));
	assert.ok(!finds('腾讯 is:starred', spec, marks(false, true)));
	assert.ok(!finds('is:read is:unread', spec, marks(true, true)), 'a contradiction finds nothing');
	assert.ok(finds('IS:Starred', spec, marks(false, true)));
	// The marks are looked up per article, by the article.
	const first = article({title: '一'}, 1);
	const second = article({title: '二'}, 2);
	const starred = new Set([second.path]);
	const lookup: MarkLookup = {read: () => false, starred: (a) => starred.has(a.path)};
	const index = new SearchIndex();
	assert.deepEqual(
		[first, second].filter((a) => index.matches(a, parseQuery('is:starred'), lookup)).map((a) => a.title),
		['二'],
	);
});

test('the combination 微信 -腾讯 after:2021-06', () => {
	const query = '微信 -腾讯 after:2021-06';
	assert.ok(finds(query, {title: '微信圈子停运', date: '2021-06-02'}));
	assert.ok(!finds(query, {title: '微信圈子停运', date: '2021-05-28'}), 'too early');
	assert.ok(!finds(query, {title: '微信圈子停运'}), 'undated');
	assert.ok(!finds(query, {title: '微信暂停注册', date: '2021-07-27', body: '腾讯客服'}), 'excluded');
	assert.ok(!finds(query, {title: '抖音', date: '2021-07-27'}), 'missing word');
	const more = 'title:微信 -author:每经 "新 用户" before:2022 -is:starred';
	assert.ok(finds(more, {title: '微信暂停新用户注册', author: 'IT 之家', date: '2021-07-27'}));
	assert.ok(!finds(more, {title: '微信暂停新用户注册', author: '每经网', date: '2021-07-27'}));
});

test('plain queries keep their meaning: URLs, times and unknown names with nothing after are words', () => {
	for (const query of [
		'http://ithome.com',
		'https://mp.weixin.qq.com/s?x=1',
		'12:30',
		'PS:',
		'a:b',
		'std::vector',
		'注意：微信',
	])
		assert.equal(parseQuery(query).error, undefined, query);
	assert.ok(finds('http://ithome.com', {title: '新闻', body: '来源 http://ithome.com/1'}));
	assert.ok(finds('12:30', {title: '12:30 发布'}));
	assert.ok(finds('注意：微信', {title: '注意！微信'}) === false);
	assert.ok(finds('注意：微信', {title: '注意：微信暂停'}));
	assert.deepEqual(parseQuery('微信 停运').words, ['微信', '停运']);
	assert.deepEqual(parseQuery('微信 停运').pinyin, [false, false]);
});

test('mistakes never throw: the query says what is wrong and matches as well as it can', () => {
	const cases: Array<[query: string, error: RegExp, stillFinds: boolean]> = [
		['微信 foo:bar', /未知字段 foo:/, true],
		['微信 "圈子', /引号未闭合/, true],
		['微信 "腾讯', /引号未闭合/, false],
		['微信 after:2024-13', /after:2024-13 不是日期/, true],
		['微信 before:2024-02-30', /不是日期/, true],
		['微信 after:24', /不是日期/, true],
		['微信 after:', /after: 后缺少日期/, true],
		['微信 is:xyz', /is: 只认/, true],
		['微信 is:', /is: 后缺少/, true],
		['微信 title:', /title: 后缺少词语/, true],
	];
	for (const [query, error, stillFinds] of cases) {
		const parsed = parseQuery(query);
		assert.match(parsed.error ?? '', error, query);
		assert.equal(finds(query, {title: '微信圈子', date: '2021-05-28'}), stillFinds, query);
	}
	assert.match(parseQuery('foo:bar after:2024-13').error!, /foo:/, 'the first mistake is reported');
	for (const name of ['constructor', 'toString', 'hasOwnProperty'])
		assert.match(parseQuery(`${name}:x`).error ?? '', /未知字段/, `${name}: is no field`);
	// What the person typed comes back without control characters and cut short: it may reach a terminal.
	const error = parseQuery('after:\u001b]0;x\u0007\u009b2J' + '9'.repeat(100)).error!;
	assert.doesNotMatch(error, /[\u0000-\u001f\u007f-\u009f]/);
	assert.ok(error.length < 80, error);
	assert.equal(parseQuery('微信').error, undefined);
	assert.ok(!('error' in parseQuery('微信')));
});

test('property: parseQuery, matches, relevance and matchRanges never throw', () => {
	const pieces = fc.constantFrom(
		'-',
		'"',
		'＂',
		':',
		'：',
		' ',
		'\u3000',
		'title:',
		'author:',
		'cat:',
		'after:',
		'before:',
		'is:',
		'foo:',
		'2024',
		'-06',
		'-13',
		'unread',
		'starred',
		'微信',
		'註冊',
		'weixin',
		'wx',
		'http://',
		'\u001f',
		'\u0000',
		'😀',
		'\uD800',
	);
	const query = fc.oneof(
		fc.string(),
		fc.array(pieces, {maxLength: 12}).map((parts) => parts.join('')),
	);
	const index = new SearchIndex();
	const samples = [
		article({title: '微信圈子', author: 'IT 之家', categories: ['新媒体'], date: '2021-05-28', body: '腾讯 wx'}),
		article({title: ''}, 1),
	];
	withBodies(samples, index);
	const marks: MarkLookup = {read: () => true, starred: () => false};
	fc.assert(
		fc.property(query, (text) => {
			const parsed = parseQuery(text);
			for (const a of samples) {
				index.matches(a, parsed);
				index.matches(a, parsed, marks);
				index.relevance(a, parsed);
				relevance(parsed, index.fieldsOf(a));
			}
			matchRanges(parsed, '微信圈子 wx 註冊 😀');
			assert.ok(parsed.error === undefined || (typeof parsed.error === 'string' && parsed.error.length > 0));
		}),
		{numRuns: 500},
	);
});

test('highlighting and relevance use the positive words and phrases only', () => {
	assert.deepEqual(marked('微信 -圈子', '微信圈子'), ['微信']);
	assert.deepEqual(marked('-微信', '微信圈子'), []);
	assert.deepEqual(marked('"open source" -soft', 'Open Source software'), ['Open Source']);
	assert.deepEqual(marked('title:圈子 after:2020 is:starred', '微信圈子'), ['圈子']);
	assert.deepEqual(marked('"IT 之家"', 'ＩＴ之家报道'), ['ＩＴ之家']);
	const index = new SearchIndex();
	const a = article({title: '微信圈子', body: '腾讯'});
	const score = (text: string) => {
		const query = parseQuery(text);
		return index.relevance(a, query, bodyBits(query, bodySearchText(a)));
	};
	assert.equal(score('微信'), score('微信 -抖音 after:2000'));
	assert.ok(score('title:微信 腾讯') > score('腾讯'));
});

// The reducer narrows while typing forward; every prefix typed must give what a fresh search gives.
function typedArticles(): Article[] {
	const titles = [
		'微信圈子停运',
		'微信暂停注册',
		'腾讯微信',
		'腾讯云',
		'抖音',
		'圈子文化',
		'open source',
		'opensource',
	];
	return Array.from({length: 48}, (_, i) =>
		article(
			{
				title: `${titles[i % titles.length]} ${i}`,
				author: i % 3 === 0 ? '每经网' : 'IT 之家',
				categories: [i % 2 === 0 ? '新媒体' : '金融'],
				date: i % 5 === 4 ? undefined : `202${i % 4}-0${(i % 9) + 1}-1${i % 10} 10:00:00`,
				body: i % 4 === 0 ? '腾讯客服' : '正文',
			},
			i,
		),
	);
}

test('typing forward with syntax narrows only when it may, and always gives a fresh search’s list', () => {
	const articles = typedArticles();
	const {search, store} = withBodies(articles);
	const act = answering(store);
	const targets = [
		'微信 -腾讯 after:2021-06',
		'-腾讯云 微信',
		'title:微信 author:it之家',
		'"open source" -opens',
		'weixin -tengxun',
		'cat:xinmeiti before:2022-03-05',
		'after:2020-03 title:"微信 圈子"',
		'微信 title:圈子',
		'wx -"腾讯 微信"',
		'圈子 -author:每 -author:每经',
	];
	for (const target of targets) {
		let state = initialState(articles, {search});
		for (let i = 1; i <= target.length; i++) {
			const text = target.slice(0, i);
			state = act(state, {type: 'setFilter', text});
			const fresh = act(initialState(articles, {search}), {type: 'setFilter', text});
			assert.deepEqual(
				state.visible.map((a) => a.id),
				fresh.visible.map((a) => a.id),
				JSON.stringify(text),
			);
		}
		assert.ok(state.visible.length > 0, `${target} finds something`);
	}
});

test('the app shows the query’s mistake in its state, and the list is what the rest of the query finds', () => {
	const articles = typedArticles();
	const state = reduce(initialState(articles), {type: 'setFilter', text: '微信 foo:bar'});
	assert.match(state.query.error!, /foo:/);
	const plain = reduce(initialState(articles), {type: 'setFilter', text: '微信'});
	assert.deepEqual(
		state.visible.map((a) => a.id),
		plain.visible.map((a) => a.id),
	);
});

test('narrowing: what typing one more character rescans', () => {
	const articles = typedArticles();
	let scanned = 0;
	class Counting extends SearchIndex {
		override matches(...args: Parameters<SearchIndex['matches']>): boolean {
			scanned++;
			return super.matches(...args);
		}
	}
	const search = new Counting();
	const after = (from: string, to: string) => {
		const state = reduce(initialState(articles, {search}), {type: 'setFilter', text: from});
		scanned = 0;
		const next = reduce(state, {type: 'setFilter', text: to});
		// A query that asks nothing (a date turned invalid) lists every article without matching one.
		if (next.query.all) return next.visible.length === articles.length && scanned === 0 ? 'all' : 'list';
		return scanned === articles.length ? 'all' : 'list';
	};
	assert.equal(after('微信', '微信圈'), 'list');
	assert.equal(after('微信 -腾讯', '微信 -腾讯 圈'), 'list', 'a new word narrows');
	assert.equal(after('微信 -腾', '微信 -腾讯'), 'all', 'a longer exclusion excludes less');
	assert.equal(after('微信 -', '微信 -腾'), 'list', 'a new exclusion narrows');
	assert.equal(after('title:微', 'title:微信'), 'list');
	assert.equal(after('微信 title', '微信 title:'), 'all', 'a word turned into a field prefix');
	assert.equal(after('after:2021', 'after:2021-0'), 'all', 'a date turned invalid');
	assert.equal(after('after:2021-0', 'after:2021-06'), 'all', 'the invalid date asked nothing');
	assert.equal(after('"微信 圈', '"微信 圈子"'), 'list', 'closing a phrase');
	assert.equal(after('微信 is:starre', '微信 is:starred'), 'all', 'never with marks');
	assert.equal(after('w', 'wx'), 'all', 'a word turned pinyin candidate');
});
