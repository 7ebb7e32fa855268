// One measured start of the real app (built code in dist/), driven through
// fake terminal streams at 100×30. Prints one JSON line of figures.
// Usage: node bench/app-child.mjs <folder> <cache: on|off> [queries.json | wait | bytes]
// (`wait`: stay until the body index is complete, so that the cache is written;
// `bytes`: count the bytes a few steps of use write to the terminal.)
import {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';

const [folder, cache, queriesFile] = process.argv.slice(2);

class Screen extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 30;
	listeners = [];
	bytes = 0;
	write(chunk) {
		const text = String(chunk);
		this.bytes += Buffer.byteLength(text);
		for (const listener of this.listeners.splice(0)) listener(text);
		// The first frame has the header (the loading progress before it also counts `n / m` files).
		if (this.firstFrame === undefined && text.includes(' wxnews ') && / \d+ \/ \d+/.test(text)) {
			this.firstFrame = performance.now();
			this.firstFrameBytes = this.bytes;
		}
		return true;
	}
	nextWrite() {
		return new Promise((resolve) => this.listeners.push(resolve));
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
const {startApp} = await import('../dist/run.js');
const {catalog, instance} = await startApp({folder, cache: cache === 'on'}, screen, keyboard);
while (screen.firstFrame === undefined) await wait(5);
const result = {firstFrameMs: screen.firstFrame, articles: catalog.articles.length};

if (queriesFile === 'wait') {
	await catalog.indexed;
} else if (queriesFile === 'bytes') {
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
} else if (queriesFile) {
	const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
	// Type each query one character at a time; the latency is from the key to the next frame written.
	const typeQueries = async () => {
		const latencies = [];
		for (const query of queries) {
			keyboard.press('/');
			await screen.nextWrite();
			await wait(30);
			for (const character of query) {
				const written = screen.nextWrite();
				const start = performance.now();
				keyboard.press(character);
				await written;
				latencies.push(performance.now() - start);
				await wait(30);
			}
			keyboard.press('\u001B');
			await screen.nextWrite();
			await wait(100);
		}
		return latencies;
	};
	const indexStart = performance.now();
	let indexDone = false;
	void catalog.indexed.then(() => {
		indexDone = true;
		result.indexMs = performance.now() - indexStart;
	});
	// First while the body index is being built in the background, then once it is complete.
	const during = await typeQueries();
	if (!indexDone) result.latenciesWhileIndexing = during;
	await catalog.indexed;
	await wait(300);
	result.latencies = await typeQueries();
}

instance.unmount();
catalog.stop();
result.maxRssMb = process.resourceUsage().maxRSS / 1024;
if (process.env.WXNEWS_BENCH_MEMORY)
	result.memory = Object.fromEntries(
		Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)]),
	);
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
