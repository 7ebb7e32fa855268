import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {after, test} from 'node:test';
import {currentStamp, marksFile, parseMarks, readMarks, stateDirectory} from '../../source/core/marks/marks-file.js';
import {openMarks, type MarkOptions} from '../../source/core/marks/marks-store.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-marks-test-'));
after(() => rmSync(temp, {recursive: true, force: true}));

let count = 0;
/** A fresh archive root and state home. */
function place() {
	count++;
	const root = path.join(temp, `archive-${count}`);
	mkdirSync(root);
	const stateHome = path.join(temp, `state-${count}`);
	return {root, stateHome, file: marksFile(root, path.join(stateHome, 'wxnews'))};
}

function open(root: string, stateHome: string, options: MarkOptions = {}) {
	const warnings: string[] = [];
	const store = openMarks(root, {stateHome, onWarning: (message) => warnings.push(message), ...options});
	return {store, warnings};
}

const onDisk = (file: string) => {
	const loaded = readMarks(file);
	assert.equal(loaded.kind, 'marks', `the state file is whole: ${JSON.stringify(loaded)}`);
	return (loaded as {marks: ReturnType<typeof parseMarks> & object}).marks;
};

test('marks: read, starred, positions and the last place survive a restart', () => {
	const {root, stateHome, file} = place();
	const first = open(root, stateHome, {now: () => 1_000});
	assert.equal(first.store.file, file);
	assert.equal(first.store.isRead('a.md'), false);
	first.store.setRead('a.md', true);
	first.store.setRead('目录/乙.md', true);
	first.store.setRead('gone.md', true);
	first.store.setRead('gone.md', false);
	first.store.setStarred('目录/乙.md', true);
	first.store.setPosition('a.md', 37);
	first.store.setLastPlace({category: ['2025', '2025-06'], article: 'a.md', filter: '微信 -广告'});
	assert.ok(first.store.version > 0);
	first.store.close();
	assert.deepEqual(readdirSync(root), [], 'nothing is written in the archive');

	const second = open(root, stateHome);
	assert.deepEqual(second.warnings, []);
	assert.equal(second.store.isRead('a.md'), true);
	assert.equal(second.store.isRead('目录/乙.md'), true);
	assert.equal(second.store.isRead('gone.md'), false);
	assert.equal(second.store.isStarred('目录/乙.md'), true);
	assert.equal(second.store.isStarred('a.md'), false);
	assert.deepEqual([...second.store.starred()], ['目录/乙.md']);
	assert.deepEqual(second.store.position('a.md'), {line: 37, at: 1_000});
	assert.equal(second.store.position('目录/乙.md'), undefined);
	assert.deepEqual(second.store.lastPlace(), {category: ['2025', '2025-06'], article: 'a.md', filter: '微信 -广告'});
	assert.deepEqual(second.store.counts(['a.md', '目录/乙.md', 'other.md']), {total: 3, read: 2, starred: 1});

	// The special rows of the tree.
	second.store.setLastPlace({category: [], row: 'starred', filter: ''});
	second.store.close();
	assert.deepEqual(open(root, stateHome).store.lastPlace(), {category: [], row: 'starred', filter: ''});
});

test('marks: odd paths (control characters, quotes, lone surrogates aside) round-trip', () => {
	const {root, stateHome} = place();
	const odd = ['a "b".md', 'tab\there.md', 'new\nline.md', 'back\\slash.md', '\u001b[31mred.md', 'emoji 😀.md'];
	const first = open(root, stateHome).store;
	for (const file of odd) first.setRead(file, true);
	first.close();
	const second = open(root, stateHome).store;
	for (const file of odd) assert.ok(second.isRead(file), file);
});

test('marks: saves are debounced (changes coalesce, never postponed past the delay) and flush saves at once', async () => {
	const {root, stateHome, file} = place();
	const {store} = open(root, stateHome, {delayMs: 80});
	for (let i = 0; i < 100; i++) store.setRead(`p${i}`, true);
	assert.equal(existsSync(file), false, 'a change is not saved synchronously');
	await delay(200);
	assert.equal(onDisk(file).read.size, 100, 'one save after the delay holds all the changes');
	const stamp = currentStamp(file);
	await delay(200);
	assert.equal(currentStamp(file), stamp, 'no change, no save');

	// Marking without pause: the first change's timer still fires (a resetting debounce would never save).
	const started = Date.now();
	let saved = false;
	for (let i = 0; Date.now() - started < 400; i++) {
		store.setRead(`q${i}`, true);
		if (currentStamp(file) !== stamp) saved = true;
		await delay(5);
	}
	assert.ok(saved, 'saved while changes kept coming');

	store.setStarred('p1', true);
	store.flush();
	assert.ok(onDisk(file).starred.has('p1'), 'flush writes at once');
	const after = currentStamp(file);
	store.flush();
	assert.equal(currentStamp(file), after, 'a flush with nothing to save writes nothing');
	store.close();
});

test('marks: setting a value it already has changes nothing but is kept for the merge', () => {
	const {root, stateHome} = place();
	const {store} = open(root, stateHome);
	store.setRead('a.md', true);
	const version = store.version;
	store.setRead('a.md', true);
	store.setLastPlace({category: [], filter: ''});
	const placed = store.version;
	store.setLastPlace({category: [], filter: ''});
	assert.equal(store.version, placed, 'the same place again is no change');
	assert.ok(placed > version);
	store.close();
});

test('marks: a saved place or position is a change, but not of the read and starred flags', () => {
	const {root, stateHome} = place();
	const {store} = open(root, stateHome);
	const flags = store.flagsVersion;
	store.setLastPlace({category: [], filter: '微信'});
	store.setPosition('a.md', 12);
	assert.ok(store.version > 0);
	assert.equal(store.flagsVersion, flags, 'unread counts need not be made again');
	store.setRead('a.md', true);
	assert.ok(store.flagsVersion > flags);
	const read = store.flagsVersion;
	store.setStarred('a.md', true);
	assert.ok(store.flagsVersion > read);
	store.close();
});

test('marks: a corrupt state file is set aside with one warning, and a fresh store works', () => {
	for (const content of [
		'{"format":"wxnews-state","version":1,"read":["a.md",',
		'',
		'null',
		'[1,2]',
		'{"format":"x"}',
	]) {
		const {root, stateHome, file} = place();
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, content);
		const {store, warnings} = open(root, stateHome);
		assert.equal(warnings.length, 1, `one warning for ${JSON.stringify(content)}`);
		assert.match(warnings[0]!, /corrupt.*set aside as [0-9a-f]+\.json\.corrupt-\d{4}-\d\d-\d\dT/);
		assert.ok(!warnings[0]!.includes('\n'), 'one line');
		const aside = readdirSync(path.dirname(file)).filter((name) => name.includes('.corrupt-'));
		assert.equal(aside.length, 1);
		assert.equal(readFileSync(path.join(path.dirname(file), aside[0]!), 'utf8'), content, 'kept as it was');
		assert.equal(store.isRead('a.md'), false);
		store.setRead('b.md', true);
		store.close();
		assert.ok(onDisk(file).read.has('b.md'));
	}
});

test('marks: a bad entry makes the file corrupt rather than silently dropped', () => {
	for (const bad of [
		{read: ['a', 3], starred: [], positions: []},
		{read: [], starred: [], positions: [['a', 1.5, 0]]},
		{read: [], starred: [], positions: [], place: {category: 'x', filter: ''}},
	])
		assert.throws(() => parseMarks(JSON.stringify({format: 'wxnews-state', version: 1, ...bad})));
});

test('marks: a file from a newer version is left alone', () => {
	const {root, stateHome, file} = place();
	mkdirSync(path.dirname(file), {recursive: true});
	const content = JSON.stringify({format: 'wxnews-state', version: 2, read: {}});
	writeFileSync(file, content);
	const {store, warnings} = open(root, stateHome);
	assert.equal(warnings.length, 1);
	assert.match(warnings[0]!, /newer/);
	store.setRead('a.md', true);
	store.close();
	assert.equal(store.isRead('a.md'), true, 'kept in memory');
	assert.equal(readFileSync(file, 'utf8'), content, 'not overwritten');
});

test('marks: two stores on one file merge marks, stars, positions and unmarks', () => {
	const {root, stateHome, file} = place();
	let now = 1_000;
	const clock = {now: () => now};
	const seed = open(root, stateHome, clock).store;
	for (let i = 0; i < 10; i++) seed.setRead(`old${i}`, true);
	seed.setStarred('old0', true);
	seed.close();

	let changed = 0;
	const a = open(root, stateHome, clock).store;
	const b = open(root, stateHome, {...clock, onChange: () => changed++}).store;
	// Different paths, and unmarks of paths the other store still holds as marked.
	a.setRead('a1', true);
	a.setRead('old0', false);
	a.setStarred('old0', false);
	a.setStarred('a1', true);
	a.setPosition('shared', 10);
	a.setLastPlace({category: ['A'], filter: 'a'});
	a.flush();
	now = 2_000;
	b.setRead('b1', true);
	b.setRead('old1', false);
	b.setStarred('b1', true);
	b.setPosition('shared', 20);
	b.setLastPlace({category: ['B'], filter: 'b'});
	b.flush();
	assert.equal(changed, 1, "b was told that a's changes came in");
	assert.equal(b.isRead('a1'), true, "b sees a's mark after its save");
	assert.equal(b.isRead('old0'), false, "a's unmark is not undone by b, which had it marked");
	assert.equal(b.isStarred('old0'), false);

	// The same path: what changed here since the last sync wins.
	a.setRead('both', true);
	a.setRead('old2', false);
	now = 1_500;
	a.setPosition('shared', 15); // older than b's, which a has not read yet: the newest `at` is kept
	a.flush();
	b.setRead('both', false);
	b.setRead('old2', true);
	b.flush();

	const result = onDisk(file);
	assert.deepEqual(
		[...result.read].sort(),
		['a1', 'b1', 'old2', 'old3', 'old4', 'old5', 'old6', 'old7', 'old8', 'old9'],
		'marked here and there, unmarked here and there, the later save winning its own paths',
	);
	assert.deepEqual([...result.starred].sort(), ['a1', 'b1']);
	assert.deepEqual(result.positions.get('shared'), {line: 20, at: 2_000});
	assert.deepEqual(result.place, {category: ['B'], filter: 'b'}, 'the place of the store that saved it');

	a.flush();
	assert.equal(a.isRead('both'), false, 'a picks up what b saved on its next flush, with nothing of its own');
	assert.equal(a.isRead('b1'), true);
	a.close();
	b.close();
});

test('marks: positions older than a month are dropped when saving', () => {
	const {root, stateHome, file} = place();
	let now = 0;
	const {store} = open(root, stateHome, {now: () => now});
	store.setPosition('old.md', 5);
	now = 31 * 24 * 3600 * 1000;
	store.setPosition('new.md', 6);
	store.close();
	assert.deepEqual([...onDisk(file).positions.keys()], ['new.md']);
});

test('marks: the state file is 0600 in a 0700 folder, and no temporary or lock file is left', () => {
	const {root, stateHome, file} = place();
	const {store} = open(root, stateHome);
	store.setRead('a.md', true);
	store.close();
	assert.equal(statSync(file).mode & 0o777, 0o600);
	assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
	assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)]);
	const content = JSON.parse(readFileSync(file, 'utf8')) as {archive: string};
	assert.equal(content.archive, root, 'the file names its archive, for whoever opens it');
});

test('marks: a save that fails (read-only folder, a path through a file) never throws and warns once', async () => {
	const cases: Array<[string, string]> = [];
	// As root a 0500 folder is writable; a state home inside a regular file fails for anyone (ENOTDIR).
	const blocker = path.join(temp, 'a-file');
	writeFileSync(blocker, '');
	cases.push(['ENOTDIR', path.join(blocker, 'state')]);
	if (process.getuid?.() !== 0) {
		const readOnly = path.join(temp, 'read-only');
		mkdirSync(path.join(readOnly, 'wxnews'), {recursive: true});
		chmodSync(path.join(readOnly, 'wxnews'), 0o500);
		cases.push(['EACCES', readOnly]);
	}
	for (const [code, stateHome] of cases) {
		const root = path.join(temp, `archive-${code}`);
		mkdirSync(root);
		const {store, warnings} = open(root, stateHome, {delayMs: 10});
		assert.deepEqual(warnings, [], 'a missing file reads as no marks');
		store.setRead('a.md', true);
		await delay(50);
		store.setRead('b.md', true);
		await delay(50);
		store.flush();
		store.close();
		assert.equal(warnings.length, 1, `${code}: one warning for several failed saves: ${warnings.join(' | ')}`);
		assert.match(warnings[0]!, new RegExp(`cannot save state .*${code}.*kept until quit`));
		assert.ok(store.isRead('a.md') && store.isRead('b.md'), 'the marks live on in memory');
	}
});

test(
	'marks: an unreadable state file is not overwritten',
	{skip: process.getuid?.() === 0 && 'root reads anything'},
	() => {
		const {root, stateHome, file} = place();
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, 'secret');
		chmodSync(file, 0);
		const {store, warnings} = open(root, stateHome);
		assert.match(warnings[0] ?? '', /cannot read state file/);
		store.setRead('a.md', true);
		store.close();
		chmodSync(file, 0o600);
		assert.equal(readFileSync(file, 'utf8'), 'secret');
	},
);

test('marks: --no-state reads and writes nothing, with the same API', () => {
	const {root, stateHome, file} = place();
	const seed = open(root, stateHome).store;
	seed.setRead('a.md', true);
	seed.close();
	const before = readFileSync(file, 'utf8');
	const {store, warnings} = open(root, stateHome, {enabled: false});
	assert.equal(store.file, undefined);
	assert.equal(store.isRead('a.md'), false, 'the state file is not read');
	store.setRead('b.md', true);
	assert.equal(store.isRead('b.md'), true, 'kept for the session');
	store.close();
	assert.equal(readFileSync(file, 'utf8'), before);
	assert.deepEqual(warnings, []);
});

test('marks: the state folder follows XDG_STATE_HOME, else ~/.local/state; none without a home', () => {
	assert.equal(
		stateDirectory({XDG_STATE_HOME: '/s'}, () => '/h'),
		'/s/wxnews',
	);
	assert.equal(
		stateDirectory({XDG_STATE_HOME: 'relative'}, () => '/h'),
		'/h/.local/state/wxnews',
	);
	assert.equal(
		stateDirectory({}, () => '/h'),
		'/h/.local/state/wxnews',
	);
	assert.equal(
		stateDirectory({}, () => {
			throw new Error('ENOENT: no such file or directory, uv_os_homedir');
		}),
		undefined,
	);
	// The file is named for the real path: a symlink to the archive shares its marks.
	const {root, stateHome, file} = place();
	const link = path.join(temp, `link-${count}`);
	symlinkSync(root, link);
	assert.equal(marksFile(link, path.join(stateHome, 'wxnews')), file);
});

test('marks: a flush while a debounced save is being written saves everything and leaves nothing behind', async () => {
	const {root, stateHome, file} = place();
	const {store, warnings} = open(root, stateHome, {delayMs: 1});
	for (let i = 0; i < 150; i++) {
		store.setRead(`p${i}`, true);
		if (i % 7 === 0) store.setRead(`p${i - 7}`, false);
		await delay(i % 3);
		if (i % 5 === 0) store.flush();
	}
	store.close();
	await delay(100);
	const expected = Array.from({length: 150}, (_, i) => `p${i}`).filter((_, i) => i % 7 !== 0 || i > 142);
	assert.deepEqual([...onDisk(file).read].sort(), expected.sort());
	assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)], 'no temporary or lock file');
	assert.deepEqual(warnings, []);
});

test('marks: two stores in one process saving in the background at once lose nothing', async () => {
	const {root, stateHome, file} = place();
	const a = open(root, stateHome, {delayMs: 1});
	const b = open(root, stateHome, {delayMs: 1});
	for (let i = 0; i < 200; i++) {
		a.store.setRead(`a${i}`, true);
		b.store.setRead(`b${i}`, true);
		if (i % 10 === 0) b.store.setRead(`a${i}`, false); // b unmarks what a marked, after a's save or before
		await delay(i % 2);
	}
	await delay(50);
	a.store.close();
	b.store.close();
	const read = onDisk(file).read;
	for (let i = 0; i < 200; i++) assert.ok(read.has(`b${i}`), `b${i}`);
	for (let i = 0; i < 200; i++) if (i % 10 !== 0) assert.ok(read.has(`a${i}`), `a${i}`);
	assert.deepEqual([...a.warnings, ...b.warnings], []);
});

test('marks: a live lock is waited for, a dead or stuck one is broken', async () => {
	const {root, stateHome, file} = place();
	const lock = `${file}.lock`;
	mkdirSync(path.dirname(file), {recursive: true});
	const {store} = open(root, stateHome, {delayMs: 10});
	// pid 1 is alive: the debounced save waits for the lock to go.
	writeFileSync(lock, '1 someone');
	store.setRead('a.md', true);
	await delay(150);
	assert.equal(existsSync(file), false, 'not saved under another live process lock');
	rmSync(lock);
	await delay(150);
	assert.ok(onDisk(file).read.has('a.md'), 'saved once the lock is gone');

	// On quit, a lock held past a second is taken as stuck.
	writeFileSync(lock, '1 someone');
	store.setRead('b.md', true);
	const started = Date.now();
	store.flush();
	assert.ok(Date.now() - started >= 900, 'waited about a second');
	assert.ok(onDisk(file).read.has('b.md'));

	// A dead process's lock, and an empty one (killed between creating and writing it), are broken at once.
	const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {encoding: 'utf8'});
	writeFileSync(lock, `${dead.stdout.trim()} gone`);
	store.setRead('c.md', true);
	await delay(100);
	assert.ok(onDisk(file).read.has('c.md'), 'dead pid');
	writeFileSync(lock, '');
	utimesSync(lock, new Date(Date.now() - 2000), new Date(Date.now() - 2000));
	store.setRead('d.md', true);
	await delay(100);
	assert.ok(onDisk(file).read.has('d.md'), 'empty and old');
	assert.equal(existsSync(lock), false);
	store.close();
});
