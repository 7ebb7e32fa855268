import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

// Synthetic archives made from the seed articles' text: both formats,
// three-level categories, dates over several years. Never committed.
// Linear in the count: 240 folders in all, each made once; one write per file.
const seeds = path.resolve(import.meta.dirname, '../articles');
const seedTexts = readdirSync(seeds)
	.sort()
	.map((name) => readFileSync(path.join(seeds, name), 'utf8'));
const sentences = seedTexts
	.join('\n')
	.replace(/<[^>]+>|[#*>![\]()`]/g, '')
	.split(/(?<=[。！？])/)
	.map((s) => s.trim())
	.filter((s) => s.length > 8 && s.length < 200 && !/https?:|---|:/.test(s));

const top = ['新媒体', '金融', '编程', '二次元', '科技', '社会'];
const middle = ['IT 之家', '36kr', '每经网', '少数派', '掘金', '微信公众号', '澎湃', '界面'];
const bottom = ['快讯', '分类资讯', '首页更新', '周报', '深度'];

function pick<T>(list: readonly T[], n: number): T {
	return list[n % list.length]!;
}

export function generateArchive(folder: string, count: number): void {
	mkdirSync(folder, {recursive: true});
	let seed = 42;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};
	const start = Date.UTC(2018, 0, 1);
	const span = Date.UTC(2025, 0, 1) - start;
	const made = new Set<string>();
	for (let i = 0; i < count; i++) {
		const categories = [pick(top, i), pick(middle, Math.floor(i / 6)), pick(bottom, Math.floor(i / 48))];
		const dir = path.join(folder, ...categories);
		if (!made.has(dir)) {
			mkdirSync(dir, {recursive: true});
			made.add(dir);
		}
		const paragraphs = Array.from({length: 6 + Math.floor(random() * 10)}, () =>
			Array.from({length: 2 + Math.floor(random() * 3)}, () =>
				pick(sentences, Math.floor(random() * sentences.length)),
			).join(''),
		);
		const title = `${pick(sentences, i * 7).slice(0, 24)} 第${i}号`;
		const date = new Date(start + random() * span);
		if (i % 3 === 2) {
			// A WeChat Markdown export: no front matter, category from the folder.
			const body = paragraphs.join('\n\n');
			writeFileSync(
				path.join(dir, `wx-${i}.md`),
				`# ${title}\n\n原创 作者${i % 50} 公众号${i % 20} ${date.toISOString().slice(0, 10)} 10:00 北京\n\n> 原文地址: [链接](https://mp.weixin.qq.com/s/${i})\n\n${body}\n`,
			);
		} else {
			const body = paragraphs
				.map((p, j) => (j === 1 ? `<p>${p}<a href="https://example.com/${i}">原文链接</a></p>` : `<p>${p}</p>`))
				.join('');
			writeFileSync(
				path.join(dir, `post-${i}.md`),
				`\n---\ntitle: '${title.replaceAll("'", "''")}'\ncategories:\n - ${categories.join('\n - ')}\nauthor: ${categories[1]}\ndate: ${date.toUTCString()}\nheadimg: 'https://picsum.photos/400/300?random=${i}'\n---\n\n<div>   ${body}\n</div>`,
			);
		}
	}
}
