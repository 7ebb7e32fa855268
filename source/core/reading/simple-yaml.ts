// The front matter of these archives is a flat mapping: `key: value` with plain or quoted one-line
// scalars, and lists of them (`- item` under a key, or `[a, b]`). That subset is read here, a line at
// a time, to exactly what js-yaml makes of it (core schema, json: true), without gray-matter and
// js-yaml, which cost a third of a cold start. Anything else (block scalars, continued or nested
// values, comments, anchors, tags, escapes, tabs, duplicate keys…) is undefined: the full parser's.
import type jsYaml from 'js-yaml';
import {lazyPackage} from '../lazy-package.js';

const yaml = lazyPackage<typeof jsYaml>('js-yaml');

type ImplicitType = {resolve(data: string): boolean; construct(data: string): unknown};

// js-yaml's own implicit types of the core schema (null, bool, int, float), tried in its order, so a
// plain scalar comes out as it would there. Should a version not expose them, nothing is read here.
function implicitTypes(): ImplicitType[] | undefined {
	const compiled = (yaml().CORE_SCHEMA as unknown as {compiledImplicit?: unknown}).compiledImplicit;
	return Array.isArray(compiled) ? (compiled as ImplicitType[]) : undefined;
}

/**
 * The core schema's implicit types all start with one of these (`~`, null, true, false, a sign, a digit or a dot),
 * or are empty: any other scalar is a string without asking them.
 */
const typedStart = /^[-+.~\dnNtTfF]|^$/;

function resolve(text: string, types: ImplicitType[]): unknown {
	if (!typedStart.test(text)) return text;
	for (const type of types) if (type.resolve(text)) return type.construct(text);
	return text;
}

// Characters js-yaml refuses or reads as line breaks, a tab and a CR: the full parser decides (so it does for a
// broken surrogate pair).
const unusual = /[\0-\t\v-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const surrogate = /[\ud800-\udfff]/;
const brokenPair = /[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/;
const keyLine = /^([A-Za-z_][\w-]*):(?: (.*))?$/;
const itemLine = /^( *)- +(.*)$/;
const blankLine = /^ *$/;
// Where a plain scalar may not start (YAML indicators); `-` only before a digit or a dot (`-5`, `-.5`).
const indicator = /^(?:[?:,[\]{}#&*!|>'"%@`]|-(?![\d.]))/;

/** Without surrounding spaces; only spaces are YAML white space here (tabs never get this far). */
function trimSpaces(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && text.charCodeAt(start) === 0x20) start++;
	while (end > start && text.charCodeAt(end - 1) === 0x20) end--;
	return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A double-quoted scalar that is all of `text`, with no escape. */
function doubleQuoted(text: string): string | undefined {
	const close = text.indexOf('"', 1);
	return close === text.length - 1 && !text.includes('\\') ? text.slice(1, close) : undefined;
}

/**
 * A single-quoted scalar from the quote at `at`, which may go on over lines (titles cut from text do), folded as
 * js-yaml folds it: spaces before a line break dropped, one break a space, n breaks n - 1 newlines, the next line's
 * indent dropped. With the position after its closing quote.
 */
function singleQuoted(block: string, at: number): {value: string; end: number} | undefined {
	let value = '';
	let position = at + 1;
	let start = position;
	let end = position;
	while (position < block.length) {
		const code = block.charCodeAt(position);
		if (code === 0x27) {
			value += block.slice(start, position);
			position++;
			if (block.charCodeAt(position) !== 0x27) return {value, end: position};
			// `''` is a quote.
			start = position++;
			end = position;
		} else if (code === 0x0a) {
			value += block.slice(start, end);
			let breaks = 0;
			let lineStart = position;
			for (; position < block.length; position++) {
				const next = block.charCodeAt(position);
				if (next === 0x0a) {
					breaks++;
					lineStart = position + 1;
				} else if (next !== 0x20) {
					break;
				}
			}
			value += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
			// A line of --- or ... would end the document (or the front matter, for gray-matter).
			if (position === lineStart && /^(?:---|\.\.\.)/.test(block.slice(position, position + 3))) return undefined;
			start = end = position;
		} else {
			position++;
			if (code !== 0x20) end = position;
		}
	}
	return undefined;
}

/** One scalar, already without surrounding spaces; `flow`: an item of `[a, b]`. */
function scalar(text: string, flow: boolean, types: ImplicitType[]): {value: unknown} | undefined {
	if (text[0] === "'") {
		const read = singleQuoted(text, 0);
		return read && read.end === text.length ? {value: read.value} : undefined;
	}
	if (text[0] === '"') {
		const value = doubleQuoted(text);
		return value === undefined ? undefined : {value};
	}
	if (indicator.test(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':')) return undefined;
	if (flow && /[,[\]{}:#'"]/.test(text)) return undefined;
	return {value: resolve(text, types)};
}

/** `[a, 'b', 3]` on one line. */
function flowList(text: string, types: ImplicitType[]): unknown[] | undefined {
	if (!text.endsWith(']') || /[[\]{}]/.test(text.slice(1, -1))) return undefined;
	const inner = trimSpaces(text.slice(1, -1));
	if (inner === '') return [];
	const list: unknown[] = [];
	for (const part of inner.split(',')) {
		const item = trimSpaces(part);
		const read = item === '' ? undefined : scalar(item, true, types);
		if (!read) return undefined;
		list.push(read.value);
	}
	return list;
}

/**
 * The value that starts at `at` on the line from `at` to `lineEnd` (the rest of the line, or more lines for a
 * single-quoted scalar), and where the next line starts; undefined when it is not of the simple kind.
 */
function value(
	block: string,
	at: number,
	lineEnd: number,
	types: ImplicitType[],
): {value: unknown; next: number} | undefined {
	if (block.charCodeAt(at) === 0x27) {
		const read = singleQuoted(block, at);
		if (!read) return undefined;
		let end = block.indexOf('\n', read.end);
		if (end === -1) end = block.length;
		// Nothing but spaces after the closing quote.
		return blankLine.test(block.slice(read.end, end)) ? {value: read.value, next: end + 1} : undefined;
	}
	const text = trimSpaces(block.slice(at, lineEnd));
	const read = text[0] === '[' ? flowList(text, types) : scalar(text, false, types);
	return read && {value: Array.isArray(read) ? read : read.value, next: lineEnd + 1};
}

/**
 * The mapping a front matter block (the lines between the fences) holds, as parseYaml in front-matter.ts would
 * give it, or undefined when the block is not of the simple kind.
 */
export function readSimpleYaml(block: string): Record<string, unknown> | undefined {
	const types = implicitTypes();
	if (!types || unusual.test(block) || (surrogate.test(block) && brokenPair.test(block))) return undefined;
	const data = Object.create(null) as Record<string, unknown>;
	let keys = 0;
	// The key whose value is empty so far, which `- item` lines may make a list; that list and its indent.
	let open: string | undefined;
	let list: unknown[] | undefined;
	let listIndent = 0;
	for (let start = 0; start < block.length;) {
		let end = block.indexOf('\n', start);
		if (end === -1) end = block.length;
		const line = block.slice(start, end);
		if (blankLine.test(line)) {
			start = end + 1;
			continue;
		}
		const first = line.charCodeAt(0);
		if (first !== 0x20 && first !== 0x2d) {
			const entry = keyLine.exec(line);
			if (!entry) return undefined;
			const key = String(resolve(entry[1]!, types));
			if (key === '__proto__' || Object.hasOwn(data, key)) return undefined;
			keys++;
			open = undefined;
			list = undefined;
			const rest = trimSpaces(entry[2] ?? '');
			if (rest === '') {
				data[key] = null;
				open = key;
				start = end + 1;
				continue;
			}
			// Where the value starts: after the key's colon and the spaces after it.
			const read = value(block, start + line.indexOf(rest, entry[1]!.length + 1), end, types);
			if (!read) return undefined;
			data[key] = read.value;
			start = read.next;
			continue;
		}
		const item = itemLine.exec(line);
		if (!item || open === undefined) return undefined;
		const indent = item[1]!.length;
		if (!list) {
			list = [];
			listIndent = indent;
			data[open] = list;
		} else if (indent !== listIndent) {
			return undefined;
		}
		const at = end - item[2]!.length;
		const read = trimSpaces(item[2]!) === '' || item[2]![0] === '[' ? undefined : value(block, at, end, types);
		if (!read) return undefined;
		list.push(read.value);
		start = read.next;
	}
	// A block of blank lines is gray-matter's empty front matter: a plain {}.
	return keys === 0 ? {} : data;
}
