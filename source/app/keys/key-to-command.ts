import type {Key} from 'ink';
import type {State} from '../state.js';
import {bindings, namedKeys, type Binding, type Command, type KeyContext, type KeyScreen} from './bindings.js';

export function keyScreen(state: State): KeyScreen {
	if (state.question) return 'confirm';
	if (state.find?.typing) return 'find';
	if (state.editingFilter) return 'filter';
	if (state.screen === 'reader' && state.find) return 'found';
	if (state.screen === 'help' || state.screen === 'problems') return 'page';
	return state.screen;
}

function pressed(name: string, input: string, key: Key): boolean {
	const named = namedKeys[name as keyof typeof namedKeys];
	return named ? named(input, key) : !key.ctrl && !key.meta && input === name;
}

function active(binding: Binding, screen: KeyScreen, state: State): boolean {
	return binding.screens.includes(screen) && (binding.when?.(state) ?? true);
}

/** The command a key makes on the current screen, from the bindings table; undefined when it makes none. */
export function keyToCommand(input: string, key: Key, state: State, context: KeyContext): Command | undefined {
	const screen = keyScreen(state);
	for (const binding of bindings) {
		if (!active(binding, screen, state)) continue;
		const name = binding.keys.find((candidate) => pressed(candidate, input, key));
		const command = name === undefined ? undefined : binding.command(state, context, {name, input});
		if (command) return command;
	}
	return undefined;
}

/** The few keys that matter on the current screen, for the status line, most useful first. */
export function keyHintList(state: State): string[] {
	const screen = keyScreen(state);
	return bindings
		.filter((binding) => active(binding, screen, state))
		.flatMap((binding) => (binding.hints ?? []).map(([keys, text]) => `${keys} ${text}`));
}

export const hintSeparator = ' · ';

export function keyHints(state: State): string {
	return keyHintList(state).join(hintSeparator);
}

/** Every binding as help shows it: its keys and what they do. */
export const helpLines: ReadonlyArray<[keys: string, help: string]> = bindings.map((binding) => [
	binding.keys.join(' '),
	binding.help,
]);
