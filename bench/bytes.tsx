import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {App} from '../source/app/app.js';
import {inkOptions} from '../source/app/run.js';
import {initialState} from '../source/app/state.js';
import type {Archive} from '../source/core/load.js';

// Bytes Ink writes to a 100×30 terminal for one step of use, with the same options as the app.
class Terminal extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 30;
	bytes = 0;
	write = (chunk: string) => {
		this.bytes += Buffer.byteLength(chunk);
		return true;
	};
}

class Keyboard extends EventEmitter {
	isTTY = true;
	data: string | null = null;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
	press(data: string) {
		this.data = data;
		this.emit('readable');
	}
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ByteFigures = {firstFrame: number; moveRow: number; pageReader: number; filterChar: number};

export async function measureBytes(archive: Archive): Promise<ByteFigures> {
	const stdout = new Terminal();
	const stdin = new Keyboard();
	const instance = render(<App initial={initialState(archive.articles, archive.warnings)} root={archive.root} />, {
		...inkOptions(stdout as unknown as NodeJS.WriteStream, stdin as unknown as NodeJS.ReadStream),
		stderr: stdout as unknown as NodeJS.WriteStream,
	});
	await wait(200);
	const step = async (keys: string) => {
		const before = stdout.bytes;
		stdin.press(keys);
		await wait(150);
		return stdout.bytes - before;
	};
	const firstFrame = stdout.bytes;
	await step('j'); // Warm up once: the first move also settles focus styling.
	const moveRow = await step('j');
	await step('\r');
	const pageReader = await step(' ');
	await step('q');
	await step('/');
	const filterChar = await step('微');
	instance.unmount();
	return {firstFrame, moveRow, pageReader, filterChar};
}
