import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import type {Key} from 'ink';
import {keyToCommand} from '../../source/app/keys/key-to-command.js';
import {openMarks} from '../../source/core/marks/marks-store.js';
import {initialState, reduce, type Action, type State} from '../../source/app/state.js';
import {nextWindowStart} from '../../source/app/window.js';
import {loadArchive} from '../../source/core/reading/load.js';
import {rebaseEdit} from '../../source/app/typed-text.js';
import {headerText} from '../../source/app/header.js';

const archive = await loadArchive(path.resolve(import.meta.dirname, '../../articles'));
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);
const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
} as Key;
const context = {listPage: 10, readerPage: 20, readerMax: 100, pageRows: 8, pageMax: 7, inputReady: () => true};

test('starts on the list with the newest article selected', () => {
	const state = initialState(archive.articles);
	assert.equal(state.focus, 'list');
	assert.equal(state.visible[state.selected]!.title, '注意！微信暂停新用户注册，要注册还得等等');
});

test('moving clamps at both ends', () => {
	const state = initialState(archive.articles);
	assert.equal(run(state, {type: 'move', by: -5}).selected, 0);
	assert.equal(run(state, {type: 'move', by: 50}).selected, 3);
	assert.equal(run(state, {type: 'jump', to: 'end'}).selected, 3);
});

test('a filter selects its top match, not the row selected before', () => {
	const state = run(initialState(archive.articles), {type: 'move', by: 1});
	const filtered = run(state, {type: 'setFilter', text: '微信'});
	assert.equal(filtered.selected, 0);
	assert.equal(filtered.visible[0], archive.articles[0]);
	const cleared = run(filtered, {type: 'endFilter', keep: false});
	assert.equal(cleared.visible.length, 4);
});

test('Esc in the reader first closes the link panel, then the reader', () => {
	const state = run(
		initialState(archive.articles),
		{type: 'open'},
		{type: 'linkDigit', digit: '1'},
		{type: 'openLink'},
	);
	assert.equal(state.link, 1);
	const closed = run(state, {type: 'back'});
	assert.equal(closed.screen, 'reader');
	assert.equal(closed.link, undefined);
	assert.equal(run(closed, {type: 'back'}).screen, 'browser');
});

test('next/previous stop at the ends of the list with a notice', () => {
	const state = run(initialState(archive.articles), {type: 'open'}, {type: 'sibling', by: -1});
	assert.equal(state.reading!.title, archive.articles[0]!.title);
	assert.ok(state.notice);
});

test('keys: arrows and vi keys both move; q quits only on the browser', () => {
	const state = initialState(archive.articles);
	assert.deepEqual(keyToCommand('j', noKey, state, context), {type: 'move', by: 1});
	assert.deepEqual(keyToCommand('', {...noKey, downArrow: true}, state, context), {type: 'move', by: 1});
	assert.deepEqual(keyToCommand(' ', noKey, state, context), {type: 'move', by: 9});
	assert.deepEqual(keyToCommand('q', noKey, state, context), {type: 'quit'});
	const reading = run(state, {type: 'open'});
	assert.deepEqual(keyToCommand('q', noKey, reading, context), {type: 'back'});
	assert.deepEqual(keyToCommand('', {...noKey, pageDown: true}, reading, context), {type: 'scroll', by: 19, max: 100});
	assert.deepEqual(keyToCommand('G', noKey, reading, context), {type: 'scrollTo', to: 'end', max: 100});
});

test('keys: while typing a filter, letters go to the input', () => {
	const editing = run(initialState(archive.articles), {type: 'startFilter'});
	assert.equal(keyToCommand('q', noKey, editing, context), undefined);
	assert.equal(keyToCommand('j', noKey, editing, context), undefined);
	assert.deepEqual(keyToCommand('', {...noKey, escape: true}, editing, context), {type: 'endFilter', keep: false});
	// Enter belongs to the key table, not the input: one handler, so it cannot also open the article.
	assert.deepEqual(keyToCommand('\r', {...noKey, return: true}, editing, context), {type: 'endFilter', keep: true});
});

test('keys: typed before the input listens (between / and its first frame), text goes to the filter through the table', () => {
	const notYet = {...context, inputReady: () => false};
	let state = run(initialState(archive.articles), {type: 'startFilter'});
	for (const character of ['微', '信', 'x'])
		state = run(state, keyToCommand(character, noKey, state, notYet) as Action);
	state = run(state, keyToCommand('', {...noKey, backspace: true}, state, notYet) as Action);
	assert.equal(state.filter, '微信');
	assert.equal(keyToCommand('q', noKey, state, context), undefined, 'once it listens, the input takes it');
	const reading = run(initialState(archive.articles), {type: 'open'}, {type: 'startFind'});
	const found = run(reading, keyToCommand('微', noKey, reading, notYet) as Action);
	assert.equal(found.find?.text, '微');
	assert.equal(keyToCommand('信', noKey, found, context), undefined);
});

test('filter text: edits made from a stale frame (two keys before the next frame) are made again on the newer text', () => {
	let state = run(initialState(archive.articles), {type: 'startFilter'});
	// The input showed '' for both keys: each edit starts from it.
	state = run(state, {type: 'setFilter', text: '微', from: ''}, {type: 'setFilter', text: '信', from: ''});
	assert.equal(state.filter, '微信');
	assert.equal(state.inputs, 1, 'the input is made afresh, its cursor at the end');
	state = run(state, {type: 'setFilter', text: '微', from: '微信'}, {type: 'setFilter', text: '微', from: '微信'});
	assert.equal(state.filter, '', 'two Backspaces from one frame delete two characters');
	const reading = run(initialState(archive.articles), {type: 'open'}, {type: 'startFind'});
	const found = run(reading, {type: 'setFindText', text: 'a', from: ''}, {type: 'setFindText', text: 'b', from: ''});
	assert.equal(found.find?.text, 'ab');
});

test('find: matches for a text typed over since are dropped, not put back over the newer text', () => {
	const reading = run(initialState(archive.articles), {type: 'open'}, {type: 'startFind'});
	const typed = run(reading, {type: 'setFindText', text: '目'});
	const stale = run(typed, {type: 'findInArticle', text: '', matches: [], page: 10, max: 100, keep: false});
	assert.equal(stale.find?.text, '目');
	const fresh = run(stale, {type: 'findInArticle', text: '目', matches: [], page: 10, max: 100, keep: false});
	assert.equal(fresh.find?.text, '目');
	assert.equal(fresh.find?.current, -1);
});

test('rebaseEdit: the edit is made at the same distance from the end', () => {
	assert.equal(rebaseEdit('', 'b', 'a'), 'ab');
	assert.equal(rebaseEdit('abc', 'ab', 'ab'), 'a');
	assert.equal(rebaseEdit('ac', 'abc', 'axc'), 'axbc');
	assert.equal(rebaseEdit('x', 'y', 'x'), 'y');
});

test('filter text: a run of backspaces in one read deletes, pasted line breaks become spaces, controls go', () => {
	const typed = (text: string) => run(initialState(archive.articles), {type: 'setFilter', text}).filter;
	assert.equal(typed('微信圈子\u007F\u007F'), '微信');
	assert.equal(typed('ab\b'), 'a');
	assert.equal(typed('\u007F微信'), '微信');
	assert.equal(typed('微信\n圈子\t停运'), '微信 圈子 停运');
	assert.equal(typed('微\u001B[31m信\u009B'), '微[31m信');
	// ink-text-input's backspace removes one UTF-16 unit: half an emoji is dropped, not kept.
	assert.equal(typed('微信\uD83D'), '微信');
	assert.equal(typed('微信😀'), '微信😀');
	const state = run(initialState(archive.articles), {type: 'setFilter', text: '圈子微信\u007F\u007F'});
	assert.equal(state.visible.length, 1);
});

test('a reload keeps the chosen category, uncategorized included', () => {
	const start = initialState(archive.articles);
	const uncategorized = start.categories.findIndex((row) => row.uncategorized);
	const chosen = run(start, {type: 'focus', pane: 'categories'}, {type: 'move', by: uncategorized});
	assert.equal(chosen.categories[chosen.category]!.uncategorized, true);
	const reloaded = run(chosen, {type: 'load', articles: archive.articles, warnings: [], search: chosen.search});
	assert.equal(reloaded.categories[reloaded.category]!.uncategorized, true);
	assert.equal(reloaded.visible.length, 2);
	const news = run(start, {type: 'focus', pane: 'categories'}, {type: 'move', by: 1});
	const path = news.categories[news.category]!.path;
	const again = run(news, {type: 'load', articles: archive.articles, warnings: [], search: chosen.search});
	assert.deepEqual(again.categories[again.category]!.path, path);
});

test('the list window scrolls only when the selection leaves it', () => {
	assert.equal(nextWindowStart(0, 5, 100, 10), 0);
	assert.equal(nextWindowStart(0, 10, 100, 10), 1);
	assert.equal(nextWindowStart(20, 15, 100, 10), 15);
	assert.equal(nextWindowStart(95, 99, 100, 10), 90);
	assert.equal(nextWindowStart(3, 2, 5, 10), 0);
});

test('--category opens the app on the first category whose path contains the name', () => {
	const state = initialState(archive.articles, {category: 'IT之家'});
	assert.deepEqual(state.categories[state.category]!.path, ['新媒体', 'IT 之家']);
	assert.deepEqual(
		state.visible.map((article) => article.title),
		['微信官方：微信圈子将停止运营'],
	);
	assert.equal(initialState(archive.articles, {category: '不存在'}).category, 0);
});

test('help over problems: Esc still returns to where the user was', () => {
	const state = run(initialState(archive.articles, {warnings: [{path: 'x.md', message: 'binary'}]}), {
		type: 'show',
		screen: 'problems',
	});
	const help = run(state, {type: 'show', screen: 'help'});
	assert.equal(run(help, {type: 'back'}).screen, 'browser');
});

test('help and problems scroll with the usual keys, within their length', () => {
	const help = run(initialState(archive.articles), {type: 'show', screen: 'help'});
	const down = keyToCommand('j', noKey, help, context);
	assert.deepEqual(down, {type: 'pageScroll', by: 1, max: 7});
	assert.equal(run(help, down as Action).pageTop, 1);
	assert.equal(run(help, keyToCommand('G', noKey, help, context) as Action).pageTop, 7);
	assert.equal(run(help, {type: 'pageScroll', by: -5, max: 7}).pageTop, 0);
});

const wechat = await loadArchive(path.resolve(import.meta.dirname, '../../../shared/samples/wechat-archive'));

test('the tree opens folded below its second level, date folders newest first', () => {
	const state = initialState(wechat.articles);
	const labels = state.categories.map((row) => row.label);
	const years = labels.filter((label) => /^\d{4}$/.test(label));
	assert.deepEqual(years, [...years].sort().reverse(), 'years newest first');
	assert.ok(
		state.categories.every((row) => row.depth <= 2),
		'weeks and days are folded away',
	);
	assert.ok(state.tree.some((row) => row.depth > 2));
	const months = state.categories.filter((row) => row.path[0] === years[0] && row.depth === 2).map((row) => row.label);
	assert.deepEqual(months, [...months].sort().reverse(), 'months newest first');
});

test('z folds and unfolds the selected node; Z folds or unfolds all', () => {
	let state = run(initialState(wechat.articles), {type: 'focus', pane: 'categories'});
	const month = state.categories.findIndex((row) => row.depth === 2 && row.parent);
	state = run(state, {type: 'move', by: month});
	const before = state.categories.length;
	state = run(state, {type: 'fold', which: 'selected'});
	assert.ok(state.categories.length > before, 'unfolded: its weeks show');
	assert.equal(state.categories[state.category]!.depth, 2, 'the same row stays chosen');
	state = run(state, {type: 'fold', which: 'selected'});
	assert.equal(state.categories.length, before);
	state = run(state, {type: 'fold', which: 'all'});
	assert.ok(
		state.categories.every((row) => row.depth <= 1),
		'all folded: the years alone',
	);
	assert.equal(state.categories[state.category]!.depth, 1, 'the chosen month folded into its year');
	state = run(state, {type: 'fold', which: 'all'});
	assert.equal(state.categories.length, state.tree.length, 'all open');
});

test('s: newest first, oldest first, then relevance while filtering; the header says which', () => {
	let state = initialState(archive.articles);
	assert.equal(state.order, 'newest');
	state = run(state, {type: 'toggleOrder'});
	assert.equal(state.order, 'oldest');
	const dated = state.visible.filter((article) => article.date);
	assert.ok(dated[0]!.date! <= dated.at(-1)!.date!, 'oldest first');
	assert.ok(!state.visible.at(-1)!.date, 'undated still last');
	assert.equal(run(state, {type: 'toggleOrder'}).order, 'newest', 'no relevance without a filter');
	state = run(state, {type: 'setFilter', text: '微信'}, {type: 'toggleOrder'});
	assert.equal(state.order, 'relevance');
	assert.equal(state.notice, undefined, 'no notice left in the footer');
	assert.equal(run(state, {type: 'endFilter', keep: false}).order, 'newest', 'relevance ends with the filter');
});

test('/ on a kept filter selects it: typing replaces it, Backspace clears it, Enter keeps it', () => {
	const kept = run(initialState(archive.articles), {type: 'setFilter', text: '微信'}, {type: 'endFilter', keep: true});
	const again = run(kept, {type: 'startFilter'});
	assert.equal(again.filterSelected, true);
	assert.equal(run(again, {type: 'setFilter', text: '圈'}).filter, '圈');
	assert.equal(run(again, {type: 'setFilter', text: ''}).filter, '');
	const enter = run(again, {type: 'endFilter', keep: true});
	assert.equal(enter.filter, '微信');
	assert.equal(enter.filterSelected, false);
	const typed = run(again, {type: 'setFilter', text: '圈'}, {type: 'setFilter', text: '圈子'});
	assert.equal(typed.filter, '圈子', 'after the first key, typing appends again');
});

test('u selects the next unread article in the list, opens it in the reader, and says when none is left', () => {
	const marks = openMarks('', {enabled: false});
	let state = initialState(archive.articles, {marks});
	marks.setRead(state.visible[1]!.path, true);
	state = run(state, {type: 'marked'}, {type: 'nextUnread'});
	assert.equal(state.selected, 2, 'the read one is skipped');
	state = run(state, {type: 'open'}, {type: 'nextUnread'});
	assert.equal(state.screen, 'reader');
	assert.equal(state.reading, state.visible[3]);
	for (const article of archive.articles) marks.setRead(article.path, true);
	state = run(state, {type: 'marked'}, {type: 'nextUnread'});
	assert.equal(state.notice, '没有未读文章');
});

test('the 收藏 row lists the starred articles with their count, and follows the marks', () => {
	const marks = openMarks('', {enabled: false});
	let state = initialState(archive.articles, {marks});
	const row = state.categories.findIndex((each) => each.starred);
	assert.equal(row, 1, 'right under 全部文章');
	assert.equal(state.categories[row]!.count, 0);
	marks.setStarred(archive.articles[2]!.path, true);
	state = run(state, {type: 'marked'}, {type: 'focus', pane: 'categories'}, {type: 'move', by: 1});
	assert.equal(state.categories[state.category]!.count, 1);
	assert.deepEqual(state.visible, [archive.articles[2]]);
	marks.setStarred(archive.articles[2]!.path, false);
	state = run(state, {type: 'marked'});
	assert.equal(state.visible.length, 0, 'unstarred: gone from 收藏');
});

test('A asks first; the answer clears the question', () => {
	const state = initialState(archive.articles);
	const asked = run(state, {type: 'ask', text: '全部标为已读？(y/n)', yes: 'markAllRead'});
	assert.equal(asked.question?.yes, 'markAllRead');
	assert.equal(run(asked, {type: 'answer'}).question, undefined);
	assert.equal(run(asked, {type: 'marked'}).question, undefined);
});

test('a new start opens on the last category, article and filter, when they still exist and no flag says otherwise', () => {
	const target = archive.articles.find((article) => article.categories[0] === '新媒体')!;
	const place = {category: target.categories, article: target.path, filter: ''};
	const state = initialState(archive.articles, {place});
	assert.deepEqual(state.categories[state.category]!.path, target.categories);
	assert.equal(state.visible[state.selected], target);
	const filtered = initialState(archive.articles, {place: {category: [], article: target.path, filter: '圈子'}});
	assert.equal(filtered.filter, '圈子');
	assert.equal(filtered.visible[filtered.selected], target);
	const gone = initialState(archive.articles, {place: {category: ['不存在'], article: 'nope.md', filter: ''}});
	assert.equal(gone.category, 0);
	assert.equal(gone.selected, 0);
	const flagged = initialState(archive.articles, {place, category: '金融'});
	assert.deepEqual(flagged.categories[flagged.category]!.path, ['金融']);
});

test('B shows the article with the source line breaks; opening another article repairs again', () => {
	const reading = run(initialState(archive.articles), {type: 'open'}, {type: 'toggleSourceBreaks'});
	assert.equal(reading.sourceBreaks, true);
	assert.equal(run(reading, {type: 'toggleSourceBreaks'}).sourceBreaks, false);
	assert.equal(run(reading, {type: 'sibling', by: 1}).sourceBreaks, false);
});

test('a list still read from the cache counts with a +, keeps its selection when whole, and then counts plainly', () => {
	const [newest, ...rest] = archive.articles;
	let state = initialState([newest!], {listing: {done: 10, total: 40}});
	assert.match(headerText(state), / 1 \/ 1\+ /);
	state = run(state, {type: 'listing', progress: {done: 30, total: 40}});
	assert.deepEqual(state.listing, {done: 30, total: 40, then: undefined});
	state = run(state, {type: 'load', articles: [newest!, ...rest], warnings: [], search: state.search});
	assert.equal(state.listing, undefined);
	assert.equal(state.visible.length, archive.articles.length);
	assert.equal(state.visible[state.selected], newest);
	assert.match(headerText(state), new RegExp(` 1 / ${archive.articles.length} `));
});

test('a move past the end of a list still read from the cache waits for the whole list', () => {
	const [newest, second, ...rest] = archive.articles;
	let state = initialState([newest!, second!], {listing: {done: 10, total: 40}});
	state = run(state, {type: 'jump', to: 'end'}, {type: 'listing', progress: {done: 30, total: 40}});
	assert.equal(state.selected, 0, 'not yet: the end is not known');
	state = run(state, {type: 'move', by: 1});
	assert.equal(state.selected, 1, 'a move within the list is made at once');
	state = run(state, {type: 'load', articles: [newest!, second!, ...rest], warnings: [], search: state.search});
	assert.equal(state.selected, archive.articles.length - 1, 'the end, once the list is whole');
	assert.equal(state.listing, undefined);
});
