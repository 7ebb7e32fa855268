// End-to-end in tmux: footnote URLs reach the terminal as OSC 8 hyperlinks (the raw bytes of the pane, by
// pipe-pane), and not for TERM=vt220; `o` hands the URL to $BROWSER as one argument, and over SSH it only says
// that `c` copies; `/` searches inside the article.
import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Tmux, sleep} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-links-e2e-'));
const listHints = 'Enter 打开 · / 过滤';

// A URL a shell would take apart: &, ;, $() and a percent-encoded space.
const footnoteUrl = 'https://example.com/p?q=a&r=b;s=$(touch%20pwned)%20x';
const sourceUrl = 'https://example.com/src?a=1&b=2;c=$(touch%20pwned)%20d';
const archive = path.join(temp, 'archive');
mkdirSync(archive);
writeFileSync(
	path.join(archive, 'links.md'),
	[
		'---',
		'title: 链接测试',
		'date: 2024-06-01',
		`source: "${sourceUrl}"`,
		'---',
		'',
		`正文里有[一个链接](${footnoteUrl})和微信。`,
		'',
		...Array.from({length: 40}, (_, i) => `第 ${i + 1} 段。${i % 10 === 9 ? '這裡有微信。' : ''}`.trim()),
		'',
	].join('\n'),
);

// A browser that writes down how many arguments it got and the first one.
const record = path.join(temp, 'browser-argument');
const browser = path.join(temp, 'record-browser');
writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$#:$1" > '${record}'\n`);
chmodSync(browser, 0o755);

const sessions: Tmux[] = [];
after(async () => {
	await Promise.all(sessions.map((session) => session.kill()));
	rmSync(temp, {recursive: true, force: true});
});

async function start(env: Record<string, string>, folder = archive): Promise<Tmux> {
	assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
	const command = `node dist/cli.js --no-cache ${JSON.stringify(folder)}; echo "EXITED:$?"; exec sleep 120`;
	const session = await Tmux.start({width: 80, height: 24, cwd: root, command, env});
	sessions.push(session);
	await session.waitFor(listHints);
	return session;
}

async function rawLog(session: Tmux, name: string): Promise<() => string> {
	const file = path.join(temp, `${name}.log`);
	await session.tmux('pipe-pane', '-o', '-t', session.target, `cat > '${file}'`);
	return () => (existsSync(file) ? readFileSync(file, 'latin1') : '');
}

for (const [term, expected] of [
	['xterm-256color', true],
	['vt220', false],
] as const) {
	test(`footnote URLs as OSC 8 in the raw terminal bytes: ${expected ? 'present' : 'absent'} for TERM=${term}`, async () => {
		const session = await start({TERM: term});
		const bytes = await rawLog(session, term);
		await session.press('Enter');
		await session.waitFor('链接测试');
		await session.press('G');
		await session.waitFor('[1] 链接 https://example.com/p');
		await session.press('1', 'Enter');
		await session.waitFor((screen) => screen.rows.filter((row) => row.includes('[1] 链接')).length === 2);
		await sleep(200);
		const log = bytes();
		const opening = `\u001B]8;id=wxnews-1;${footnoteUrl}\u001B\\`;
		if (expected) {
			// In the link list and in the panel, each closed on its line.
			assert.ok(log.split(opening).length - 1 >= 2, `OSC 8 in the raw log:\n${JSON.stringify(log.slice(-3000))}`);
			assert.ok(log.includes(`${opening}${footnoteUrl}\u001B]8;;\u001B\\`));
			assert.ok(log.includes(`\u001B]8;id=wxnews-source;${sourceUrl}\u001B\\`), 'the source line too');
		} else {
			assert.ok(log.includes(footnoteUrl), 'the URL is written');
			assert.ok(!log.includes('\u001B]8;'), `no OSC 8 for ${term}`);
		}
		// Either way the screen shows the URL as plain text, nothing else.
		const screen = await session.capture();
		assert.ok(
			screen.rows.some((row) => row.includes(`[1] 链接 ${footnoteUrl}`)),
			screen.text,
		);
		assert.ok(!screen.text.includes('8;'), `no sequence shown:\n${screen.text}`);
	});
}

test('o opens the shown footnote, else the source, through $BROWSER with the URL as one argument', async () => {
	const session = await start({BROWSER: browser});
	await session.press('Enter');
	await session.waitFor('链接测试');
	await session.press('o');
	await session.waitFor('已用 record-browser 打开');
	for (let waited = 0; waited < 3000 && !existsSync(record); waited += 50) await sleep(50);
	await sleep(100);
	assert.equal(readFileSync(record, 'utf8'), `1:${sourceUrl}`, 'no footnote shown: the source');
	rmSync(record);
	await session.press('1', 'Enter');
	await session.waitFor('[1] 链接 https://example.com/p');
	await session.press('o');
	for (let waited = 0; waited < 3000 && !existsSync(record); waited += 50) await sleep(50);
	await sleep(100);
	assert.equal(readFileSync(record, 'utf8'), `1:${footnoteUrl}`, 'the footnote shown');
	assert.ok(!existsSync(path.join(root, 'pwned')) && !existsSync(path.join(temp, 'pwned')), 'no shell ran $()');
	rmSync(record);
});

test('o with a missing $BROWSER says so in one line and the app goes on', async () => {
	const session = await start({BROWSER: path.join(temp, 'no-such-browser')});
	await session.press('Enter');
	await session.waitFor('链接测试');
	await session.press('o');
	const screen = await session.waitFor('找不到 no-such-browser');
	assert.ok(!screen.text.includes('EXITED'));
	await session.press('q', 'q');
	await session.waitFor('EXITED:0');
});

test('o with SSH_CONNECTION set: no browser is started, the status line says c copies', async () => {
	const session = await start({BROWSER: browser, SSH_CONNECTION: '127.0.0.1 40000 127.0.0.1 22'});
	await session.press('Enter');
	await session.waitFor('链接测试');
	await session.press('o');
	await session.waitFor(/经 SSH 连接，这里无法打开浏览器；按 c/);
	await sleep(300);
	assert.ok(!existsSync(record), 'the browser did not run');
});

test('/ finds in the article: highlighted, jumps, n counts on and wraps, Esc then n opens the next article', async () => {
	const session = await start({}, path.join(root, 'articles'));
	await session.press('Enter');
	await session.waitFor('每经网 · 2021-07-28');
	await session.press('/');
	await session.waitFor((screen) => screen.rows.some((row) => row.startsWith('查找 ')));
	await session.type('微信');
	let screen = await session.waitFor(/查找 微信 +1\/\d+/);
	const total = Number(/查找 微信 +1\/(\d+)/.exec(screen.text)![1]);
	assert.ok(total > 5, screen.text);
	await session.press('Enter');
	await session.waitFor(`查找“微信” 1/${total}`);
	screen = await session.press('n', 'n');
	await session.waitFor(`查找“微信” 3/${total}`);
	// The matches are marked (bold colour), the current one inverse.
	const styled = await session.capture({escapes: true});
	assert.match(styled.text, /\u001B\[[0-9;]*7[0-9;]*m(?:\u001B\[[0-9;]*m)*微信/, 'the current match is inverse');
	await session.press('G');
	await session.press('n');
	await session.waitFor(/已到末尾，从头找起|查找“微信” \d+\//);
	await session.press('Escape');
	screen = await session.waitForNot('查找“');
	assert.ok(screen.text.includes('每经网'));
	await session.press('n');
	await session.waitFor('IT 之家 · 2021-05-28');
});
