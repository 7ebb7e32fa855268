// End-to-end over a real SSH login: a throwaway sshd on 127.0.0.1 with its
// own host key and client key in a temporary folder, `ssh -tt` inside tmux.
import assert from 'node:assert/strict';
import {spawn, execFileSync, type ChildProcess} from 'node:child_process';
import {accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {Tmux, descendants, exe, sleep, width, type Screen} from '../helpers/tmux.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const sshd = '/usr/sbin/sshd';
const newestFull = '注意！微信暂停新用户注册，要注册还得等等';
const second = '微信官方：微信圈子将停止运营';
const header = /^\s*wxnews\b/;
const listHints = 'Enter 打开 · / 过滤';
const position = /(\d+)\/(\d+) 行 (\d+)%/;

function executable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function which(command: string): string | undefined {
	for (const dir of (process.env['PATH'] ?? '').split(':')) {
		const file = path.join(dir, command);
		if (dir && executable(file)) return file;
	}
	return undefined;
}

const tools = {
	sshd: executable(sshd) ? sshd : undefined,
	'ssh-keygen': which('ssh-keygen'),
	ssh: which('ssh'),
	tmux: which('tmux'),
};
const missing = Object.entries(tools)
	.filter(([, file]) => !file)
	.map(([name]) => name);
const reason = `missing ${missing.join(', ')} (apt-get install openssh-server openssh-client tmux, as .ci/run does)`;

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function canConnect(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({port, host: '127.0.0.1'});
		socket.once('data', () => {
			// sshd speaks first: its version banner means it is ready.
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
		socket.setTimeout(2000, () => {
			socket.destroy();
			resolve(false);
		});
	});
}

if (missing.length > 0 && process.env['CI']) {
	test('sshd, ssh-keygen, ssh and tmux are installed (required in CI)', () => {
		assert.fail(reason);
	});
}

describe('over a real SSH login', {skip: missing.length > 0 ? reason : false}, () => {
	let dir = '';
	let port = 0;
	let server: ChildProcess | undefined;
	let serverLog = '';
	const sessions: Tmux[] = [];

	before(async () => {
		assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
		dir = mkdtempSync(path.join(os.tmpdir(), 'wxnews-ssh-'));
		const keygen = (file: string) =>
			execFileSync(tools['ssh-keygen']!, ['-q', '-t', 'ed25519', '-N', '', '-C', 'wxnews-e2e', '-f', file]);
		keygen(path.join(dir, 'host_key'));
		keygen(path.join(dir, 'client_key'));
		execFileSync('cp', [path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys')]);
		port = await freePort();
		const config = path.join(dir, 'sshd_config');
		writeFileSync(
			config,
			[
				`ListenAddress 127.0.0.1`,
				`Port ${port}`,
				`HostKey ${path.join(dir, 'host_key')}`,
				`AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
				`PidFile ${path.join(dir, 'sshd.pid')}`,
				'PubkeyAuthentication yes',
				'PasswordAuthentication no',
				'KbdInteractiveAuthentication no',
				'StrictModes no',
				'UsePAM no',
				'PermitRootLogin yes',
				'PrintMotd no',
				'PrintLastLog no',
				'UseDNS no',
				'LogLevel INFO',
				'',
			].join('\n'),
		);
		// The privilege separation directory sshd insists on.
		mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
		execFileSync(sshd, ['-t', '-f', config]);
		server = spawn(sshd, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe']});
		server.stderr!.on('data', (chunk: Buffer) => {
			serverLog += chunk.toString();
		});
		const deadline = Date.now() + 10_000;
		while (!(await canConnect(port))) {
			if (server.exitCode !== null || Date.now() > deadline)
				throw new Error(`sshd did not start (exit ${server.exitCode}):\n${serverLog}`);
			await sleep(50);
		}
	});

	after(async () => {
		await Promise.all(sessions.map((session) => session.kill()));
		if (server && server.exitCode === null) {
			const exited = new Promise((resolve) => server!.once('exit', resolve));
			server.kill('SIGTERM');
			await Promise.race([exited, sleep(3000)]);
			if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
		}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	/** ssh -tt into 127.0.0.1 and run the app there; the local shell reports the exit code and whether the tty is as before. */
	async function login(options: {width?: number; height?: number; remoteEnv?: string} = {}): Promise<Tmux> {
		// Each login has its own state folder: the marks and the last place of one test never reach the next.
		const state = path.join(dir, `state-${sessions.length}`);
		const remote = `cd ${shellQuote(root)} && LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=${shellQuote(state)} ${options.remoteEnv ?? ''} exec ${shellQuote(process.execPath)} dist/cli.js --no-cache`;
		const ssh = [
			'ssh',
			'-tt',
			'-F',
			'/dev/null',
			'-i',
			shellQuote(path.join(dir, 'client_key')),
			'-o',
			'StrictHostKeyChecking=no',
			'-o',
			'UserKnownHostsFile=/dev/null',
			'-o',
			'LogLevel=ERROR',
			'-o',
			'BatchMode=yes',
			'-p',
			String(port),
			'root@127.0.0.1',
			shellQuote(remote),
		].join(' ');
		const session = await Tmux.start({
			width: options.width ?? 100,
			height: options.height ?? 30,
			cwd: root,
			env: {TERM: 'xterm-256color'},
			command: `printf "SHELL-BEFORE\\n"; S=$(stty -g); ${ssh}; C=$?; if [ "$(stty -g)" = "$S" ]; then T=same; else T=changed; fi; echo "EXITED:$C TTY:$T"; exec sleep 120`,
		});
		sessions.push(session);
		try {
			await session.waitFor((screen) => header.test(screen.rows[0]!) && screen.text.includes(listHints), 15_000);
		} catch (error) {
			throw new Error(`${(error as Error).message}\nsshd said:\n${serverLog}`, {cause: error});
		}
		return session;
	}

	const listRows = (screen: Screen) => screen.rows.filter((row) => /\d{4}-\d{2}-\d{2} {2}|\(无日期\)/.test(row));

	function saneFrame(session: Tmux, screen: Screen) {
		assert.match(screen.rows[0]!, header, `header on the first row:\n${screen.text}`);
		assert.equal(screen.rows.filter((row) => header.test(row)).length, 1, `one header:\n${screen.text}`);
		assert.equal(screen.rows.at(-1)!.trim(), '', `the last row stays empty:\n${screen.text}`);
		for (const row of screen.rows) assert.ok(width(row) <= session.width, `too wide: ${row}`);
	}

	for (const [w, h] of [
		[100, 30],
		[80, 24],
	] as const) {
		test(`the core walk at ${w}x${h}: open, scroll, filter with Chinese, back, quit`, async () => {
			const session = await login({width: w, height: h});
			let screen = await session.capture();
			saneFrame(session, screen);
			assert.match(screen.rows[0]!, /全部文章 +1 \/ 4\b/);
			assert.ok(
				screen.rows.some((row) => /> N +2021-07-28 +注意！微信暂停新用户注册/.test(row)),
				'newest selected',
			);
			assert.equal(await session.display('#{alternate_on}'), '1');

			// Open and scroll.
			await session.press('Enter');
			screen = await session.waitFor('每经网 · 2021-07-28');
			assert.ok(screen.text.includes(newestFull.slice(0, 10)));
			assert.match(screen.text, /每经编辑 孙志成/); // The source's space between the two names stays (issue 8).
			saneFrame(session, screen);
			const before = Number(position.exec(screen.text)![1]);
			await session.press('Space');
			screen = await session.waitFor((s) => Number(position.exec(s.text)?.[1] ?? before) > before);
			saneFrame(session, screen);
			await session.press('n');
			screen = await session.waitFor(second);
			assert.match(screen.rows[0]!, /\b2 \/ 4\b/);

			// Back, filter with a Chinese word typed in one write.
			await session.press('q');
			screen = await session.waitFor((s) => listRows(s).length === 4);
			await session.press('/');
			await session.waitFor((s) => s.rows.some((row) => /^\/( |$)/.test(row)));
			await session.type('圈子');
			screen = await session.waitFor((s) => /\b1 \/ 1\b/.test(s.rows[0]!) && s.rows[0]!.includes('过滤：圈子'));
			assert.equal(listRows(screen).length, 1);
			assert.ok(listRows(screen)[0]!.includes(second));
			await session.press('Enter');
			screen = await session.waitFor(listHints);
			assert.match(screen.rows[0]!, /过滤：圈子/);
			await session.press('Enter');
			screen = await session.waitFor('IT 之家 · 2021-05-28');
			assert.match(screen.rows[0]!, /\b1 \/ 1\b/);
			await session.press('q');
			await session.waitFor(listHints);
			await session.press('Escape');
			screen = await session.waitFor((s) => listRows(s).length === 4);
			assert.ok(!screen.rows[0]!.includes('过滤'));
			saneFrame(session, screen);

			// Quit: the remote app exits 0, ssh ends, the local terminal is as before.
			await session.press('q');
			screen = await session.waitFor(/EXITED:\d+ TTY:\w+/, 15_000);
			const marker = /EXITED:(\d+) TTY:(\w+)/.exec(screen.text)!;
			assert.equal(marker[1], '0', 'ssh reports the remote exit code 0');
			assert.equal(marker[2], 'same', 'the local tty settings are restored');
			assert.equal(await session.display('#{alternate_on}'), '0', 'the alternate screen is left');
			assert.equal(await session.display('#{cursor_flag}'), '1', 'the cursor is visible');
			assert.ok(screen.text.includes('SHELL-BEFORE'));
			assert.ok(!/wxnews/.test(screen.text), `nothing of the app is left:\n${screen.text}`);
		});
	}

	test('o over SSH starts no browser on the server: the status line says c copies, and c does', async () => {
		// sshd sets SSH_CONNECTION; $BROWSER is a script that would leave a file if it ran.
		const ran = path.join(dir, 'browser-ran');
		const browser = path.join(dir, 'browser.sh');
		writeFileSync(browser, `#!/bin/sh\ntouch ${shellQuote(ran)}\n`, {mode: 0o755});
		const session = await login({width: 80, height: 24, remoteEnv: `BROWSER=${shellQuote(browser)}`});
		await session.press('j', 'Enter');
		await session.waitFor('IT 之家 · 2021-05-28');
		await session.press('1', 'Enter');
		await session.waitFor('[1] 链接 https://www.ithome.com/');
		await session.press('o');
		await session.waitFor(/经 SSH 连接，这里无法打开浏览器；按 c/);
		await sleep(300);
		assert.ok(!existsSync(ran), 'no browser ran on the server');
		await session.press('c');
		await session.waitFor('已复制 [1] 到剪贴板');
		// Quit (the panel, the reader, the app), so that no app is left under sshd for the next test.
		await session.press('q', 'q', 'q');
		await session.waitFor(/EXITED:0/, 15_000);
	});

	test('dropping the connection (SIGHUP on the server side) ends the remote app', async () => {
		const session = await login({width: 80, height: 24});
		await session.press('Enter');
		await session.waitFor(position);
		const remoteApps = () =>
			descendants(server!.pid!).filter((pid) => path.basename(exe(pid)) === path.basename(process.execPath));
		const apps = remoteApps();
		assert.equal(apps.length, 1, 'one app under sshd');
		const client = await session.findProcess('ssh');
		process.kill(client, 'SIGKILL');
		await session.waitFor(/EXITED:\d+/);
		const deadline = Date.now() + 10_000;
		while (remoteApps().includes(apps[0]!)) {
			assert.ok(Date.now() < deadline, 'the remote app is still running 10 s after the connection dropped');
			await sleep(50);
		}
	});
});
