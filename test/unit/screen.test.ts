// The screen writer's progress line: before the first frame only.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Screen} from '../../source/app/screen.js';

test('progress is written before the first frame, never over a frame (the check of the disk after a cached start)', () => {
	const written: string[] = [];
	const terminal = {rows: 24, columns: 80, write: (chunk: string) => (written.push(chunk), true)};
	const screen = new Screen(terminal as unknown as NodeJS.WriteStream);
	screen.progress('读取中… 找到 10 个文件');
	assert.deepEqual(written, ['\u001B[1;1H读取中… 找到 10 个文件\u001B[K']);
	written.length = 0;
	screen.stream.write(' wxnews  1 / 2\nrow\n');
	assert.ok(written.join('').includes(' wxnews  1 / 2'));
	written.length = 0;
	screen.progress('读取中… 找到 8000 个文件');
	assert.deepEqual(written, [], 'the header row stays the frame’s');
});
