// Time to render and lay out long bodies: the biggest sample, and generated 2 MB bodies
// (many paragraphs, one 2 MB line, a long table, long code). Run: node --import tsx bench/render-long.ts
import {readFileSync} from 'node:fs';
import {parseArticle} from '../source/core/reading/article.js';
import {layout} from '../source/core/rendering/layout.js';
import {renderBody} from '../source/core/rendering/render.js';
import {readerDocument} from '../source/app/reader-document.js';

const sentence = '中文测试，这是一个很长的句子，其中有 English words 和数字 2024 年。';
const twoMB = 2 * 1024 * 1024;
const fill = (unit: string, sep: string) => {
	const parts: string[] = [];
	let size = 0;
	while (size < twoMB) {
		parts.push(unit);
		size += Buffer.byteLength(unit) + sep.length;
	}
	return parts.join(sep);
};
const cases: Array<[string, string, 'markdown' | 'html']> = [];
const sample = '../shared/samples/wechat-archive/2023/2023-03/腾讯安全威胁情报中心推出2023年2月必修安全漏洞清单.md';
const {article} = parseArticle(
	'sample.md',
	readFileSync(process.env['SAMPLE'] ?? new URL(`../${sample}`, import.meta.url), 'utf8'),
);
cases.push(['biggest sample (227 KB)', article.body, 'markdown']);
cases.push(['2 MB of paragraphs', fill(`${sentence.repeat(4)}  \n${sentence}`, '\n\n'), 'markdown']);
cases.push(['2 MB on one line', fill(sentence, ''), 'markdown']);
cases.push([
	'2 MB table',
	`<table>${fill('<tr><td>漏洞名称</td><td>远程代码执行漏洞 CVE-2024-0001</td></tr>', '')}</table>`,
	'html',
]);
cases.push([
	'2 MB code block',
	'```\n' + fill('const value = compute(input, 42); // 注释', '\n') + '\n```',
	'markdown',
]);

for (const [name, body, format] of cases) {
	const start = performance.now();
	const rendered = renderBody(body, format);
	const rendering = performance.now() - start;
	const lines = layout(rendered.blocks, 80);
	const total = performance.now() - start;
	const kept = rendered.text.replace(/\s/g, '').length;
	console.log(
		`${name}: ${(Buffer.byteLength(body) / 1024 / 1024).toFixed(2)} MB, render ${rendering.toFixed(0)} ms, + layout at 80 ${(total - rendering).toFixed(0)} ms = ${total.toFixed(0)} ms, ${lines.length} lines, ${kept} visible chars`,
	);
}

// What opening an article in the reader costs: the document at the reader's width, then again (cached).
{
	for (const [name, body] of cases.slice(1)) {
		const {article: big} = parseArticle('big.md', `# 长文\n\n${body}`);
		let start = performance.now();
		const lines = readerDocument(big, 96);
		const first = performance.now() - start;
		start = performance.now();
		readerDocument(big, 96);
		console.log(
			`reader opens ${name}: ${first.toFixed(0)} ms (${lines.length} lines), again ${(performance.now() - start).toFixed(0)} ms`,
		);
	}
}
