import {sanitizeLine} from '../text/sanitize.js';

export type LinkKind = 'link' | 'image';
export type Link = {n: number; url: string; kind: LinkKind};

// Targets that are not places a reader can go: never numbered, never shown.
const unusable = /^(?:#|javascript:|vbscript:|data:)/i;

export function usableUrl(raw: string | undefined, base: string | undefined): string | undefined {
	if (!raw) return undefined;
	// Browsers ignore control characters and whitespace inside a scheme; so do we when judging it.
	const compact = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
	if (compact === '' || unusable.test(compact)) return undefined;
	const cleaned = sanitizeLine(raw);
	if (base && /^https?:\/\//i.test(base) && !/^[a-z][a-z\d+.-]*:/i.test(cleaned)) {
		try {
			return new URL(cleaned, base).href;
		} catch {
			return cleaned;
		}
	}
	return cleaned;
}

/** Numbers URLs by first appearance; a repeated URL keeps its number. */
export class Footnotes {
	readonly links: Link[] = [];
	private readonly numbers = new Map<string, number>();

	constructor(
		readonly base?: string,
		readonly title?: string,
	) {}

	number(url: string, kind: LinkKind): number {
		let n = this.numbers.get(url);
		if (n === undefined) {
			n = this.links.length + 1;
			this.numbers.set(url, n);
			this.links.push({n, url, kind});
		}
		return n;
	}
}

const kindLabel: Record<LinkKind, string> = {link: '链接', image: '图片'};

/** The numbered list printed after a body: `[1] 链接 https://…`. */
export function formatLinkList(links: Link[]): string {
	return links.map((link) => `[${link.n}] ${kindLabel[link.kind]} ${link.url}`).join('\n');
}
