// Search inside the article: the matches are found over the document's lines (findMatches), the reducer only moves
// between them; the key table gives the reader's `/` to this search and keeps the browser's for the filter.
import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import type {Key} from 'ink';
import {findMatches} from '../../source/app/find-in-article.js';
import {keyHints, keyScreen, keyToCommand} from '../../source/app/keys/key-to-command.js';
import type {DocumentLine} from '../../source/app/reader-document.js';
import {initialState, reduce, type Action, type State} from '../../source/app/state.js';
import {findCount} from '../../source/app/status-line.js';
import {loadArchive} from '../../source/core/reading/load.js';

const archive = await loadArchive(path.resolve(import.meta.dirname, '../../articles'));
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);
const noKey = {} as Key;
const context = {listPage: 10, readerPage: 5, readerMax: 100, pageRows: 8, pageMax: 7, inputReady: () => true};
const key = (state: State, input: string, extra: Partial<Key> = {}) =>
	keyToCommand(input, {...noKey, ...extra}, state, context);

const body = (text: string): DocumentLine => ({text, kind: 'body'});
// 11 matches of 微信 (one line holds two), on lines 0, 3, 10, 10, 20, 30, 40, 50, 60, 70, 80.
const lines: DocumentLine[] = Array.from({length: 120}, (_, i) => body(`第 ${i} 行`));
for (const i of [0, 3, 20, 30, 40, 50, 60, 70, 80]) lines[i] = body(`第 ${i} 行 微信`);
lines[10] = body('微信 与 微信');

const reading = () => run(initialState(archive.articles), {type: 'open'});
// As in the app: the text is typed, then the reader's document answers with its matches.
const found = (state: State, text: string) =>
	reduce(reduce(state, {type: 'setFindText', text}), {
		type: 'findInArticle',
		text,
		matches: findMatches(lines, text),
		page: 5,
		max: 100,
	});

test('findMatches: every match, in order, with the list matcher’s folding (Traditional, full width)', () => {
	assert.equal(findMatches(lines, '微信').length, 11);
	assert.deepEqual(findMatches(lines, '微信')[2], {line: 10, start: 0, end: 2});
	assert.deepEqual(findMatches(lines, '微信')[3], {line: 10, start: 5, end: 7});
	assert.equal(findMatches(lines, '微信').length, findMatches(lines, '微信').length);
	assert.deepEqual(findMatches([body('繁體：微信')], '微信'), [{line: 0, start: 3, end: 5}]);
	assert.deepEqual(findMatches([body('ＩＴ之家')], 'it之家'), [{line: 0, start: 0, end: 4}]);
	assert.deepEqual(findMatches([body('IT 之家')], 'IT之家'), [{line: 0, start: 0, end: 5}]);
	assert.deepEqual(findMatches(lines, '  '), []);
	assert.deepEqual(findMatches(lines, '没有的词'), []);
});

test('findMatches: pinyin on the title only, as the list matches it', () => {
	const doc: DocumentLine[] = [{text: '微信暂停注册', kind: 'title'}, body('微信暂停注册')];
	assert.deepEqual(
		findMatches(doc, 'weixin').map((match) => match.line),
		[0],
	);
});

test('/ in the reader starts a search in the article; in the browser it is still the filter', () => {
	const state = reading();
	assert.deepEqual(key(state, '/'), {type: 'startFind'});
	assert.deepEqual(key(initialState(archive.articles), '/'), {type: 'startFilter'});
	const typing = reduce(state, {type: 'startFind'});
	assert.equal(typing.screen, 'reader');
	assert.equal(keyScreen(typing), 'find');
	assert.equal(key(typing, 'n'), undefined, 'typed text goes to the input');
	assert.match(keyHints(typing), /^Enter 保留 · Esc 取消$/);
});

test('the view jumps to the first match at or after the scroll; n/N go on and wrap; the status counts 3/11', () => {
	let state = run(
		reading(),
		{type: 'scroll', by: 15, max: 100},
		{type: 'startFind'},
		{type: 'setFindText', text: '微信'},
	);
	state = found(state, '微信');
	assert.equal(state.find!.current, 4, 'the first match at or after line 15 is line 20, the 5th');
	assert.equal(state.scroll, 20);
	assert.equal(findCount(state.find!), '5/11');
	state = reduce(state, key(state, '', {return: true}) as Action);
	assert.equal(keyScreen(state), 'found');
	assert.equal(state.find!.typing, false);
	const n = key(state, 'n') as Action;
	assert.deepEqual(n, {type: 'findNext', by: 1, page: 5, max: 100});
	state = run(state, n, n, n, n, n, n);
	assert.equal(findCount(state.find!), '11/11');
	assert.equal(state.scroll, 80);
	state = reduce(state, n);
	assert.equal(findCount(state.find!), '1/11', 'past the last: the first again');
	assert.equal(state.scroll, 0);
	assert.match(state.notice!, /从头/);
	state = run(state, key(state, 'n') as Action, key(state, 'n') as Action);
	assert.equal(findCount(state.find!), '3/11');
	assert.equal(state.scroll, 10, 'line 3 was in view (0–4); line 10 is not');
	state = reduce(state, key(state, 'N') as Action);
	assert.equal(findCount(state.find!), '2/11');
	assert.equal(state.scroll, 3);
	state = run(state, key(state, 'N') as Action, key(state, 'N') as Action);
	assert.equal(findCount(state.find!), '11/11', 'before the first: the last');
	assert.match(state.notice!, /从末尾/);
});

test('a match already in view does not scroll; the same line twice is two matches', () => {
	let state = run(reading(), {type: 'startFind'});
	state = found(state, '微信');
	assert.equal(state.scroll, 0);
	assert.equal(findCount(state.find!), '1/11');
	state = run(state, {type: 'endFind', keep: true});
	state = run(state, key(state, 'n') as Action);
	assert.equal(state.scroll, 0, 'line 3 is in view');
	state = run(state, key(state, 'n') as Action, key(state, 'n') as Action);
	assert.equal(findCount(state.find!), '4/11');
	assert.equal(state.scroll, 10);
});

test('no match: the view stays where the search began, n says so', () => {
	let state = run(reading(), {type: 'scroll', by: 14, max: 100}, {type: 'startFind'});
	state = found(state, '微信');
	assert.equal(state.scroll, 20);
	state = found(state, '微信没有');
	assert.equal(state.scroll, 14, 'back to the origin when the text stops matching');
	assert.equal(findCount(state.find!), '没有找到');
	state = run(state, {type: 'endFind', keep: true});
	state = reduce(state, key(state, 'n') as Action);
	assert.match(state.notice!, /没有找到/);
});

test('Esc while typing cancels and returns to where the search began; Enter on nothing ends it', () => {
	let state = run(reading(), {type: 'scroll', by: 15, max: 100}, {type: 'startFind'});
	state = found(state, '微信');
	assert.equal(state.scroll, 20);
	state = reduce(state, key(state, '', {escape: true}) as Action);
	assert.equal(state.find, undefined);
	assert.equal(state.scroll, 15);
	state = run(state, {type: 'startFind'}, {type: 'endFind', keep: true});
	assert.equal(state.find, undefined);
	assert.equal(keyScreen(state), 'reader');
});

test('Esc ends a kept search (the scroll stays); then n/p move between articles again', () => {
	let state = run(reading(), {type: 'startFind'});
	state = run(found(state, '微信'), {type: 'endFind', keep: true}, {type: 'findNext', by: 1, page: 5, max: 100});
	state = run(state, {type: 'findNext', by: 1, page: 5, max: 100}, {type: 'findNext', by: 1, page: 5, max: 100});
	assert.equal(state.scroll, 10);
	const title = state.reading!.title;
	state = reduce(state, key(state, '', {escape: true}) as Action);
	assert.equal(state.find, undefined);
	assert.equal(state.screen, 'reader', 'Esc ended the search, not the reading');
	assert.equal(state.scroll, 10);
	assert.deepEqual(key(state, 'n'), {type: 'sibling', by: 1});
	state = reduce(state, key(state, 'n') as Action);
	assert.notEqual(state.reading!.title, title);
	assert.equal(state.scroll, 0);
});

test('a new layout keeps the current match; another article ends the search', () => {
	let state = run(reading(), {type: 'startFind'});
	state = run(found(state, '微信'), {type: 'endFind', keep: true});
	state = run(state, ...Array<Action>(4).fill({type: 'findNext', by: 1, page: 5, max: 100}));
	assert.equal(findCount(state.find!), '5/11');
	// Wider: the same matches two lines earlier each.
	const wider = findMatches(lines, '微信').map((match) => ({...match, line: Math.max(0, match.line - 2)}));
	state = reduce(state, {type: 'findInArticle', text: '微信', matches: wider, page: 5, max: 100, keep: true});
	assert.equal(findCount(state.find!), '5/11');
	assert.equal(state.scroll, 18);
	state = reduce(state, {type: 'nextUnread'});
	assert.equal(state.find, undefined);
});

test('the status line shows the search and its count while reading', () => {
	let state = run(reading(), {type: 'startFind'});
	state = run(found(state, '微信'), {type: 'endFind', keep: true});
	assert.match(keyHints(state), /n\/N 下一处\/上一处/);
	assert.doesNotMatch(keyHints(state), /n\/p/);
});

test('typed text is cleaned; what follows an Enter in one read is not part of the words', () => {
	let state = run(reading(), {type: 'startFind'}, {type: 'setFindText', text: '微信\rn'});
	assert.equal(state.find!.text, '微信');
	state = run(state, {type: 'setFindText', text: '微\u001B[31m信\t x\u007F'});
	assert.equal(state.find!.text, '微[31m信  ');
	state = run(state, {type: 'endFind', keep: true}, {type: 'setFindText', text: 'late'});
	assert.equal(state.find!.text, '微[31m信  ', 'no change once the input is closed');
});
