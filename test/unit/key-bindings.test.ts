import assert from 'node:assert/strict';
import {test} from 'node:test';
import {bindings, namedKeys, type KeyScreen} from '../../source/app/keys/bindings.js';
import {helpLines, keyHints} from '../../source/app/keys/key-to-command.js';
import {helpRows} from '../../source/app/page.js';
import {initialState} from '../../source/app/state.js';

const screens: KeyScreen[] = ['browser', 'reader', 'found', 'page', 'filter', 'find', 'confirm'];

test('every binding has help text and at least one key', () => {
	for (const binding of bindings) {
		assert.ok(binding.keys.length > 0, `a binding without keys: ${binding.help}`);
		assert.ok(binding.help.trim().length > 0, `keys ${binding.keys.join(' ')} have no help`);
	}
});

test('no two bindings on one screen share a key', () => {
	for (const screen of screens) {
		const seen = new Map<string, string>();
		for (const binding of bindings.filter((row) => row.screens.includes(screen))) {
			for (const key of binding.keys) {
				assert.ok(!seen.has(key), `${screen}: ${key} is bound twice (${seen.get(key)} / ${binding.help})`);
				seen.set(key, binding.help);
			}
		}
	}
});

test('keys are named keys or single characters', () => {
	for (const binding of bindings)
		for (const key of binding.keys) assert.ok(key in namedKeys || [...key].length === 1, `unknown key name ${key}`);
});

test('the help page is printed from the bindings, every row and every key', () => {
	assert.equal(helpLines.length, bindings.length);
	const page = helpRows(100)
		.map((row) => row.lead + row.text)
		.join('\n');
	for (const binding of bindings) {
		assert.ok(page.includes(binding.keys.join(' ')), `help lacks ${binding.keys.join(' ')}`);
		assert.ok(page.includes(binding.help.slice(0, 8)), `help lacks ${binding.help}`);
	}
});

test('status-line hints name keys of their own row', () => {
	for (const binding of bindings)
		for (const [keys] of binding.hints ?? [])
			for (const key of binding.keys.includes(keys) ? [keys] : keys.split('/'))
				assert.ok(binding.keys.includes(key), `hint key ${key} not bound by its row`);
	const state = initialState([]);
	assert.match(keyHints(state), /Enter 打开/);
	assert.match(keyHints({...state, editingFilter: true}), /^Enter 保留 · Esc 清除 · ↑\/↓ 选择$/);
});
