// Issue 9.2: symbolic links are followed only where they stay inside the
// archive (by real path), unless --follow-symlinks; /proc, /sys and /dev never.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Catalog} from '../../source/core/catalog/catalog.js';
import {readFullArticle} from '../../source/core/catalog/full-articles.js';
import {loadArchive, readArticleFile, scanArchive, type Warning} from '../../source/core/reading/load.js';

const temps: string[] = [];
after(() => {
	for (const temp of temps) rmSync(temp, {recursive: true, force: true});
});

/** A temp folder holding `archive/` (the root, with `files`) and `outside/` (a file and a folder of articles). */
function setUp(files: Record<string, string>): {temp: string; root: string} {
	const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-links-'));
	temps.push(temp);
	const root = path.join(temp, 'archive');
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), {recursive: true});
		writeFileSync(path.join(root, name), text);
	}
	mkdirSync(path.join(temp, 'outside/folder'), {recursive: true});
	writeFileSync(path.join(temp, 'outside/secret.md'), '# 外面的秘密\n\n不该读到');
	writeFileSync(path.join(temp, 'outside/folder/inner.md'), '# 外面文件夹里的\n\n不该读到');
	return {temp, root};
}

function scan(root: string, followSymlinks?: boolean) {
	const warnings: Warning[] = [];
	const files = scanArchive(root, (warning) => warnings.push(warning), {followSymlinks}).map((info) => info.file);
	return {files, warnings};
}

test('links out of the archive are skipped with a warning: /etc/passwd, /, a sibling folder, ../', async () => {
	const {temp, root} = setUp({'a.md': '# 甲\n\n正文'});
	symlinkSync('/etc/passwd', path.join(root, 'passwd.md'));
	symlinkSync('/', path.join(root, 'root'));
	symlinkSync(path.join(temp, 'outside/folder'), path.join(root, 'folder-link'));
	symlinkSync('../outside/secret.md', path.join(root, 'secret.md'));
	const started = Date.now();
	const {files, warnings} = scan(root);
	assert.ok(Date.now() - started < 5000, 'the machine is not walked');
	assert.deepEqual(files, ['a.md']);
	const outside = 'symbolic link leads outside the archive';
	assert.deepEqual(warnings, [
		{path: 'folder-link', message: outside},
		{path: 'passwd.md', message: outside},
		{path: 'root', message: outside},
		{path: 'secret.md', message: outside},
	]);
	// What the printing modes read: not a byte of /etc/passwd.
	const {articles} = await loadArchive(root);
	assert.deepEqual(
		articles.map((article) => article.path),
		['a.md'],
	);
});

test('links inside the archive are followed: to a file, to a folder, out and back in, and through a linked root', () => {
	const {temp, root} = setUp({'a.md': '# 甲\n\n正文', 'z-real/b.md': '# 乙\n\n正文'});
	symlinkSync('a.md', path.join(root, 'a-link.md'));
	// Sorted before the folder it names, so the folder is walked through the link, once.
	symlinkSync('z-real', path.join(root, 'b-link'));
	symlinkSync('../archive/a.md', path.join(root, 'back-in.md'));
	mkdirSync(path.join(root, 'dir'));
	symlinkSync('..', path.join(root, 'dir', 'loop'));
	symlinkSync('self-loop', path.join(root, 'self-loop'));
	const expected = ['a-link.md', 'a.md', 'b-link/b.md', 'back-in.md'];
	const {files, warnings} = scan(root);
	assert.deepEqual(files, expected);
	assert.deepEqual(warnings, [{path: 'self-loop', message: 'symbolic link loop'}]);
	// The archive reached through a link of its own: inside is judged by real paths.
	symlinkSync(root, path.join(temp, 'archive-link'));
	assert.deepEqual(scan(path.join(temp, 'archive-link')).files, expected);
	assert.equal(readArticleFile(path.join(temp, 'archive-link'), 'a-link.md').article?.title, '甲');
});

test('--follow-symlinks follows links out of the archive, but never into /proc, /sys or /dev', () => {
	const {temp, root} = setUp({'a.md': '# 甲\n\n正文'});
	symlinkSync(path.join(temp, 'outside/folder'), path.join(root, 'folder-link'));
	symlinkSync('../outside/secret.md', path.join(root, 'secret.md'));
	symlinkSync('/proc', path.join(root, 'proc'));
	symlinkSync('/proc/self', path.join(root, 'self'));
	symlinkSync('/sys', path.join(root, 'sys'));
	symlinkSync('/dev/zero', path.join(root, 'zero.md'));
	symlinkSync('/dev', path.join(root, 'dev'));
	const {files, warnings} = scan(root, true);
	assert.deepEqual(files, ['a.md', 'folder-link/inner.md', 'secret.md']);
	assert.deepEqual(
		warnings.map((warning) => `${warning.path}: ${warning.message}`),
		[
			'dev: symbolic link leads into /dev, never followed',
			'proc: symbolic link leads into /proc, never followed',
			'self: symbolic link leads into /proc, never followed',
			'sys: symbolic link leads into /sys, never followed',
			'zero.md: symbolic link leads into /dev, never followed',
		],
	);
	assert.equal(readArticleFile(root, 'secret.md', {followSymlinks: true}).article?.title, '外面的秘密');
	assert.deepEqual(readArticleFile(root, 'zero.md', {followSymlinks: true}).warnings, [
		{path: 'zero.md', message: 'symbolic link leads into /dev, never followed'},
	]);
});

test('a file replaced by a link out of the archive after the scan is refused when it is opened', () => {
	const {root} = setUp({'a.md': '# 甲\n\n正文', 'sub/b.md': '# 乙\n\n正文'});
	const files = scanArchive(root, () => {});
	assert.equal(files.length, 2);
	unlinkSync(path.join(root, 'a.md'));
	symlinkSync('/etc/passwd', path.join(root, 'a.md'));
	// A folder on the way swapped for a link out: the real path decides, not the last name.
	rmSync(path.join(root, 'sub'), {recursive: true});
	symlinkSync('..', path.join(root, 'sub'));
	writeFileSync(path.join(path.dirname(root), 'b.md'), '# 外面\n');
	for (const info of files) {
		const {article, warnings} = readArticleFile(root, info.file);
		assert.equal(article, undefined, `${info.file} is not read`);
		assert.deepEqual(warnings, [{path: info.file, message: 'symbolic link leads outside the archive'}]);
	}
});

test('the app path: Catalog.open, the index workers and the reader follow links out only with followSymlinks', async () => {
	const {temp, root} = setUp({'a.md': '# 甲\n\n正文 inside'});
	symlinkSync(path.join(temp, 'outside/folder'), path.join(root, 'folder-link'));
	symlinkSync('../outside/secret.md', path.join(root, 'secret.md'));
	const strict = await Catalog.open(root);
	assert.deepEqual(
		strict.articles.map((article) => article.path),
		['a.md'],
	);
	assert.equal(strict.warnings.length, 2);
	const following = await Catalog.open(root, {followSymlinks: true});
	assert.deepEqual(following.articles.map((article) => article.path).sort(), [
		'a.md',
		'folder-link/inner.md',
		'secret.md',
	]);
	await following.index(() => {});
	const secret = following.articles.find((article) => article.path === 'secret.md')!;
	assert.match(following.bodyText(secret) ?? '', /不该读到/, 'a worker followed the link');
	assert.match(readFullArticle(root, secret).body, /不该读到/, 'the reader followed the link');
	// The same entry in a catalog opened without the option: refused when opened.
	await Catalog.open(root);
	assert.match(readFullArticle(root, {...secret}).body, /symbolic link leads outside the archive/);
});
