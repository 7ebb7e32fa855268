// Untrusted archives (issue 4): the built CLI, in every mode, on a read-only
// folder of broken and hostile files generated at test time.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {
	chmodSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	realpathSync,
	rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import stringWidth from 'string-width';
import {sanitizePath} from '../../source/core/text/sanitize.js';
import {makeHostileArchive, type HostileArchive} from '../fixtures/make-hostile.js';
import {Tmux} from '../helpers/tmux.js';
import type {ArticleRecord} from '../../source/print/record.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(repo, 'dist/cli.js');
const timeout = 120_000;

let temp: string;
let archive: string;
let made: HostileArchive;
let env: NodeJS.ProcessEnv;
let privateTmp: string;
let tmpBefore: Set<string>;
let archiveBefore: Map<string, string>;
const sessions: Tmux[] = [];

/** Every entry below `root` (symlinks not followed) with its type, mode, size and mtime. */
function snapshot(root: string): Map<string, string> {
	const out = new Map<string, string>();
	const walk = (folder: string) => {
		for (const name of readdirSync(folder)) {
			const full = path.join(folder, name);
			const stat = lstatSync(full);
			out.set(path.relative(root, full), `${stat.mode.toString(8)} ${stat.size} ${stat.mtimeMs}`);
			if (stat.isDirectory()) walk(full);
		}
	};
	walk(root);
	return out;
}

/** chmod every file and folder below `root`, never following symlinks. */
function chmodTree(root: string, change: (mode: number) => number) {
	const walk = (folder: string) => {
		for (const name of readdirSync(folder)) {
			const full = path.join(folder, name);
			const stat = lstatSync(full);
			if (stat.isSymbolicLink()) continue;
			if (stat.isDirectory()) {
				chmodSync(full, change(stat.mode) | 0o700); // still walkable while we work
				walk(full);
			}
			chmodSync(full, change(stat.mode));
		}
	};
	walk(root);
	chmodSync(root, change(lstatSync(root).mode));
}

before(() => {
	temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-hostile-'));
	tmpBefore = new Set(readdirSync(os.tmpdir()));
	archive = path.join(temp, 'archive');
	made = makeHostileArchive(archive);
	chmodTree(archive, (mode) => mode & ~0o222);
	archiveBefore = snapshot(archive);
	privateTmp = path.join(temp, 'tmp');
	for (const dir of ['home', 'cache', 'tmp']) mkdirSync(path.join(temp, dir));
	// Every place wxnews may legitimately write (its cache) or a library may spill temporary files is inside `temp`.
	env = {
		...process.env,
		HOME: path.join(temp, 'home'),
		XDG_CACHE_HOME: path.join(temp, 'cache'),
		XDG_STATE_HOME: path.join(temp, 'state'),
		TMPDIR: privateTmp,
	};
	delete env['FORCE_COLOR'];
});

after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	if (temp) {
		chmodTree(temp, (mode) => mode | 0o700);
		rmSync(temp, {recursive: true, force: true});
	}
});

type Run = {status: number | null; signal: string | null; stdout: Buffer; stderr: Buffer; ms: number};
const runs = new Map<string, Run>();

function run(args: string[]): Run {
	const key = args.join(' ');
	const cached = runs.get(key);
	if (cached) return cached;
	const start = Date.now();
	const result = spawnSync(process.execPath, [cli, archive, ...args], {
		cwd: temp,
		env,
		input: '',
		timeout,
		maxBuffer: 512 * 1024 * 1024,
	});
	const out: Run = {
		status: result.status,
		signal: result.signal,
		stdout: result.stdout ?? Buffer.alloc(0),
		stderr: result.stderr ?? Buffer.alloc(0),
		ms: Date.now() - start,
	};
	runs.set(key, out);
	return out;
}

function assertFinished(result: Run, what: string) {
	assert.equal(result.signal, null, `${what}: killed by ${result.signal} after ${result.ms} ms (hung?)`);
	assert.equal(result.status, 0, `${what}: exit status; stderr:\n${result.stderr.toString().slice(0, 2000)}`);
}

const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** The first forbidden byte or code point in a raw output stream, described, or undefined. */
function controlIn(bytes: Buffer, options: {tab?: boolean} = {}): string | undefined {
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i]!;
		const bad = (b < 0x20 && b !== 0x0a && !(options.tab && b === 0x09)) || b === 0x7f;
		const c1 = b === 0xc2 && bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0x9f;
		if (bad || c1) {
			const context = bytes.subarray(Math.max(0, i - 40), i + 20).toString('utf8');
			return `byte 0x${b.toString(16)}${c1 ? bytes[i + 1]!.toString(16) : ''} at ${i} in ${JSON.stringify(context)}`;
		}
	}
	const text = bytes.toString('utf8');
	const m = bidi.exec(text);
	if (m)
		return `U+${m[0].codePointAt(0)!.toString(16)} at ${m.index} in ${JSON.stringify(text.slice(m.index - 40, m.index + 20))}`;
	return undefined;
}

/** Control characters in a decoded string (JSON escapes them as \u001b, so raw bytes are not enough). */
function controlInString(text: string, multiline: boolean): boolean {
	const pattern = multiline ? /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u : /[\u0000-\u001F\u007F-\u009F]/u;
	return pattern.test(text) || bidi.test(text);
}

function assertRecordsClean(records: ArticleRecord[]) {
	for (const record of records) {
		const fields: Array<[string, string | null]> = [
			['path', record.path],
			['title', record.title],
			['author', record.author],
			['date', record.date],
			['source', record.source],
			['image', record.image],
			...record.categories.map((c): [string, string] => ['category', c]),
			...record.links.map((l): [string, string] => ['link url', l.url]),
		];
		for (const [name, value] of fields) {
			if (value !== null)
				assert.ok(!controlInString(value, false), `${name} of ${record.path}: ${JSON.stringify(value.slice(0, 200))}`);
		}
		assert.ok(!controlInString(record.text, true), `text of ${record.path} holds a control character`);
		for (const link of record.links) assert.ok(!/^\s*(?:javascript|vbscript|data):/i.test(link.url), link.url);
	}
}

function assertTitlesListed(titles: string[], expected: string[], what: string) {
	for (const title of expected)
		assert.ok(titles.includes(title), `${what}: "${title}" is listed; got ${JSON.stringify(titles)}`);
}

function warningLines(stderr: Buffer): string[] {
	return stderr.toString('utf8').split('\n').filter(Boolean);
}

function assertWarnings(result: Run, what: string) {
	const problem = controlIn(result.stderr);
	assert.equal(problem, undefined, `${what}: stderr holds a control character: ${problem}`);
	const lines = warningLines(result.stderr);
	for (const line of lines) assert.match(line, /^wxnews: warning: \S.*: \S/, `${what}: every stderr line is a warning`);
	assert.ok(!/^\s+at /m.test(result.stderr.toString()), `${what}: no stack trace`);
	for (const file of made.mustWarn) {
		const shown = sanitizePath(file);
		assert.ok(
			lines.some((line) => line.startsWith(`wxnews: warning: ${shown}: `)),
			`${what}: a warning for ${JSON.stringify(file)}:\n${lines.join('\n')}`,
		);
	}
	for (const line of lines) {
		assert.ok(
			!/^wxnews: warning: (?:well-formed-one\.md|x\.md\/well-formed-two\.html|00[023]_\w+\.txt):/.test(line),
			`${what}: no warning for a well-formed article: ${line}`,
		);
	}
}

test('--json: exit 0, valid JSON, every well-formed article listed, no control characters, one warning per broken file', () => {
	const result = run(['--json']);
	assertFinished(result, '--json');
	const problem = controlIn(result.stdout);
	assert.equal(problem, undefined, `stdout: ${problem}`);
	const records = JSON.parse(result.stdout.toString('utf8')) as ArticleRecord[];
	assert.ok(Array.isArray(records));
	const titles = records.map((r) => r.title);
	assertTitlesListed(titles, made.wellFormed, '--json');
	assertTitlesListed(titles, made.readable, '--json');
	assertRecordsClean(records);
	assertWarnings(result, '--json');
	// Prototype-polluting keys stay data of their own article.
	const proto = records.find((r) => r.path === 'proto.md');
	assert.equal(proto?.title, '原型污染一');
	// Absurd or impossible dates are no date.
	for (const file of ['date-9999.md', 'date-feb31.md', 'date-30000.md', 'date-30000-number.md']) {
		assert.equal(records.find((r) => r.path === file)?.date, null, file);
	}
	// Front matter in a programming language is not read: the title falls back to the file name.
	for (const file of ['fm-js.md', 'fm-javascript.md', 'fm-JS.md', 'fm-javascript-space.md', 'fm-coffee.md']) {
		const record = records.find((r) => r.path === file);
		assert.ok(record, `${file} is listed as an unparsed article`);
		assert.ok(!record.title.includes('pwned'), record.title);
	}
	// A 50 MB article is cut with a visible notice; a million-character paragraph (3 MB) is rendered whole (issue 8).
	const huge = records.find((r) => r.title === '大文件')!;
	assert.match(huge.text, /正文过长|truncated|截断/, '大文件: a truncated notice');
	const million = records.find((r) => r.title === '一百万个汉字')!;
	assert.doesNotMatch(million.text, /正文过长|truncated|截断/, '一百万个汉字: rendered whole');
	assert.ok((million.text.match(/汉/g)?.length ?? 0) >= 1_000_000, '一百万个汉字: every character kept');
});

test('warnings: exactly one line per broken file', () => {
	const result = run(['--json']);
	assertFinished(result, '--json');
	const lines = warningLines(result.stderr);
	for (const file of made.mustWarn) {
		const shown = sanitizePath(file);
		const count = lines.filter((line) => line.startsWith(`wxnews: warning: ${shown}: `)).length;
		assert.equal(count, 1, `${JSON.stringify(file)}:\n${lines.join('\n')}`);
	}
});

test('--ndjson: one valid object per line, same articles, no control characters', () => {
	const result = run(['--ndjson']);
	assertFinished(result, '--ndjson');
	const problem = controlIn(result.stdout);
	assert.equal(problem, undefined, `stdout: ${problem}`);
	const lines = result.stdout.toString('utf8').split('\n');
	assert.equal(lines.pop(), '', 'ends with a newline');
	const records = lines.map((line) => JSON.parse(line) as ArticleRecord);
	assertTitlesListed(
		records.map((r) => r.title),
		[...made.wellFormed, ...made.readable],
		'--ndjson',
	);
	assertRecordsClean(records);
	assertWarnings(result, '--ndjson');
});

test(
	'--json --width 40: finishes, every line within 40 columns',
	{
		timeout: timeout + 30_000,
	},
	() => {
		const result = run(['--json', '--width', '40']);
		assertFinished(result, '--json --width 40');
		const problem = controlIn(result.stdout);
		assert.equal(problem, undefined, `stdout: ${problem}`);
		const records = JSON.parse(result.stdout.toString('utf8')) as ArticleRecord[];
		assertTitlesListed(
			records.map((r) => r.title),
			made.wellFormed,
			'--width 40',
		);
		assertRecordsClean(records);
		for (const record of records) {
			for (const line of record.text.split('\n'))
				assert.ok(stringWidth(line) <= 40, `${record.path}: ${stringWidth(line)} columns: ${line.slice(0, 80)}`);
		}
		assertWarnings(result, '--json --width 40');
	},
);

test('plain list (stdout a pipe): three tab-separated fields a line, every well-formed title, no control characters', () => {
	const result = run([]);
	assertFinished(result, 'plain list');
	const problem = controlIn(result.stdout, {tab: true});
	assert.equal(problem, undefined, `stdout: ${problem}`);
	const lines = result.stdout.toString('utf8').split('\n');
	assert.equal(lines.pop(), '', 'ends with a newline');
	for (const line of lines) assert.equal(line.split('\t').length, 3, `three fields: ${JSON.stringify(line)}`);
	const titles = lines.map((line) => line.split('\t')[2]!);
	assertTitlesListed(titles, [...made.wellFormed, ...made.readable], 'plain list');
	assertWarnings(result, 'plain list');
});

test('--filter 微信: the matching well-formed articles, nothing else broken', () => {
	const result = run(['--filter', '微信']);
	assertFinished(result, '--filter');
	const problem = controlIn(result.stdout, {tab: true});
	assert.equal(problem, undefined, `stdout: ${problem}`);
	const titles = result.stdout
		.toString('utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => line.split('\t')[2]!);
	assertTitlesListed(
		titles,
		made.wellFormed.filter((title) => title.includes('微信')),
		'--filter 微信',
	);
	assert.ok(!titles.includes('新闻归档中的第二篇正常文章'), 'an article without 微信 is filtered out');
	assertWarnings(result, '--filter');
});

test('nothing in an article is evaluated: no payload side effect, no prototype pollution (core, in a child)', () => {
	const script = `
		import {loadArchive} from './source/core/reading/load.ts';
		const archive = await loadArchive(${JSON.stringify(archive)});
		const titles = archive.articles.map((a) => a.title);
		process.stdout.write(JSON.stringify({
			articles: archive.articles.length,
			objectPolluted: ({}).polluted !== undefined || Object.prototype.polluted !== undefined,
			arrayPolluted: [].polluted !== undefined,
			globalPwned: globalThis.wxnewsPwned !== undefined,
			proto: titles.includes('原型污染一'),
		}));
	`;
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
		cwd: repo,
		env,
		encoding: 'utf8',
		timeout,
		maxBuffer: 64 * 1024 * 1024,
	});
	assert.equal(result.signal, null, 'the child finished');
	assert.equal(result.status, 0, `the child exits 0 (a payload calls process.exit(42)):\n${result.stderr}`);
	const report = JSON.parse(result.stdout) as Record<string, unknown>;
	assert.deepEqual(
		{...report, articles: undefined},
		{articles: undefined, objectPolluted: false, arrayPolluted: false, globalPwned: false, proto: true},
	);
	assert.ok((report['articles'] as number) >= made.wellFormed.length);
	assert.ok(!existsSync(made.marker), `the ---js payload ran: ${made.marker} exists`);
});

const sgr = /\u001B\[[0-9;:]*m/g;

function assertScreenClean(text: string, what: string) {
	const rest = text.replace(sgr, '');
	const m = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u.exec(rest) ?? bidi.exec(rest);
	assert.equal(
		m,
		null,
		m
			? `${what}: U+${m[0].codePointAt(0)!.toString(16)} on screen near ${JSON.stringify(rest.slice(m.index - 40, m.index + 20))}`
			: '',
	);
}

test('interactive app in tmux: list, problems (!), an article, quit; nothing but SGR styling on screen', async () => {
	assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
	const session = await Tmux.start({
		width: 100,
		height: 30,
		cwd: temp,
		env: {
			HOME: env['HOME']!,
			XDG_CACHE_HOME: env['XDG_CACHE_HOME']!,
			XDG_STATE_HOME: env['XDG_STATE_HOME']!,
			TMPDIR: privateTmp,
		},
		command: `node ${JSON.stringify(cli)} ${JSON.stringify(archive)} 2>${JSON.stringify(path.join(temp, 'app-stderr'))}; echo "EXITED:$?"; exec sleep 120`,
	});
	sessions.push(session);
	let screen = await session.waitFor(/个问题\(!\)/, 60_000, {escapes: true});
	assertScreenClean(screen.text, 'list');
	assert.ok(
		screen.text.includes('注意！微信暂停新用户注册'),
		`the newest well-formed article is listed:\n${screen.text}`,
	);

	await session.press('!');
	screen = await session.waitFor('个文件有问题', 10_000, {escapes: true});
	assertScreenClean(screen.text, 'problems');
	assert.match(screen.text, /fm-js\.md|binary\.md|dangling\.md/, `problems are listed:\n${screen.text}`);

	await session.press('Escape');
	await session.waitForNot('个文件有问题');
	await session.press('Enter');
	screen = await session.waitFor('每经网 · 2021-07-28', 20_000, {escapes: true});
	assertScreenClean(screen.text, 'reader');

	await session.press('q');
	await session.waitFor(/个问题\(!\)/);
	await session.press('q');
	screen = await session.waitFor(/EXITED:\d+/, 20_000);
	assert.match(screen.text, /EXITED:0/);
});

test(
	'interactive app: opening the million-character article does not block input (q still quits)',
	{
		timeout: 90_000,
	},
	async () => {
		const session = await Tmux.start({
			width: 100,
			height: 30,
			cwd: temp,
			env: {
				HOME: env['HOME']!,
				XDG_CACHE_HOME: env['XDG_CACHE_HOME']!,
				XDG_STATE_HOME: env['XDG_STATE_HOME']!,
				TMPDIR: privateTmp,
			},
			command: `node ${JSON.stringify(cli)} ${JSON.stringify(archive)} --filter 一百万个汉字 2>/dev/null; echo "EXITED:$?"; exec sleep 120`,
		});
		sessions.push(session);
		await session.waitFor(/一百万个汉字/, 60_000);
		await session.press('Enter');
		await session.tmux('send-keys', '-t', session.target, 'q');
		await session.tmux('send-keys', '-t', session.target, 'q');
		const screen = await session.waitFor(/EXITED:\d+/, 30_000);
		assert.match(screen.text, /EXITED:0/);
		await session.kill();
	},
);

test('the archive is unchanged, nothing was written outside the temp folder, no payload ran', () => {
	// Run every mode at least once (tests may be filtered).
	run(['--json']);
	run(['--ndjson']);
	run([]);
	assert.deepEqual(snapshot(archive), archiveBefore, 'the archive (listing, modes, sizes, mtimes) is unchanged');
	// tsx (which runs the core in the child above) keeps its compile cache in $TMPDIR/tsx-<uid>.
	assert.deepEqual(
		readdirSync(privateTmp).filter((name) => !/^tsx-\d+$/.test(name)),
		[],
		'no temporary file left in $TMPDIR',
	);
	assert.ok(!existsSync(made.marker), 'no ---js payload ran');
	const allowed = new Set(['archive', 'home', 'cache', 'state', 'tmp', 'app-stderr']);
	for (const name of readdirSync(temp)) assert.ok(allowed.has(name), `unexpected file in the temp folder: ${name}`);
	assert.deepEqual(readdirSync(path.join(temp, 'home')), [], 'nothing written to $HOME');
	// The children ran with TMPDIR, HOME, XDG_CACHE_HOME and XDG_STATE_HOME inside `temp` (checked above). The shared tmp folder
	// also gets entries from concurrent test files and other processes, so an entry counts as ours only when it
	// names or mentions this archive (a cache file is named by the hash of the archive's real path).
	const hash = createHash('sha1').update(realpathSync(archive)).digest('hex').slice(0, 20);
	const ours = (full: string, depth: number): string[] => {
		const stat = lstatSync(full);
		if (path.basename(full).includes(hash)) return [full];
		if (stat.isDirectory())
			return depth > 3 ? [] : readdirSync(full).flatMap((name) => ours(path.join(full, name), depth + 1));
		if (!stat.isFile() || stat.size > 64 * 1024 * 1024) return [];
		try {
			return readFileSync(full).includes(archive) ? [full] : [];
		} catch {
			return [];
		}
	};
	const created = readdirSync(os.tmpdir())
		.filter((name) => !tmpBefore.has(name) && name !== path.basename(temp))
		.flatMap((name) => {
			try {
				return ours(path.join(os.tmpdir(), name), 0);
			} catch {
				return []; // gone already, or not ours to read
			}
		});
	assert.deepEqual(created, [], `files about this archive written to ${os.tmpdir()}`);
});
