// Issue 9.1–9.3 and Big5 (9.12) through the built CLI: FIFOs, symbolic links
// out of the archive, file names that are not UTF-8 and Big5 text, in
// --json, --ndjson, the plain list, and the app in tmux. Every run has a
// deadline: a hang is a failure, not a stuck test run.
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {descendants, Tmux} from '../helpers/tmux.js';
import {encodeLegacy} from '../helpers/legacy-encode.js';
import type {ArticleRecord} from '../../source/print/record.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(repo, 'dist/cli.js');
const deadline = 60_000;

let temp: string;
let archive: string;
let env: NodeJS.ProcessEnv;
const sessions: Tmux[] = [];
const panes: number[] = [];

const write = (parts: Array<string | Buffer>, text: string | Buffer) => {
	const full = Buffer.concat([Buffer.from(archive + '/'), ...parts.map((part) => Buffer.from(part))]);
	mkdirSync(full.subarray(0, full.lastIndexOf('/')), {recursive: true});
	writeFileSync(full, text);
};

before(() => {
	temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-files-'));
	archive = path.join(temp, 'archive');
	mkdirSync(path.join(temp, 'outside/folder'), {recursive: true});
	writeFileSync(path.join(temp, 'outside/secret.md'), '# 档案外的秘密\n\n不该读到');
	writeFileSync(path.join(temp, 'outside/folder/inner.md'), '# 档案外文件夹里的\n\n不该读到');
	write(['a.md'], '# 第一篇正常文章\n\n正文');
	write(['b.md'], '# 第二篇正常文章\n\n正文');
	execFileSync('mkfifo', [path.join(archive, 'fifo.md')]);
	symlinkSync('/etc/passwd', path.join(archive, 'passwd.md'));
	symlinkSync('/', path.join(archive, 'root'));
	symlinkSync('/proc', path.join(archive, 'proc'));
	symlinkSync('../outside/secret.md', path.join(archive, 'secret.md'));
	symlinkSync('../outside/folder', path.join(archive, 'folder-link'));
	symlinkSync('a.md', path.join(archive, 'a-link.md'));
	write([encodeLegacy('新闻稿.md', 'gbk')], '# 国标名字的文章\n\n国标名字的正文内容');
	write([encodeLegacy('资料', 'gbk'), '/一.md'], '# 国标文件夹里的文章\n\n正文');
	write(
		['big5.txt'],
		encodeLegacy('# 繁體中文的新聞標題\n\n這是一篇用大五碼保存的文章，講述臺灣新聞歸檔的故事。\n', 'big5'),
	);
	mkdirSync(path.join(temp, 'cache'));
	env = {...process.env, XDG_CACHE_HOME: path.join(temp, 'cache')};
	delete env['FORCE_COLOR'];
});

after(async () => {
	// A wxnews blocked in open() outlives its terminal (the bug this tests): end ours, by pid.
	for (const pid of panes.flatMap((pane) => descendants(pane).slice(1)).reverse()) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone already.
		}
	}
	await Promise.all(sessions.map((session) => session.kill()));
	if (temp) rmSync(temp, {recursive: true, force: true});
});

function run(args: string[]) {
	const started = Date.now();
	const result = spawnSync(process.execPath, [cli, archive, ...args], {
		env,
		input: '',
		timeout: deadline,
		maxBuffer: 64 * 1024 * 1024,
		encoding: 'utf8',
	});
	assert.equal(result.signal, null, `wxnews ${args.join(' ')}: killed after ${Date.now() - started} ms (hung?)`);
	assert.equal(result.status, 0, result.stderr);
	return {stdout: result.stdout, warnings: result.stderr.split('\n').filter(Boolean)};
}

const expectedPaths = ['a-link.md', 'a.md', 'b.md', 'big5.txt', '新闻稿.md', '资料/一.md'];
const expectedWarnings = [
	'wxnews: warning: fifo.md: not a regular file (FIFO)',
	'wxnews: warning: folder-link: symbolic link leads outside the archive',
	'wxnews: warning: passwd.md: symbolic link leads outside the archive',
	'wxnews: warning: proc: symbolic link leads into /proc, never followed',
	'wxnews: warning: root: symbolic link leads outside the archive',
	'wxnews: warning: secret.md: symbolic link leads outside the archive',
	'wxnews: warning: big5.txt: read as big5',
	'wxnews: warning: 新闻稿.md: file name is not UTF-8, read as GB18030',
	'wxnews: warning: 资料/一.md: file name is not UTF-8, read as GB18030',
];

function assertRecords(records: ArticleRecord[], what: string) {
	assert.deepEqual(records.map((record) => record.path).sort(), expectedPaths, what);
	const title = (file: string) => records.find((record) => record.path === file)?.title;
	assert.equal(title('big5.txt'), '繁體中文的新聞標題', `${what}: Big5 read as Big5`);
	assert.equal(title('新闻稿.md'), '国标名字的文章', `${what}: a GBK-named file`);
	assert.equal(title('资料/一.md'), '国标文件夹里的文章', `${what}: a file in a GBK-named folder`);
	assert.ok(!JSON.stringify(records).includes('root:x:0:0'), `${what}: nothing of /etc/passwd`);
}

test('--json: no hang on the FIFO, no file from outside, names and Big5 decoded, one warning each', () => {
	assert.ok(existsSync(cli), 'run npm run build first');
	const {stdout, warnings} = run(['--json']);
	assertRecords(JSON.parse(stdout) as ArticleRecord[], '--json');
	assert.deepEqual(warnings.sort(), [...expectedWarnings].sort());
});

test('--ndjson and the plain list: the same', () => {
	const ndjson = run(['--ndjson']);
	assertRecords(
		ndjson.stdout
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as ArticleRecord),
		'--ndjson',
	);
	assert.deepEqual(ndjson.warnings.sort(), [...expectedWarnings].sort());
	const list = run([]);
	const titles = list.stdout.split('\n').filter(Boolean);
	assert.equal(titles.length, expectedPaths.length);
	assert.ok(titles.some((line) => line.endsWith('\t繁體中文的新聞標題')));
	assert.deepEqual(list.warnings.sort(), [...expectedWarnings].sort());
});

test('--follow-symlinks: links out are followed, /proc and / itself are not walked into /proc', () => {
	// Without the link to /, which would walk the whole machine (outside /proc, /sys and /dev).
	unlinkSync(path.join(archive, 'root'));
	try {
		const {stdout, warnings} = run(['--json', '--follow-symlinks']);
		const paths = (JSON.parse(stdout) as ArticleRecord[]).map((record) => record.path).sort();
		assert.deepEqual(paths, [...expectedPaths, 'folder-link/inner.md', 'passwd.md', 'secret.md'].sort());
		assert.ok(warnings.includes('wxnews: warning: proc: symbolic link leads into /proc, never followed'));
		assert.ok(!warnings.some((line) => /outside the archive/.test(line)), warnings.join('\n'));
	} finally {
		symlinkSync('/', path.join(archive, 'root'));
	}
	const help = spawnSync(process.execPath, [cli, '--help'], {encoding: 'utf8'});
	assert.match(help.stdout, /--follow-symlinks/);
});

test('the app: an article replaced by a FIFO after start opens as a warning, and q still quits', async () => {
	const session = await Tmux.start({
		width: 100,
		height: 30,
		cwd: temp,
		env: {XDG_CACHE_HOME: path.join(temp, 'cache')},
		command: `node ${JSON.stringify(cli)} ${JSON.stringify(archive)} --filter 第二篇 2>/dev/null; echo "EXITED:$?"; exec sleep 120`,
	});
	sessions.push(session);
	panes.push(Number(await session.display('#{pane_pid}')));
	await session.waitFor('第二篇正常文章', 30_000);
	unlinkSync(path.join(archive, 'b.md'));
	execFileSync('mkfifo', [path.join(archive, 'b.md')]);
	await session.press('Enter');
	await session.waitFor('not a regular file (FIFO)', 10_000);
	await session.press('q');
	await session.waitForNot('not a regular file (FIFO)', 10_000);
	await session.press('q');
	const screen = await session.waitFor(/EXITED:\d+/, 10_000);
	assert.match(screen.text, /EXITED:0/);
});

test('the app: a GBK-named file is listed by its decoded name and opens (by its bytes)', async () => {
	const session = await Tmux.start({
		width: 100,
		height: 30,
		cwd: temp,
		env: {XDG_CACHE_HOME: path.join(temp, 'cache')},
		command: `node ${JSON.stringify(cli)} ${JSON.stringify(archive)} --filter 国标名字 2>/dev/null; echo "EXITED:$?"; exec sleep 120`,
	});
	sessions.push(session);
	panes.push(Number(await session.display('#{pane_pid}')));
	await session.waitFor('国标名字的文章', 30_000);
	await session.press('Enter');
	const reader = await session.waitFor('国标名字的正文内容', 10_000);
	assert.ok(!reader.text.includes('无法读取'), reader.text);
	await session.press('q');
	await session.waitForNot('国标名字的正文内容', 10_000);
	await session.press('q');
	const screen = await session.waitFor(/EXITED:\d+/, 10_000);
	assert.match(screen.text, /EXITED:0/);
});
