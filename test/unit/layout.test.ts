// The block model and its one layout (issue 8: tables, code, styles, spaces, hard breaks, long bodies, markers).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseArticle} from '../../source/core/reading/article.js';
import {truncatedNotice} from '../../source/core/reading/load.js';
import {Style, type Block} from '../../source/core/rendering/blocks.js';
import {continuationMark, layout} from '../../source/core/rendering/layout.js';
import {plainText, type Line} from '../../source/core/rendering/lines.js';
import {maxBodyChars, renderBody} from '../../source/core/rendering/render.js';
import {displayWidth} from '../../source/core/text/width.js';
import {toRecord} from '../../source/print/record.js';
import {readerDocument} from '../../source/app/reader-document.js';
import {lineSegments} from '../../source/app/styled-line.js';
import {textStyle} from '../../source/app/theme.js';
import {parseQuery} from '../../source/core/search/match.js';

const html = (body: string) => renderBody(body, 'html');
const md = (body: string) => renderBody(body, 'markdown');
const texts = (lines: Line[]) => lines.map((line) => line.text);
const tableLines = (lines: Line[]) => lines.filter((line) => line.kind === 'table');

/** Display columns at which `|` stands in a line. */
function bars(line: string): number[] {
	const at: number[] = [];
	let column = 0;
	for (const ch of line) {
		if (ch === '|' || ch === '+') at.push(column);
		column += displayWidth(ch);
	}
	return at;
}

const advisory =
	'<table><tr><th>漏洞名称</th><th>CVE编号</th><th>威胁等级</th></tr>' +
	'<tr><td>远程代码执行</td><td>CVE-2022-21453</td><td>高危</td></tr>' +
	'<tr><td>默认帐户名密码</td><td>nacos/nacos</td><td>中危</td></tr></table>';

test('a table that fits is a grid aligned by display columns (CJK two columns each)', () => {
	const lines = tableLines(layout(html(advisory).blocks, 80));
	assert.ok(lines.length >= 5, texts(lines).join('\n'));
	const widths = new Set(lines.map((line) => displayWidth(line.text)));
	assert.equal(widths.size, 1, texts(lines).join('\n'));
	const columns = bars(lines[0]!.text);
	for (const line of lines) assert.deepEqual(bars(line.text), columns, line.text);
	// Cells never run together: each value sits in its own column.
	const row = lines.find((line) => line.text.includes('默认帐户名密码'))!;
	assert.match(row.text, /默认帐户名密码 +\| nacos\/nacos +\| 中危 +\|/);
	// Header cells are bold; the frame is styled as frame.
	const header = lines.find((line) => line.text.includes('漏洞名称'))!;
	assert.ok(header.ranges.some((range) => range.style & Style.bold));
	assert.ok(lines[0]!.ranges.every((range) => range.style & Style.frame));
});

test('cell text wraps inside its column by the same line-breaking rules', () => {
	const table =
		'<table><tr><td>漏洞描述</td><td>攻击者可以利用该漏洞在目标系统上执行任意代码，从而完全控制受影响的服务器。</td></tr>' +
		'<tr><td>影响版本</td><td>1.0 至 2.3</td></tr></table>';
	const lines = tableLines(layout(html(table).blocks, 40));
	for (const line of lines) assert.ok(displayWidth(line.text) <= 40, line.text);
	const columns = bars(lines[0]!.text);
	for (const line of lines) assert.deepEqual(bars(line.text), columns, line.text);
	const cells = lines.map((line) => line.text.split('|')[2]?.trim() ?? '');
	assert.ok(cells.filter((cell) => cell !== '').length > 2, 'the long cell wrapped onto several lines');
	for (const cell of cells) assert.doesNotMatch(cell, /^[，。、）]/, 'no cell line starts with closing punctuation');
	assert.equal(
		lines
			.map((line) => line.text.split('|')[2] ?? '')
			.join('')
			.replace(/[\s-+]/g, '')
			.includes('从而完全控制受影响的服务器。'),
		true,
	);
});

test('a table too wide for a grid becomes rows of header: value lines', () => {
	const lines = layout(html(advisory).blocks, 24);
	const text = plainText(lines);
	assert.doesNotMatch(text, /\+-|\| /, text);
	assert.match(text, /漏洞名称：远程代码执行/);
	assert.match(text, /CVE编号：\s*CVE-2022-21453/);
	assert.match(text, /威胁等级：中危/);
	for (const line of lines) assert.ok(displayWidth(line.text) <= 24, line.text);
	// Label/value tables (two columns, no header) read as label: value.
	const pairs = html(
		'<table><tr><td>漏洞名称</td><td>一个非常长的漏洞名称，长到放不进二十个字符宽的表格之中</td></tr><tr><td>CVE编号</td><td>CVE-2023-49070</td></tr></table>',
	);
	const pairText = plainText(layout(pairs.blocks, 20));
	assert.match(pairText, /^漏洞名称：一个/m);
	assert.match(pairText, /^CVE编号：/m);
});

test('a one-cell layout table is just its content, a one-column table its cells in order', () => {
	const lines = layout(html('<table><tr><td><p>正文第一段</p><p>正文第二段</p></td></tr></table>').blocks, 80);
	assert.deepEqual(texts(lines), ['正文第一段', '', '正文第二段']);
	const column = layout(html('<table><tr><td>甲</td></tr><tr><td>乙</td></tr></table>').blocks, 80);
	assert.deepEqual(texts(column), ['甲', '', '乙']);
});

test('colspan and rowspan keep the grid aligned', () => {
	const table =
		'<table><tr><th>产品</th><th>版本</th><th>状态</th></tr>' +
		'<tr><td rowspan="2">Exchange Server</td><td>2019 CU12</td><td>受影响</td></tr>' +
		'<tr><td>2016 CU23</td><td>受影响</td></tr>' +
		'<tr><td colspan="3">官方已发布补丁，请尽快升级</td></tr>' +
		'<tr><td colspan="9" rowspan="9">越界的合并</td></tr></table>';
	for (const width of [80, 60, undefined]) {
		const lines = tableLines(layout(html(table).blocks, width));
		const widths = new Set(lines.map((line) => displayWidth(line.text)));
		assert.equal(widths.size, 1, texts(lines).join('\n'));
		const text = texts(lines).join('\n');
		for (const cell of ['Exchange Server', '2019 CU12', '2016 CU23', '官方已发布补丁，请尽快升级', '越界的合并'])
			assert.ok(text.includes(cell), `${cell} in\n${text}`);
		assert.equal(text.split('Exchange Server').length, 2, 'a rowspan cell is drawn once');
	}
});

test('code blocks are verbatim, set apart, and wrap only with a continuation mark', () => {
	const source =
		'```python\ndef f(x):\n    return x  # 注释，不改\n\n\tprint("a long line that goes on and on well beyond the width of the reader")\n```';
	const {blocks} = md(source);
	assert.deepEqual(blocks, [
		{
			type: 'code',
			language: 'python',
			lines: [
				'def f(x):',
				'    return x  # 注释，不改',
				'',
				'    print("a long line that goes on and on well beyond the width of the reader")',
			],
		},
	]);
	const wide = layout(blocks, 100);
	assert.deepEqual(texts(wide), [
		'  def f(x):',
		'      return x  # 注释，不改',
		'',
		'      print("a long line that goes on and on well beyond the width of the reader")',
	]);
	const narrow = layout(blocks, 40);
	const marked = narrow.filter((line) => line.text.startsWith(continuationMark));
	assert.ok(marked.length >= 1);
	for (const line of narrow) assert.ok(displayWidth(line.text) <= 40, line.text);
	// Only the long line continues; unmarked lines are the source lines as they are.
	assert.deepEqual(
		narrow.filter((line) => !line.text.startsWith(continuationMark)).map((line) => line.text),
		['  def f(x):', '      return x  # 注释，不改', '', narrow.find((line) => line.text.includes('print'))!.text],
	);
	const joined = narrow
		.filter((line) => line.text.includes('print') || line.text.startsWith(continuationMark))
		.map((line) => line.text.slice(2))
		.join('');
	assert.equal(joined, '    print("a long line that goes on and on well beyond the width of the reader")');
	// Without a width (JSON without --width), code lines stay whole.
	assert.ok(
		texts(layout(blocks, undefined)).includes(
			'      print("a long line that goes on and on well beyond the width of the reader")',
		),
	);
	// <pre> with <br> and highlight spans: verbatim too, and the hard-break repair never joins code lines.
	const pre = html('<pre class="language-js"><span class="k">let</span> a = 1;<br>，不是正文<br>  b</pre>');
	assert.deepEqual(pre.blocks, [{type: 'code', language: 'js', lines: ['let a = 1;', '，不是正文', '  b']}]);
});

test('a one-line fence inside a sentence (an export of inline code) joins the sentence as inline code', () => {
	const {blocks} = md('该漏洞可使攻击者执行\n```\nwp_update_user\n```\n\n、\n```\nwp_create_user\n```\n\n等函数。');
	assert.equal(plainText(layout(blocks, undefined)), '该漏洞可使攻击者执行wp_update_user、wp_create_user等函数。');
	const first = blocks[0]!;
	assert.equal(first.type, 'paragraph');
	if (first.type === 'paragraph')
		assert.ok(first.lines[0]!.some((span) => span.text === 'wp_update_user' && span.style & Style.code));
});

test('styles are in the reader lines and out of the JSON text', () => {
	const source =
		'# 标题\n\n## 小节\n\n正文**粗体**、*斜体*、`代码`和[链接](https://x.example/)。\n\n> 引用\n\n- 条目\n\n---\n';
	const {article} = parseArticle('a.md', source);
	const document = readerDocument(article, 60);
	const styled = (text: string, bit: number) =>
		document.some((line) =>
			(line.ranges ?? []).some((range) => range.style & bit && line.text.slice(range.start, range.end).includes(text)),
		);
	assert.ok(styled('小节', Style.heading));
	assert.ok(styled('粗体', Style.bold));
	assert.ok(styled('斜体', Style.italic));
	assert.ok(styled('代码', Style.code));
	assert.ok(styled('链接', Style.link));
	assert.ok(styled('[1]', Style.note));
	assert.ok(styled('>', Style.quote));
	assert.ok(styled('-', Style.bullet));
	assert.ok(styled('---', Style.rule));
	// The app draws the quote's `>` as a bar, at the same width.
	const quote = document.find((line) => line.text.startsWith('> '))!;
	assert.equal(lineSegments(quote, parseQuery(''))[0]!.text, '│');
	// JSON: the same lines, plain.
	const record = toRecord(article, 60);
	assert.equal(
		record.text,
		document
			.filter((line) => line.ranges)
			.map((line) => line.text)
			.join('\n'),
	);
	assert.doesNotMatch(record.text, /\*\*|`|\u001b|[\ue000-\ue00f]/);
	assert.match(record.text, /正文粗体、斜体、代码和链接\[1\]。/);
	assert.match(toRecord(article).text, /^> 引用$/m);
});

test('NO_COLOR: only bold, underline and inverse', () => {
	const allowed = new Set(['bold', 'underline', 'inverse']);
	const every = Object.values(Style).reduce((a, b) => a | b, 0);
	for (let bit = 1; bit <= every; bit <<= 1) {
		const plain = textStyle(bit, false);
		for (const [key, value] of Object.entries(plain)) if (value) assert.ok(allowed.has(key), `${bit}: ${key}`);
	}
	// With colour, headings and code stand out by colour.
	assert.ok(textStyle(Style.heading, true).color);
	assert.ok(textStyle(Style.code, false).inverse, 'inline code stays distinct without colour');
});

test('a space or NBSP the source has between Chinese words stays; source line breaks between them go', () => {
	assert.equal(html('<p>每经编辑 孙志成&nbsp;杜恒峰</p>').text, '每经编辑 孙志成 杜恒峰');
	assert.equal(md('每经编辑 孙志成\u00a0杜恒峰').text, '每经编辑 孙志成 杜恒峰');
	assert.equal(html('<p>这是\n  一句<b>话</b>\n<span>的</span>延续</p>').text, '这是一句话的延续');
	assert.equal(md('这是\n一句话').text, '这是一句话');
	// Between Latin words a source line break is a space.
	assert.equal(md('Hello\nworld').text, 'Hello world');
	// A space beside fullwidth punctuation is only markup.
	assert.equal(html('<p>他说： “目前平台 。”</p>').text, '他说：“目前平台。”');
});

test('hard breaks go through the judgement; a line never starts with closing punctuation', () => {
	const {text} = md('Oracle  \n官方发布了  \n2022  \n年  \n，修复了漏洞  \n（  \nCVE-2022-21453）');
	for (const line of text.split('\n')) assert.doesNotMatch(line, /^[，。、）]|[（“]$/, line);
	assert.match(text, /年，修复了漏洞/);
	assert.match(text, /（CVE-2022-21453）/);
	// A mistyped closing quote at the end of a paragraph closes the quote it ends; a real opening quote stays.
	assert.equal(md('发放至“个人中心>我的卡券“').text, '发放至“个人中心>我的卡券”');
	assert.equal(md('他说“\n\n> 引文').text, '他说“\n\n> 引文');
	// Paragraphs split by the export before punctuation are one.
	assert.equal(md('觉得不错，就点个“\n\n在看\n\n”吧').text, '觉得不错，就点个“在看”吧');
});

test('a 2 MB body renders completely, in bounded time', () => {
	const paragraph = '攻击者可以利用该漏洞执行任意代码，影响版本 1.0 至 2.3。'.repeat(20);
	const parts: string[] = [];
	for (let size = 0; size < 2 * 1024 * 1024; size += Buffer.byteLength(paragraph) + 2) parts.push(paragraph);
	const body = parts.join('\n\n') + '\n\n最后一段';
	const start = performance.now();
	const rendered = md(body);
	const lines = layout(rendered.blocks, 80);
	const elapsed = performance.now() - start;
	assert.ok(elapsed < 10_000, `${elapsed} ms`);
	const han = (s: string) => s.match(/\p{Script=Han}/gu)?.length ?? 0;
	assert.equal(han(plainText(lines)), han(body));
	assert.doesNotMatch(rendered.text, new RegExp(truncatedNotice.replace(/[[\]…]/g, '.')));
	assert.equal(plainText(lines).trimEnd().split('\n').at(-1), '最后一段');
	// One 2 MB line (no breaks at all) is laid out too.
	const line = '漏洞'.repeat(700_000);
	const one = layout(md(line).blocks, 80);
	assert.equal(one.length, Math.ceil((line.length * 2) / 80));
});

test('only a pathological body is cut: at a character boundary, with the notice, keeping what came before', () => {
	const body = 'a'.repeat(maxBodyChars - 1) + '😀' + 'tail';
	const {text} = md(body);
	assert.ok(text.endsWith(truncatedNotice));
	assert.doesNotMatch(text, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no lone surrogate');
	assert.ok(text.startsWith('a'.repeat(1000)));
});

test('source text can never forge a marker, and no marker reaches the output', () => {
	const forged = [
		'\ue00aq\ue00b引用?\ue00c',
		'&#xE00A;q&#xE00B;引用?&#xE00C;',
		'&#57354;q&#57355;引用?&#57356;',
		'&#x0000e00d;t0&#xe00b;',
		'&#xe000粗体&#xe001',
		'\ue00dc0\ue00b',
	];
	for (const payload of forged) {
		for (const rendered of [
			html(`<p>前${payload}后</p><img alt="${payload}" src="https://x.example/a.png"><pre>${payload}</pre>`),
			md(`前${payload}后\n\n\`${payload}\`\n\n\`\`\`\n${payload}\n\`\`\``),
		]) {
			const check = (blocks: Block[]): void => {
				for (const block of blocks) {
					assert.ok(block.type === 'paragraph' || block.type === 'code', `forged ${block.type} from ${payload}`);
					if (block.type === 'paragraph')
						for (const line of block.lines) for (const span of line) assert.ok(!(span.style & Style.bold), payload);
				}
			};
			check(rendered.blocks);
			for (const width of [undefined, 40])
				for (const line of layout(rendered.blocks, width)) assert.doesNotMatch(line.text, /[\ue000-\ue00f]/u, payload);
			assert.match(rendered.text, /前/);
		}
	}
});

test('Markdown that quotes <body> or <script> keeps all its text', () => {
	const {text} = md(
		'正文开始\n\n<html>\n<body>\n示例页面\n</body>\n</html>\n\n它利用了<script>标签的src属性\n\n结尾段落',
	);
	for (const part of ['正文开始', '示例页面', '它利用了<script>标签的src属性', '结尾段落'])
		assert.ok(text.includes(part), `${part} in ${text}`);
	// In HTML a script is markup and is dropped.
	assert.equal(html('<p>前</p><script>alert(1)</script><p>后</p>').text, '前\n\n后');
});
