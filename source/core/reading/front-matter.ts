import type grayMatter from 'gray-matter';
import type jsYaml from 'js-yaml';
import {lazyPackage} from '../lazy-package.js';
import {readSimpleYaml} from './simple-yaml.js';
import {sanitizeLine} from '../text/sanitize.js';

// The full parsers, for blocks readSimpleYaml leaves to them.
const matter = lazyPackage<typeof grayMatter>('gray-matter');
const yaml = lazyPackage<typeof jsYaml>('js-yaml');

export type FrontMatter = {
	data: Record<string, unknown>;
	body: string;
	hasFrontMatter: boolean;
	problem?: string;
};

// YAML only, with the core schema: no timestamps (js-yaml would read a
// zone-less `2021-03-21 16:47:10` as UTC), no custom tags. Duplicate keys
// keep the last value instead of failing the whole article.
function parseYaml(source: string): Record<string, unknown> {
	const value: unknown = yaml().load(source, {
		schema: yaml().CORE_SCHEMA,
		json: true,
	});
	if (value === null || value === undefined) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new Error('front matter is not a mapping');
	}
	// A plain copy with no prototype: keys such as __proto__ stay data.
	return Object.assign(Object.create(null) as Record<string, unknown>, value);
}

/** A YAML scalar when it is one, else the text as written. */
function lenientScalar(text: string): unknown {
	try {
		const value: unknown = yaml().load(text, {
			schema: yaml().CORE_SCHEMA,
			json: true,
		});
		if (['string', 'number', 'boolean'].includes(typeof value)) return value;
	} catch {
		// Not a YAML scalar: kept as written.
	}
	return text;
}

// Real Hexo archives hold front matter that strict YAML refuses: a title
// whose plain scalar goes on after blank lines at column 0, or a title
// such as `"""'第1集'"""`. Read such a block line by line: `key: value`,
// `- item` under the last key, and other lines continuing the last value.
function lenientYaml(source: string): Record<string, unknown> {
	const data = Object.create(null) as Record<string, unknown>;
	let key: string | undefined;
	for (const line of source.split('\n')) {
		const entry = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
		if (entry) {
			key = entry[1]!;
			data[key] = entry[2] ? lenientScalar(entry[2]) : null;
			continue;
		}
		const item = /^[ \t]*-[ \t]+(.*?)[ \t]*$/.exec(line);
		if (item && key !== undefined) {
			const list = Array.isArray(data[key]) ? (data[key] as unknown[]) : [];
			list.push(lenientScalar(item[1]!));
			data[key] = list;
			continue;
		}
		if (line.trim() !== '' && key !== undefined && typeof data[key] === 'string') data[key] += ' ' + line.trim();
	}
	return data;
}

function refuse(): never {
	throw new Error('front matter in a programming language is never run');
}

// gray-matter evaluates `---js` front matter with eval by default; every
// engine it knows is replaced, and any fence language other than YAML is
// rejected before gray-matter sees it.
const options = {
	language: 'yaml',
	engines: {
		yaml: parseYaml,
		javascript: refuse,
		js: refuse,
		coffee: refuse,
		json: refuse,
	},
} as unknown as Parameters<typeof grayMatter>[1];

const maxFrontMatter = 256 * 1024;

const fencePattern = /^(?:[ \t]*\n)*---([^\n]*)\n/;

export function splitFrontMatter(text: string): FrontMatter {
	return split(text, true)!;
}

/**
 * The same for the head of a text (cut anywhere, but not all white space): undefined when the rest of the text could
 * change it (the fence line or the front matter do not end in the head).
 */
export function splitFrontMatterHead(head: string): FrontMatter | undefined {
	return split(head, false);
}

// The first line that is not blank, whole.
const firstLine = /^(?:[ \t]*\n)*[^\n]*\n/;

function split(text: string, whole: boolean): FrontMatter | undefined {
	const fence = fencePattern.exec(text);
	if (!fence) return whole || firstLine.test(text) ? {data: {}, body: text, hasFrontMatter: false} : undefined;
	const rest = text.slice(fence[0].length);
	const close = /^---[ \t]*$/m.exec(rest);
	// In a head, a closing line must end there too (`---` at its end may go on as `----`).
	if (!whole && (!close || rest.charCodeAt(close.index + close[0].length) !== 0x0a)) return undefined;
	// No closing fence: not front matter, just a body that starts with a rule; said so when it looked like front matter.
	if (!close) {
		const looksLikeFrontMatter = /^[A-Za-z_][\w-]*:/.test(rest);
		return {
			data: {},
			body: text,
			hasFrontMatter: false,
			problem: looksLikeFrontMatter ? 'front matter has no closing ---: read as text' : undefined,
		};
	}
	const afterClose = rest.slice(close.index + close[0].length).replace(/^\n/, '');

	// Front matter is a few lines; a huge block is hostile (YAML's memory use grows far faster than its size).
	if (close.index > maxFrontMatter) {
		return {
			data: {},
			body: afterClose,
			hasFrontMatter: true,
			problem: `front matter over ${maxFrontMatter / 1024} KB is not read`,
		};
	}

	const language = fence[1]!.trim().toLowerCase();
	if (language !== '' && language !== 'yaml' && language !== 'yml') {
		return {
			data: {},
			body: afterClose,
			hasFrontMatter: true,
			problem: `front matter in "${sanitizeLine(language).slice(0, 20)}" is not read`,
		};
	}

	// What gray-matter would make of the usual plain block, read without it (its data, and afterClose as the body).
	const simple = readSimpleYaml(rest.slice(0, close.index));
	if (simple) return {data: simple, body: afterClose, hasFrontMatter: true};

	const block = '---\n' + rest.slice(0, close.index) + '---\n' + afterClose;
	try {
		const file = matter()(block, options);
		return {
			data: file.data as Record<string, unknown>,
			body: file.content,
			hasFrontMatter: true,
		};
	} catch (error) {
		const data = lenientYaml(rest.slice(0, close.index));
		if (Object.keys(data).length > 0) return {data, body: afterClose, hasFrontMatter: true};
		const message = error instanceof Error ? error.message.split('\n')[0]! : 'unreadable';
		return {
			data: {},
			body: afterClose,
			hasFrontMatter: true,
			problem: `bad front matter: ${sanitizeLine(message).slice(0, 200)}`,
		};
	}
}
