// One measured start of the real app (built code in dist/), driven through
// fake terminal streams at 100×30. Prints one JSON line of figures.
// Usage: node [--expose-gc] bench/app-child.mjs <folder> <cache: on|off> [exit | keys <queries.json> | bytes]
// (`exit`: quit right after the first frame; `keys`: type the queries while the body index is built, wait until it
// is complete (so that the cache is written), then type and delete them until KEYSTROKES keys were measured;
// `bytes`: count the bytes a few steps of use write to the terminal.)
import {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';

const [folder, cache, mode = 'exit', queriesFile] = process.argv.slice(2);

/** The screen counts as settled once nothing was written for this long (set by bench.ts). */
const QUIET_MS = Number(process.env.WXNEWS_BENCH_QUIET_MS || 300);
/** Keys measured once the body index is complete (typed and deleted filter characters). */
const KEYSTROKES = Number(process.env.WXNEWS_BENCH_KEYSTROKES || 100);
/** A key whose output has not gone quiet after this long fails the run (the app would be stuck, or never idle). */
const SETTLE_LIMIT_MS = 120_000;

class Screen extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 30;
	bytes = 0;
	writes = 0;
	/** performance.now() of the latest write. */
	lastWriteAt = 0;
	/** Set by `expect()`: the time of the first write after it. */
	firstWriteAt = undefined;
	write(chunk) {
		const now = performance.now();
		const text = String(chunk);
		this.bytes += Buffer.byteLength(text);
		this.writes++;
		this.lastWriteAt = now;
		this.firstWriteAt ??= now;
		// The first frame has the header (the loading progress before it also counts `n / m` files).
		if (this.firstFrame === undefined && text.includes(' wxnews ') && / \d+ \/ \d+/.test(text)) {
			this.firstFrame = now;
			this.firstFrameBytes = this.bytes;
		}
		// The whole list: a count with no `+` after it (a start from the cache may show its newest articles first).
		const whole = this.listed === undefined && this.firstFrame !== undefined && / \d+ \/ (\d+) {3}/.exec(text);
		if (whole) [this.listed, this.articles] = [now, Number(whole[1])];
		return true;
	}
	/** From now on, remember when the next write comes. */
	expect() {
		this.firstWriteAt = undefined;
	}
}

class Keyboard extends EventEmitter {
	isTTY = true;
	data = null;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read() {
		const {data} = this;
		this.data = null;
		return data;
	}
	press(data) {
		this.data = data;
		this.emit('readable');
	}
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const screen = new Screen();
const keyboard = new Keyboard();
// As the bin does: V8's flags first, then the app.
await import('../dist/v8-flags.js');
const {startApp} = await import('../dist/run.js');
const {catalog, instance, marks} = await startApp({folder, cache: cache === 'on'}, screen, keyboard);
while (screen.firstFrame === undefined) await wait(5);
const result = {firstFrameMs: screen.firstFrame};

const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
/** V8 heap in use as it is, the same after a full collection (when run with --expose-gc), and the resident set. */
const memory = () => {
	const {heapUsed, rss} = process.memoryUsage();
	let live;
	if (globalThis.gc) {
		globalThis.gc();
		live = mb(process.memoryUsage().heapUsed);
	}
	return {heapUsedMb: mb(heapUsed), liveHeapMb: live, rssMb: mb(rss)};
};

/** Resolves once nothing was written for QUIET_MS since `since` (or since the last write after it). */
async function quiet(since, what) {
	for (;;) {
		const now = performance.now();
		const idle = now - Math.max(since, screen.lastWriteAt);
		if (idle >= QUIET_MS) return;
		if (now - since > SETTLE_LIMIT_MS)
			throw new Error(`${what}: the terminal output did not go quiet (${QUIET_MS} ms) within ${SETTLE_LIMIT_MS} ms`);
		await wait(QUIET_MS - idle + 1);
	}
}

/**
 * Press a key and wait until the screen is quiet. `first`: key to the first write (the first change seen);
 * `settled`: key to the last write before the output went quiet (the screen stopped changing).
 */
async function press(data, what) {
	screen.expect();
	const start = performance.now();
	keyboard.press(data);
	await quiet(start, what);
	if (screen.firstWriteAt === undefined) throw new Error(`${what}: the key wrote nothing to the terminal`);
	return {first: screen.firstWriteAt - start, settled: screen.lastWriteAt - start};
}

// Every mode waits for the whole list: `exit` to count its time and memory, the others to type into all of it.
while (screen.listed === undefined) await wait(5);
result.listedMs = screen.listed;
result.articles = screen.articles;

if (mode === 'bytes') {
	await catalog.indexed;
	await wait(300);
	const step = async (keys) => {
		const before = screen.bytes;
		keyboard.press(keys);
		await wait(200);
		return screen.bytes - before;
	};
	result.bytes = {firstFrame: screen.firstFrameBytes};
	await step('j'); // Once to settle: the first move also moves the initial selection styling.
	result.bytes.moveRow = await step('j');
	await step('\r');
	result.bytes.pageReader = await step(' ');
	await step('q');
	await step('/');
	result.bytes.filterChar = await step('微');
} else if (mode === 'keys') {
	const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
	result.memory = {firstFrame: memory()};
	const indexStart = performance.now();
	let indexDone = false;
	void catalog.indexed.then(() => {
		indexDone = true;
		result.indexMs = performance.now() - indexStart;
	});
	// While the body index is built the status line counts its progress, so the output never goes quiet: only the
	// first change is measured, as each query is typed one character at a time.
	const during = [];
	for (const query of queries) {
		keyboard.press('/');
		await wait(50);
		for (const character of query) {
			screen.expect();
			const start = performance.now();
			keyboard.press(character);
			while (screen.firstWriteAt === undefined) {
				if (performance.now() - start > SETTLE_LIMIT_MS)
					throw new Error(`type ${character} while indexing: nothing written in ${SETTLE_LIMIT_MS} ms`);
				await wait(1);
			}
			during.push(screen.firstWriteAt - start);
			await wait(30);
		}
		keyboard.press('\u001B');
		await wait(100);
	}
	if (!indexDone) result.latenciesWhileIndexing = during;
	await catalog.indexed;
	await quiet(performance.now(), 'after the body index');
	result.memory.indexed = memory();
	await quiet(performance.now(), 'after the collection');

	// Once the index is complete: each query typed and then deleted one character at a time, every key waiting for
	// the screen to settle before the next, until KEYSTROKES keys were measured.
	result.keys = [];
	typing: for (;;) {
		for (const query of queries) {
			await press('/', 'open the filter');
			let typed = 0;
			for (const character of query) {
				if (result.keys.length === KEYSTROKES) break;
				result.keys.push({kind: 'type', ...(await press(character, `type ${character}`))});
				typed++;
			}
			for (; typed > 0 && result.keys.length < KEYSTROKES; typed--)
				result.keys.push({kind: 'delete', ...(await press('\u007F', 'Backspace'))});
			await press('\u001B', 'Escape');
			if (result.keys.length === KEYSTROKES) break typing;
		}
	}
	result.memory.keys = memory();
}

instance.unmount();
catalog.close();
// As the app's own quit does: the last place (no filter, after the last Escape) is written, so the next start opens
// the plain list.
marks.close();
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
