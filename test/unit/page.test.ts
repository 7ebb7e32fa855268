import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {helpRows, problemRows, syntaxRows} from '../../source/app/page.js';
import {helpLines} from '../../source/app/keys/key-to-command.js';

const shown = (row: {lead: string; text: string}) => ` ${row.lead}${row.text}`;

for (const width of [100, 80, 60, 40, 30]) {
	test(`help at ${width} columns: every key and every word of its description, nothing cut`, () => {
		const all = helpRows(width);
		for (const row of all) assert.ok(stringWidth(shown(row)) <= width, `too wide: ${shown(row)}`);
		// The filter's syntax block ends the page; the rest is the keys.
		const rows = all.slice(0, all.length - syntaxRows(width).length);
		// Rejoin each key's rows (a wrap may drop the space it broke at) and compare without spaces.
		const bare = (text: string) => text.replaceAll(' ', '');
		const shownKeys = rows.map((row) => row.lead.trim()).filter(Boolean);
		assert.deepEqual(
			shownKeys,
			helpLines.map(([keys]) => keys),
		);
		const descriptions = rows.reduce<string[]>((all, row) => {
			if (row.lead.trim()) all.push('');
			all[all.length - 1] += row.text;
			return all;
		}, []);
		assert.deepEqual(
			descriptions.map(bare),
			helpLines.map(([, what]) => bare(what)),
		);
	});
}

test('problems: a long message wraps with a hanging indent instead of being cut', () => {
	const rows = problemRows([{path: 'a/很长的文件名.md', message: 'bad front matter: '.repeat(8)}], 40);
	assert.ok(rows.length > 1);
	assert.equal(rows[1]!.lead, '  ');
	for (const row of rows) assert.ok(stringWidth(shown(row)) <= 40, shown(row));
});

test('help ends with the filter syntax, every form shown whole at every width', () => {
	for (const width of [100, 80, 40, 30]) {
		const rows = syntaxRows(width);
		assert.deepEqual(helpRows(width).slice(-rows.length), rows);
		const leads = rows.map((row) => row.lead.trim()).filter(Boolean);
		for (const form of [
			'-腾讯',
			'"微信 圈子"',
			'title:微信',
			'after:2024-06',
			'before:2025-01-15',
			'is:unread is:starred',
		])
			assert.ok(leads.includes(form), `${form} at ${width}`);
		for (const row of rows) assert.ok(stringWidth(shown(row)) <= width, `too wide: ${shown(row)}`);
	}
});
