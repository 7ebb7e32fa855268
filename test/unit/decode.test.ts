// looksBinary counts control bytes in place, four at a time: it must say what a count over the sample as a string
// says, at every alignment, around the 8 KB sample's edge and the one-in-ten threshold.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {looksBinary} from '../../source/core/reading/decode.js';
import {seededRandom} from '../helpers/random.js';

/** The rule as written before: a NUL, or more than a tenth of the first 8 KB in the control class. */
function reference(bytes: Uint8Array): boolean {
	const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 8192));
	if (sample.includes(0)) return true;
	const controls = sample.toString('latin1').match(/[\x01-\x08\x0e-\x1a\x1c-\x1f]/g)?.length ?? 0;
	return controls > sample.length / 10;
}

test('looksBinary agrees with a count over the sample, at every offset and length', () => {
	const random = seededRandom(7);
	// Text bytes, every control and NUL, and bytes either side of the word test's 0x20 and 0x80 edges.
	const alphabet = [0x41, 0xe4, 0xb8, 0xad, 0x0a, 0x09, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, 0x20, 0x7f, 0x80, 0xff];
	for (let byte = 0; byte < 0x20; byte++) alphabet.push(byte);
	const backing = new Uint8Array(9000);
	let binary = 0;
	for (let run = 0; run < 3000; run++) {
		const length = [0, 1, 3, 7, 8, 9, 100, 8191, 8192, 8193, 8999][run % 11]!;
		const offset = Math.floor(random() * 4) % Math.max(1, backing.length - length + 1);
		// Mostly text, with controls at a share around the threshold, and now and then a NUL.
		const share = random() * 0.2;
		for (let i = 0; i < length; i++) {
			const r = random();
			backing[offset + i] =
				r < share ? alphabet[4 + Math.floor(random() * (alphabet.length - 4))]! : alphabet[Math.floor(random() * 4)]!;
		}
		if (random() < 0.05 && length > 0) backing[offset + Math.floor(random() * length)] = 0;
		const bytes = backing.subarray(offset, offset + length);
		const expected = reference(bytes);
		if (expected) binary++;
		assert.equal(looksBinary(bytes), expected, `length ${length} at offset ${offset}`);
	}
	// The runs cover both answers.
	assert.ok(binary > 300 && binary < 2700, `binary in ${binary} of 3000`);
});

test('looksBinary: text with every allowed control is text; a tenth and one more control byte is binary', () => {
	assert.equal(looksBinary(Buffer.from('标题\t\n\v\f\r\x1b[1m 正文\n'.repeat(100))), false);
	const tenth = Buffer.alloc(1000, 0x41);
	tenth.fill(0x01, 0, 100);
	assert.equal(looksBinary(tenth), false);
	tenth[100] = 0x1f;
	assert.equal(looksBinary(tenth), true);
	// Beyond the first 8 KB nothing counts, not even a NUL.
	const late = Buffer.alloc(9000, 0x41);
	late.fill(0x02, 8192);
	late[8500] = 0;
	assert.equal(looksBinary(late), false);
	late[8191] = 0;
	assert.equal(looksBinary(late), true);
});
