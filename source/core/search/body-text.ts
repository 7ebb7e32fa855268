import type {Article} from '../reading/article.js';
import {renderer} from '../rendering/renderer.js';
import {withoutFrame} from '../rendering/lines.js';
import {foldForSearch} from './fold.js';

// Apart from the matcher, so that the index workers load the renderer and the folding only (no pinyin dictionary).

/**
 * The folded text body search reads: the rendered body, unwrapped, as the reader shows it but for table frames.
 * After loadRenderer().
 */
export function bodySearchText(article: Article): string {
	const lines = renderer()
		.articleLines(article, undefined)
		.map((line) => (line.kind === 'table' ? withoutFrame(line) : line.text));
	return foldForSearch(lines.join('\n'));
}
