// Property tests (issue 4): random front matter, HTML and Markdown, with
// control characters, entities, CJK and emoji, through parse → render → wrap.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {parseArticle} from '../../source/core/reading/article.js';
import {renderBody} from '../../source/core/rendering/render.js';
import {wrapText} from '../../source/core/rendering/wrap.js';
import {layout} from '../../source/core/rendering/layout.js';

const numRuns = 200;

const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const controlOneLine = /[\u0000-\u001F\u007F-\u009F]/u;

const controlMultiline = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

function assertClean(value: string | undefined, what: string, multiline = false) {
	if (value === undefined) return;
	const m = (multiline ? controlMultiline : controlOneLine).exec(value) ?? bidi.exec(value);
	assert.equal(
		m,
		null,
		m
			? `${what} holds U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')}: ${JSON.stringify(value.slice(0, 300))}`
			: '',
	);
}

// --- Building blocks.
const controls = fc.constantFrom(
	'\u001B',
	'\u001B[31m',
	'\u001B]0;pwned\u0007',
	'\u001B]8;;http://evil/\u001B\\',
	'\u009B2J',
	'\u0007',
	'\u007F',
	'\u0000',
	'\r',
	'\t',
	'\n',
	'\u000B',
	'\u000C',
	'\u0085',
	'\u202E',
	'\u2066',
	'\u2069',
	'\u200F',
	'\u061C',
	'\uFEFF',
	'\u2028',
);
const cjk = fc.constantFrom(
	...'微信新闻汉字的是了国人中文章网友表示，。、；：？！（）《》「」『』【】“”‘’……——'.split(''),
);
const cjkRun = fc.array(cjk, {minLength: 1, maxLength: 40}).map((chars) => chars.join(''));
const emoji = fc.constantFrom(
	'😀',
	'👨‍👩‍👧',
	'🇨🇳',
	'👍🏽',
	'e\u0301',
	'\u0301',
	'⚠️',
	'＃',
	'ｗｉｄｅ',
	'ﾊﾝｶｸ',
	'\u200B',
	'\u00A0',
);
const entities = fc.constantFrom(
	'&#27;',
	'&#x1b;',
	'&#x1B;[31m',
	'&#x9b;',
	'&#155;',
	'&#0;',
	'&#x202e;',
	'&#8238;',
	'&#7;',
	'&#127;',
	'&amp;',
	'&lt;',
	'&gt;',
	'&nbsp;',
	'&quot;',
	'&#x1F600;',
	'&bogus;',
	'&#xD800;',
	'&#1114112;',
);
const latin = fc.stringMatching(/^[A-Za-z0-9 .,:;!?'"()\-_/]{0,12}$/);
const longWord = fc.integer({min: 30, max: 300}).map((n) => 'x'.repeat(n));
const text = fc
	.array(fc.oneof(latin, cjkRun, controls, emoji, entities, fc.string({maxLength: 6}), longWord), {maxLength: 25})
	.map((parts) => parts.join(''));

const urls = fc
	.tuple(
		fc.constantFrom(
			'https://example.com/',
			'http://例子.中国/',
			'/relative/',
			'relative',
			'#',
			'',
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'java\tscript:x',
			'java\nscript:x',
			'&#106;avascript:x',
			'jav&#x09;ascript:x',
			' \u001Bjavascript:x',
			'vbscript:x',
			'data:text/html,x',
			'mailto:a@b.c',
			'//example.com/',
		),
		text,
	)
	.map(([head, tail]) => head + tail);

// --- Front matter: YAML-ish text, often invalid.
const yamlValue = fc.oneof(
	text,
	text.map((t) => JSON.stringify(t)),
	text.map((t) => `'${t.replaceAll("'", "''")}'`),
	fc.array(text, {maxLength: 4}).map((items) => `[${items.join(', ')}]`),
	fc.array(text, {maxLength: 4}).map((items) => items.map((item) => `\n  - ${item}`).join('')),
	fc.constantFrom(
		'{a: 1}',
		'[1, [2, [3]]]',
		'42',
		'-1e400',
		'true',
		'null',
		'~',
		'&a x',
		'*a',
		'!!binary aGk=',
		'|\n  块\n  文本',
	),
	fc.constantFrom(
		'Fri, 28 May 2021 11:52:16 GMT',
		'2021-03-21 16:47:10',
		'9999-99-99',
		'30000-01-01',
		'Fri, 31 Feb 2021 00:00:00 GMT',
	),
);
const yamlKey = fc.constantFrom(
	'title',
	'author',
	'categories',
	'category',
	'tags',
	'date',
	'source',
	'link',
	'url',
	'headimg',
	'cover',
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'标题',
);
const frontMatter = fc
	.tuple(
		fc.constantFrom(
			'---',
			'---yaml',
			'---js',
			'---JavaScript',
			'---coffee',
			'---json',
			'---toml',
			'--- ',
			'\uFEFF---',
			'\n\n---',
		),
		fc.array(
			fc.oneof(
				fc.tuple(yamlKey, yamlValue).map(([k, v]) => `${k}: ${v}`),
				text,
			),
			{maxLength: 8},
		),
		fc.constantFrom('---', '--- ', '', '...'),
	)
	.map(([open, lines, close]) => `${open}\n${lines.join('\n')}\n${close}\n`);

// --- HTML: random trees of tags, attributes, entities and text.
const tags = [
	'div',
	'p',
	'a',
	'img',
	'span',
	'b',
	'strong',
	'em',
	'table',
	'tr',
	'td',
	'th',
	'ul',
	'ol',
	'li',
	'h1',
	'h2',
	'pre',
	'code',
	'blockquote',
	'br',
	'hr',
	'script',
	'style',
	'section',
	'font',
	'svg',
	'iframe',
];
const attribute = fc.oneof(
	urls.map((u) => `href="${u.replaceAll('"', '&quot;')}"`),
	urls.map((u) => `src="${u.replaceAll('"', '&quot;')}"`),
	urls.map((u) => `data-src='${u.replaceAll("'", '&#39;')}'`),
	text.map((t) => `alt="${t.replaceAll('"', '')}"`),
	text.map((t) => `title="${t.replaceAll('"', '')}"`),
	fc.constantFrom('hidden', 'style="display:none"', 'aria-hidden="true"', 'colspan="3"', 'onclick="alert(1)"'),
);
const {html} = fc.letrec((tie) => ({
	html: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		text,
		fc
			.tuple(
				fc.constantFrom(...tags),
				fc.array(attribute, {maxLength: 3}),
				fc.array(tie('html'), {maxLength: 4}),
				fc.boolean(),
			)
			.map(
				([tag, attrs, children, closed]) =>
					`<${tag}${attrs.map((a) => ' ' + a).join('')}>${children.join('')}${closed ? `</${tag}>` : ''}`,
			),
	),
}));
const htmlDocument = html.map((body) => `<div>${body}</div>`);

// --- Markdown.
const markdownLine = fc.oneof(
	text,
	text.map((t) => `# ${t}`),
	text.map((t) => `## ${t}`),
	text.map((t) => `- ${t}`),
	text.map((t) => `1. ${t}`),
	text.map((t) => `> ${t}`),
	text.map((t) => `**${t}**`),
	fc.tuple(text, urls).map(([t, u]) => `[${t}](${u})`),
	fc.tuple(text, urls).map(([t, u]) => `![${t}](${u})`),
	fc.tuple(text, urls).map(([t, u]) => `[${t}][r]\n\n[r]: ${u}`),
	fc.tuple(text, text).map(([a, b]) => `| ${a} | ${b} |\n|---|---|\n| ${b} | ${a} |`),
	text.map((t) => '```\n' + t + '\n```'),
	text.map((t) => `原文：${t}`),
	text.map((t) => `原创 ${t} 2021-05-28 10:00`),
	fc.constantFrom('', '---', '***', '<div>', '</div>', '<!-- x -->', '<script>alert(1)</script>', '\\'),
);
const markdownDocument = fc.array(markdownLine, {maxLength: 12}).map((lines) => lines.join('\n'));

const relativePath = fc
	.tuple(
		fc.array(fc.oneof(text, cjkRun), {maxLength: 2}),
		fc.oneof(text, cjkRun),
		fc.constantFrom('.md', '.html', '.txt'),
	)
	.map(([folders, name, ext]) =>
		[...folders.map((f) => f.replaceAll('/', '') || 'd'), (name.replaceAll('/', '') || 'n') + ext].join('/'),
	);

const width = fc.integer({min: 20, max: 120});

function checkWrapped(rendered: string, columns: number, what: string) {
	const lines = wrapText(rendered, columns);
	for (const line of lines) {
		assertClean(line, `${what}: wrapped line`, true);
		assert.ok(
			stringWidth(line) <= columns,
			`${what}: ${stringWidth(line)} > ${columns} columns: ${JSON.stringify(line)}`,
		);
	}
}

function checkDocument(file: string, source: string, columns: number) {
	const {article} = parseArticle(file, source);
	assertClean(article.title, 'title');
	assert.ok(article.title.length > 0, 'a title, at worst the file name or (untitled)');
	assertClean(article.author, 'author');
	assertClean(article.path, 'path');
	assertClean(article.source, 'source');
	assertClean(article.image, 'image');
	for (const category of article.categories) assertClean(category, 'category');
	for (const tag of article.tags) assertClean(tag, 'tag');
	assert.ok(article.date === undefined || Number.isFinite(article.date), 'a date is a real date or none');
	const rendered = renderBody(article.body, article.format, {base: article.source, title: article.title});
	assertClean(rendered.text, 'rendered text', true);
	for (const link of rendered.links) {
		assertClean(link.url, 'link url');
		assert.ok(!/^(?:javascript|vbscript|data):/i.test(link.url.replace(/\s/g, '')), `unsafe link kept: ${link.url}`);
	}
	checkWrapped(rendered.text, columns, file);
}

test('random front matter + body through parseArticle, renderBody, wrapText', () => {
	fc.assert(
		fc.property(
			relativePath,
			frontMatter,
			fc.oneof(markdownDocument, htmlDocument),
			fc.boolean(),
			width,
			(file, front, body, crlf, columns) => {
				const source = front + body;
				checkDocument(file, crlf ? source.replaceAll('\n', '\r\n') : source, columns);
			},
		),
		{numRuns},
	);
});

test('random HTML through renderBody and wrapText', () => {
	fc.assert(
		fc.property(htmlDocument, fc.option(urls, {nil: undefined}), width, (body, base, columns) => {
			const rendered = renderBody(body, 'html', {base});
			assertClean(rendered.text, 'rendered text', true);
			for (const link of rendered.links) assertClean(link.url, 'link url');
			checkWrapped(rendered.text, columns, 'html');
			// The same body as a whole article file.
			checkDocument('a.html', body, columns);
		}),
		{numRuns},
	);
});

test('random Markdown through renderBody and wrapText', () => {
	fc.assert(
		fc.property(markdownDocument, width, (body, columns) => {
			const rendered = renderBody(body, 'markdown');
			assertClean(rendered.text, 'rendered text', true);
			for (const link of rendered.links) assertClean(link.url, 'link url');
			checkWrapped(rendered.text, columns, 'markdown');
			checkDocument('a.md', body, columns);
		}),
		{numRuns},
	);
});

test('wrapText on random text: every line within the width, nothing but the text lost', () => {
	fc.assert(
		fc.property(
			fc.array(fc.oneof(latin, cjkRun, emoji, longWord, fc.constant('\n')), {maxLength: 30}),
			width,
			(parts, columns) => {
				const input = parts.join('');
				const lines = wrapText(input, columns);
				for (const line of lines)
					assert.ok(stringWidth(line) <= columns, `${stringWidth(line)} > ${columns}: ${JSON.stringify(line)}`);
				// Wrapping only moves line breaks and spaces.
				const squash = (s: string) => s.replace(/\s+/g, '');
				assert.equal(squash(lines.join('\n')), squash(input));
			},
		),
		{numRuns},
	);
});

// Random markup (tables, code, lists, quotes, headings) laid out as the reader and --json set it.
test('random HTML and Markdown through the layout: every line within the width, clean, no marker', () => {
	const markers = /[\ue000-\ue00f]/u;
	fc.assert(
		fc.property(
			fc.oneof(
				htmlDocument.map((body) => ({body, format: 'html' as const})),
				markdownDocument.map((body) => ({body, format: 'markdown' as const})),
			),
			fc.integer({min: 10, max: 120}),
			({body, format}, columns) => {
				const {blocks} = renderBody(body, format);
				for (const lines of [layout(blocks, columns), layout(blocks, undefined)]) {
					for (const line of lines) {
						assertClean(line.text, 'laid-out line');
						assert.doesNotMatch(line.text, markers);
						for (const range of line.ranges)
							assert.ok(range.start >= 0 && range.start < range.end && range.end <= line.text.length);
					}
				}
				for (const line of layout(blocks, columns))
					assert.ok(
						stringWidth(line.text) <= columns,
						`${stringWidth(line.text)} > ${columns}: ${JSON.stringify(line.text)}`,
					);
			},
		),
		{numRuns},
	);
});
