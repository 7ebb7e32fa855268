// Links in the reader: OSC 8 (its URL sanitised, the TERM and env rules), the footnote lines it marks, the screen
// writer with hyperlinks in a frame, and `o` opening a URL as one argument of one executable.
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import stringWidth from 'string-width';
import {hyperlinksEnabled, hyperlinkUrl, osc8} from '../../source/app/hyperlinks.js';
import {browserCommand, isRemoteSession, openInBrowser, openable} from '../../source/app/open-link.js';
import {linkLines, readerDocument} from '../../source/app/reader-document.js';
import {Screen} from '../../source/app/screen.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-links-'));
after(() => rmSync(temp, {recursive: true, force: true}));

test('OSC 8 is on for ordinary terminals, off for dumb, vt220 and the Linux console; NO_COLOR keeps it', () => {
	for (const term of ['xterm-256color', 'xterm', 'screen-256color', 'tmux-256color', 'xterm-kitty', 'alacritty'])
		assert.equal(hyperlinksEnabled({TERM: term}), true, term);
	for (const term of ['dumb', 'vt220', 'vt100', 'linux', 'linux-16color'])
		assert.equal(hyperlinksEnabled({TERM: term}), false, term);
	assert.equal(hyperlinksEnabled({TERM: 'xterm-256color', NO_COLOR: '1'}), true);
	assert.equal(hyperlinksEnabled({TERM: 'xterm-256color', WXNEWS_HYPERLINKS: '0'}), false);
	assert.equal(hyperlinksEnabled({TERM: 'vt220', WXNEWS_HYPERLINKS: '1'}), true, '=1 forces them on');
	assert.equal(hyperlinksEnabled({TERM: 'xterm', WXNEWS_HYPERLINKS: ''}), true);
});

test('the URL inside OSC 8 has only printable ASCII: nothing can end the sequence', () => {
	assert.equal(hyperlinkUrl('https://a.example/x?q=1&b=2;c'), 'https://a.example/x?q=1&b=2;c');
	assert.equal(hyperlinkUrl('https://a.example/\u001B]8;;\u0007evil\u001B\\'), 'https://a.example/%1B]8;;%07evil%1B\\');
	assert.equal(hyperlinkUrl('https://a.example/a b'), 'https://a.example/a%20b');
	assert.equal(hyperlinkUrl('https://例子.example/路径'), 'https://%E4%BE%8B%E5%AD%90.example/%E8%B7%AF%E5%BE%84');
	assert.equal(hyperlinkUrl('https://a/\u009B31m\u007F'), 'https://a/%C2%9B31m%7F');
	assert.equal(hyperlinkUrl('https://a/\uD800'), 'https://a/%EF%BF%BD', 'a lone surrogate');
	for (const bad of ['\u001B', '\u0007', '\u009C', '\n', ' '])
		assert.ok(!hyperlinkUrl(`https://a/${bad}`).includes(bad), JSON.stringify(bad));
});

test('osc8 wraps the text; an id joins the pieces of one wrapped URL; a huge URL stays plain', () => {
	assert.equal(osc8('https://a/', 'text'), '\u001B]8;;https://a/\u001B\\text\u001B]8;;\u001B\\');
	assert.equal(osc8('https://a/', 'x', 'wxnews-3'), '\u001B]8;id=wxnews-3;https://a/\u001B\\x\u001B]8;;\u001B\\');
	assert.equal(osc8('https://a/', 'x', 'a;b:c'), '\u001B]8;id=abc;https://a/\u001B\\x\u001B]8;;\u001B\\');
	assert.equal(osc8(`https://a/${'x'.repeat(3000)}`, 'long'), 'long');
	assert.equal(osc8('', 'text'), 'text');
	// Exactly one ST before the text and one at the end: an ESC in the URL is encoded, not a terminator.
	const link = osc8('https://a/\u001B\\\u001B]0;title\u0007', 'x');
	assert.equal(link.split('\u001B').length - 1, 4);
	assert.equal(stringWidth(link), 1, 'string-width (and so Ink) counts only the text');
});

test('footnote lines mark the URL part of each wrapped line', () => {
	const url = 'https://example.com/a/very/long/path/that/wraps/over/two/lines/of/text';
	const lines = linkLines({n: 7, url, kind: 'link'}, 40);
	assert.ok(lines.length >= 2);
	assert.ok(lines[0]!.text.startsWith('[7] 链接 h'));
	const pieces = lines.map((line) => line.text.slice(line.href!.start, line.href!.end)).join('');
	assert.equal(pieces, url);
	for (const line of lines) assert.deepEqual({url: line.href!.url, id: line.href!.id}, {url, id: 'wxnews-7'});
});

test('the source line and the link list carry their URLs; body lines carry none', () => {
	const source = 'https://example.com/source/of/this/article?with=a&long=query;string';
	const lines = readerDocument(
		{
			id: 'x',
			file: 'a.md',
			path: 'a.md',
			title: '标题',
			categories: [],
			tags: [],
			format: 'markdown',
			source,
			body: '正文 [链接](https://example.com/n1) 结束',
		},
		40,
	);
	const sourcePieces = lines.filter((line) => line.href?.id === 'wxnews-source');
	assert.ok(sourcePieces.length >= 2, 'the source wraps');
	assert.ok(sourcePieces[0]!.text.startsWith('原文 '));
	assert.equal(sourcePieces.map((line) => line.text.slice(line.href!.start, line.href!.end)).join(''), source);
	const note = lines.find((line) => line.href?.id === 'wxnews-1');
	assert.equal(note?.text, '[1] 链接 https://example.com/n1');
	assert.ok(lines.filter((line) => line.href).every((line) => line.kind === 'meta'));
});

test('the screen writer keeps a frame line with OSC 8 one line, and writes it again only when it changes', () => {
	const written: string[] = [];
	const terminal = {rows: 24, columns: 80, write: (chunk: string) => (written.push(chunk), true)};
	const screen = new Screen(terminal as unknown as NodeJS.WriteStream);
	const linked = `  [1] 链接 ${osc8('https://a/?x=1&y=2', 'https://a/?x=1&y=2', 'wxnews-1')}`;
	screen.stream.write(`top\n${linked}\nbottom\n`);
	const first = written.join('');
	assert.ok(first.includes(`\u001B[2;1H${linked}\u001B[K`), JSON.stringify(first));
	written.length = 0;
	screen.stream.write(`top!\n${linked}\nbottom\n`);
	assert.equal(written.join(''), '\u001B[1;1Htop!\u001B[K', 'only the changed line');
});

test('o: over SSH nothing is started, and the notice points to c', async () => {
	let spawned = false;
	const spawn = (() => {
		spawned = true;
		throw new Error('no');
	}) as never;
	for (const env of [{SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22'}, {SSH_TTY: '/dev/pts/3'}]) {
		assert.equal(isRemoteSession(env), true);
		const notice = await openInBrowser('https://a/', {env: {...env, BROWSER: 'firefox'}, spawn});
		assert.match(notice, /SSH/);
		assert.match(notice, /按 c/);
	}
	assert.equal(spawned, false);
	assert.equal(isRemoteSession({SSH_CONNECTION: ''}), false);
});

test('o: $BROWSER, else xdg-open on Linux and open on macOS', () => {
	assert.equal(browserCommand({BROWSER: '/usr/bin/firefox'}, 'linux'), '/usr/bin/firefox');
	assert.equal(browserCommand({}, 'linux'), 'xdg-open');
	assert.equal(browserCommand({BROWSER: ' '}, 'freebsd'), 'xdg-open');
	assert.equal(browserCommand({}, 'darwin'), 'open');
	assert.equal(browserCommand({}, 'win32'), undefined);
});

test('o: only web addresses are opened', async () => {
	assert.equal(openable('https://a/'), true);
	assert.equal(openable('HTTP://a/'), true);
	for (const url of ['file:///etc/passwd', '-x', '--help', 'javascript:alert(1)', 'mailto:a@b', '/tmp/x'])
		assert.equal(openable(url), false, url);
	assert.match(await openInBrowser('file:///tmp/x.desktop', {env: {BROWSER: 'true'}}), /只打开 http/);
});

test('o: the URL is one argument, no shell, detached and not waited for', async () => {
	const calls: unknown[][] = [];
	const child = Object.assign(new EventEmitter(), {unref: () => calls.push(['unref'])});
	const spawn = ((...args: unknown[]) => {
		calls.push(args);
		setImmediate(() => child.emit('spawn'));
		return child;
	}) as never;
	const url = 'https://a.example/x?a=1&b=2;c=$(touch /tmp/pwned)%20d';
	const notice = await openInBrowser(url, {env: {BROWSER: '/opt/web browser'}, platform: 'linux', spawn});
	assert.deepEqual(calls, [['/opt/web browser', [url], {detached: true, stdio: 'ignore'}], ['unref']]);
	assert.equal(notice, '已用 web browser 打开');
});

test('o: a real script gets the URL exactly; a missing command is a notice, not a crash', async () => {
	const record = path.join(temp, 'argument');
	const script = path.join(temp, 'browser.sh');
	writeFileSync(script, `#!/bin/sh\nprintf '%s' "$#:$1" > '${record}'\n`);
	chmodSync(script, 0o755);
	const url = 'https://a.example/p?a=1&b=2;c=$(touch x)`id`%20d\'"';
	assert.equal(await openInBrowser(url, {env: {BROWSER: script}, platform: 'linux'}), '已用 browser.sh 打开');
	for (let waited = 0; waited < 3000 && !existsSync(record); waited += 20) await new Promise((r) => setTimeout(r, 20));
	await new Promise((r) => setTimeout(r, 50));
	assert.equal(readFileSync(record, 'utf8'), `1:${url}`);
	const missing = await openInBrowser('https://a/', {env: {BROWSER: path.join(temp, 'nope')}, platform: 'linux'});
	assert.equal(missing, '找不到 nope（设置 $BROWSER）；按 c 复制');
});
