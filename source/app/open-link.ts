import {spawn as nodeSpawn} from 'node:child_process';
import {flattenLine} from '../core/text/sanitize.js';

// `o` in the reader: a URL goes to the local browser. The URL is one argument of one executable, never a shell's
// text, so nothing in it (`&`, `;`, `$()`, quotes) is read as a command. $BROWSER is taken as one executable
// (a path or a name on PATH); a $BROWSER with arguments (`firefox --new-tab`) is not split.

type Env = NodeJS.ProcessEnv;

/** Over SSH the browser would open on the server, if anywhere: the one at the keyboard is reached by OSC 52 (c). */
export const isRemoteSession = (env: Env = process.env) => Boolean(env['SSH_CONNECTION'] || env['SSH_TTY']);

/** $BROWSER, else the desktop's opener; undefined where there is none to try. */
export function browserCommand(
	env: Env = process.env,
	platform: NodeJS.Platform = process.platform,
): string | undefined {
	const browser = env['BROWSER']?.trim();
	if (browser) return browser;
	if (platform === 'darwin') return 'open';
	if (platform === 'win32') return undefined;
	return 'xdg-open';
}

/** Only web addresses are opened: a `file:` or other scheme from an untrusted article could start a program. */
export const openable = (url: string) => /^https?:\/\/[^\s]/i.test(url);

type Spawn = typeof nodeSpawn;

/**
 * Open `url` and say, in one line, what happened: started, or why not (over SSH, no opener, the opener missing).
 * Never throws; the browser is detached and not waited for.
 */
export function openInBrowser(
	url: string,
	{
		env = process.env,
		platform = process.platform,
		spawn = nodeSpawn,
	}: {env?: Env; platform?: NodeJS.Platform; spawn?: Spawn} = {},
): Promise<string> {
	if (isRemoteSession(env)) return Promise.resolve('经 SSH 连接，这里无法打开浏览器；按 c 把网址复制到本地剪贴板');
	if (!openable(url)) return Promise.resolve('只打开 http(s) 网址；按 c 复制');
	const command = browserCommand(env, platform);
	if (!command) return Promise.resolve('没有可用的浏览器（设置 $BROWSER）；按 c 复制');
	const name = flattenLine(command.split('/').at(-1)!);
	return new Promise((resolve) => {
		try {
			const child = spawn(command, [url], {detached: true, stdio: 'ignore'});
			child.once('error', (error: NodeJS.ErrnoException) =>
				resolve(
					error.code === 'ENOENT'
						? `找不到 ${name}（设置 $BROWSER）；按 c 复制`
						: `无法打开浏览器：${error.code ?? error.message}`,
				),
			);
			child.once('spawn', () => {
				child.unref();
				resolve(`已用 ${name} 打开`);
			});
		} catch (error) {
			resolve(`无法打开浏览器：${(error as Error).message}`);
		}
	});
}
