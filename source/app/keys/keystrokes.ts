import type {Key} from 'ink';

/** Several keys can arrive in one read (fast typing, key repeat over a slow SSH link): split plain text into single keys. */
export function splitKeystrokes(input: string, key: Key): Array<[string, Key]> {
	const characters = [...input];
	if (characters.length <= 1 || key.ctrl || key.meta) return [[input, key]];
	const blank = Object.fromEntries(Object.keys(key).map((name) => [name, false])) as unknown as Key;
	return characters.map((character) => [
		character === '\r' ? '' : character,
		{...blank, return: character === '\r', tab: character === '\t'},
	]);
}
