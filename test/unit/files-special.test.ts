// Issue 9.1: FIFOs, sockets and other files that are not regular. Opening a
// FIFO for reading blocks until a writer comes, in a way no signal handler or
// timer undoes, so every check that could hang runs in a child process that
// is killed after a timeout.
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {readArticleFile, scanArchive, type Warning} from '../../source/core/reading/load.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
after(() => {
	for (const temp of temps) rmSync(temp, {recursive: true, force: true});
});

function archive(files: Record<string, string>): string {
	const root = mkdtempSync(path.join(os.tmpdir(), 'wxnews-special-'));
	temps.push(root);
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
	return root;
}

const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

/** Run an ES module body (importing from the sources) in a child with a deadline; its stdout parsed as JSON. */
function inChild(script: string, timeout = 30_000): unknown {
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
		cwd: repo,
		encoding: 'utf8',
		timeout,
	});
	assert.equal(result.signal, null, `the child hung and was killed after ${timeout} ms (blocked on a FIFO?)`);
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout);
}

test('a FIFO named like an article is reported by the scan, never opened', () => {
	const root = archive({'a.md': '# 甲\n\n正文'});
	mkfifo(path.join(root, 'pipe.md'));
	mkfifo(path.join(root, 'pipe-not-an-article'));
	const warnings: Warning[] = [];
	const files = scanArchive(root, (warning) => warnings.push(warning));
	assert.deepEqual(
		files.map((info) => info.file),
		['a.md'],
	);
	assert.deepEqual(warnings, [{path: 'pipe.md', message: 'not a regular file (FIFO)'}]);
});

test('an article replaced by a FIFO after the scan is refused at once, not waited on', () => {
	const root = archive({'a.md': '# 甲\n\n正文', 'b.md': '# 乙\n\n正文'});
	const report = inChild(`
		import {execFileSync} from 'node:child_process';
		import {unlinkSync} from 'node:fs';
		import {readArticleFile, scanArchive} from './source/core/reading/load.ts';
		const root = ${JSON.stringify(root)};
		const files = scanArchive(root, () => {});
		unlinkSync(root + '/a.md');
		execFileSync('mkfifo', [root + '/a.md']);
		process.stdout.write(JSON.stringify(files.map((info) => readArticleFile(root, info.file))));
	`) as Array<{article?: {title: string}; warnings: Warning[]}>;
	assert.equal(report[0]?.article, undefined);
	assert.deepEqual(report[0]?.warnings, [{path: 'a.md', message: 'not a regular file (FIFO)'}]);
	assert.equal(report[1]?.article?.title, '乙');
});

test('the app path: a FIFO met by the index workers and by the reader; indexing finishes', () => {
	const files: Record<string, string> = {};
	for (let i = 0; i < 30; i++) files[`${String(i).padStart(2, '0')}.md`] = `# 第${i}篇\n\n正文${i}号`;
	const root = archive(files);
	const report = inChild(`
		import {execFileSync} from 'node:child_process';
		import {unlinkSync} from 'node:fs';
		import {Catalog} from './source/core/catalog/catalog.ts';
		import {readFullArticle} from './source/core/catalog/full-articles.ts';
		const root = ${JSON.stringify(root)};
		const catalog = await Catalog.open(root);
		for (const name of ['07.md', '21.md']) {
			unlinkSync(root + '/' + name);
			execFileSync('mkfifo', [root + '/' + name]);
		}
		const started = Date.now();
		await catalog.index(() => {});
		const meta = catalog.articles.find((article) => article.file === '07.md');
		const other = catalog.articles.find((article) => article.file === '08.md');
		process.stdout.write(JSON.stringify({
			ms: Date.now() - started,
			indexed: catalog.bodyText(other),
			fifoBody: catalog.bodyText(meta) ?? null,
			reader: readFullArticle(root, meta).body,
		}));
	`) as {ms: number; indexed: string; fifoBody: string | null; reader: string};
	assert.match(report.indexed, /正文8号/);
	assert.equal(report.fifoBody, '');
	assert.equal(report.reader, '[无法读取：not a regular file (FIFO)]');
});

test('a socket named like an article is reported, and refused if one appears after the scan', async (t) => {
	const root = archive({'a.md': '# 甲\n\n正文'});
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(path.join(root, 'socket.md'), resolve));
	t.after(() => server.close());
	const warnings: Warning[] = [];
	scanArchive(root, (warning) => warnings.push(warning));
	assert.deepEqual(warnings, [{path: 'socket.md', message: 'not a regular file (socket)'}]);
	assert.deepEqual(readArticleFile(root, 'socket.md').warnings, [
		{path: 'socket.md', message: 'not a regular file (socket)'},
	]);
});

test('a device named like an article is reported, and refused if one appears after the scan', (t) => {
	const root = archive({'a.md': '# 甲\n\n正文'});
	// The zero device (endless zeros): creating one needs root (CAP_MKNOD).
	const made = spawnSync('mknod', [path.join(root, 'zero.md'), 'c', '1', '5']);
	if (made.status !== 0) return t.skip('mknod needs root');
	const warnings: Warning[] = [];
	scanArchive(root, (warning) => warnings.push(warning));
	assert.deepEqual(warnings, [{path: 'zero.md', message: 'not a regular file (character device)'}]);
	assert.deepEqual(readArticleFile(root, 'zero.md').warnings, [
		{path: 'zero.md', message: 'not a regular file (character device)'},
	]);
});
