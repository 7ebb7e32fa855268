import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {test} from 'node:test';
import {BodySearch} from '../../source/core/search/body-search.js';
import {backgroundNice} from '../../source/core/search/background-thread.js';
import {TextStore} from '../../source/core/catalog/text-store.js';

/** The nice value of each of this process's threads (field 19 of /proc/self/task/<tid>/stat). */
function niceByThread(): Map<number, number> {
	const nice = new Map<number, number>();
	for (const thread of readdirSync('/proc/self/task')) {
		try {
			const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'latin1');
			// After the command name in parentheses (which may hold spaces): state is field 3, nice field 19.
			nice.set(Number(thread), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
		} catch {
			// The thread ended meanwhile.
		}
	}
	return nice;
}

test(
	'body search workers run below the interface: the main thread keeps its priority',
	{skip: !existsSync('/proc/thread-self') && 'threads have no priority of their own here'},
	async () => {
		const before = niceByThread();
		const mainNice = before.get(process.pid)!;
		const store = TextStore.open(undefined);
		const text = Buffer.from('微信正文 '.repeat(2000) + '\n');
		const spans = new Float64Array(200_000 * 2);
		const [span] = store.append([{file: 'a', size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0}], [text.length - 1], text);
		for (let i = 0; i < spans.length; i += 2) [spans[i], spans[i + 1]] = [span!.at, span!.bytes];
		// No main-thread scans: the workers do it.
		const search = new BodySearch(store.fd, 0);
		try {
			await new Promise<void>((resolve) => {
				search.scan(1, ['微信'], spans, (chunk) => {
					if (chunk.done) resolve();
				});
			});
			const after = niceByThread();
			const added = [...after].filter(([thread]) => !before.has(thread));
			assert.ok(
				added.some(([, nice]) => nice === backgroundNice),
				`a new thread at nice ${backgroundNice}: ${JSON.stringify(added)}`,
			);
			assert.equal(after.get(process.pid), mainNice, 'the main thread is as it was');
		} finally {
			search.stop();
			store.close();
		}
	},
);
