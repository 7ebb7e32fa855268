import {setImmediate as yieldToEventLoop} from 'node:timers/promises';
import {metaOf, type ArticleMeta} from './article.js';
import {cacheFile, readCacheIndex, readCacheTexts, writeCache, type CacheEntry, type CacheIndex} from './cache.js';
import {indexBodies, type Indexing} from './indexer.js';
import {bodyTextOf, hasBodyText, searchFields, setBodyText} from './library.js';
import {warmPinyin} from './pinyin.js';
import {byDate, readArticleFile, scanArchive, type FileInfo, type Warning} from './load.js';
import {sanitizeLine} from './sanitize.js';

// The app's view of an archive: metadata for every article at once (the
// first frame needs nothing else), body text for search filled in after,
// from the cache or by worker threads, then the cache rewritten.

type Tracked = {info: FileInfo; meta?: ArticleMeta; warnings: string[]; cached?: number};

export type CatalogOptions = {
	/** Where the cache file lives; undefined for --no-cache. */
	cacheFile?: string;
	/** A catalog of the same archive to reuse unchanged files from (reload). */
	previous?: Catalog;
};

export type Progress = {done: number; total: number};

export class Catalog {
	readonly articles: ArticleMeta[];
	readonly warnings: Warning[];
	private indexing?: Indexing;
	private finished!: () => void;
	/** Settles when every body is searchable (after index()). */
	readonly indexed = new Promise<void>((resolve) => {
		this.finished = resolve;
	});

	private constructor(
		readonly root: string,
		private readonly tracked: Tracked[],
		scanWarnings: Warning[],
		private readonly options: CatalogOptions,
		private readonly cache: CacheIndex | undefined,
		private readonly changed: boolean,
	) {
		this.articles = tracked.flatMap((item) => (item.meta ? [item.meta] : [])).sort(byDate);
		this.warnings = [
			...scanWarnings,
			...tracked.flatMap((item) => item.warnings.map((message) => ({path: sanitizeLine(item.info.file), message}))),
		];
	}

	/** Scan the archive and read every file's metadata, from the cache where the file is unchanged. */
	static async open(root: string, options: CatalogOptions = {}): Promise<Catalog> {
		const scanWarnings: Warning[] = [];
		const infos = scanArchive(root, (warning) => scanWarnings.push(warning));
		const cache = options.cacheFile ? readCacheIndex(options.cacheFile) : undefined;
		const known = new Map<string, Tracked>();
		cache?.entries.forEach((entry, i) =>
			known.set(entry.file, {info: entry, meta: entry.meta, warnings: entry.warnings, cached: i}),
		);
		for (const item of options.previous?.tracked ?? []) known.set(item.info.file, {...item, cached: undefined});

		const tracked: Tracked[] = [];
		let parsed = 0;
		for (const info of infos) {
			const hit = known.get(info.file);
			if (hit && hit.info.size === info.size && hit.info.mtimeMs === info.mtimeMs) {
				tracked.push({...hit, info});
				continue;
			}
			const result = readArticleFile(root, info.file);
			tracked.push({
				info,
				meta: result.article && metaOf(result.article),
				warnings: result.warnings.map((warning) => warning.message),
			});
			if (++parsed % 500 === 0) await yieldToEventLoop();
		}
		const changed = parsed > 0 || (cache?.entries.length ?? 0) !== infos.length;
		return new Catalog(root, tracked, scanWarnings, options, cache, changed);
	}

	/** Make every body searchable: cached text first, then worker threads; then save the cache. */
	async index(onProgress: (progress: Progress) => void): Promise<void> {
		await this.warmSearch();
		const withMeta = this.tracked.filter((item) => item.meta);
		const total = withMeta.length;
		let done = withMeta.filter((item) => hasBodyText(item.meta!)).length;
		onProgress({done, total});

		if (this.cache) {
			const byEntry = new Map(
				withMeta.filter((item) => item.cached !== undefined).map((item) => [item.cached!, item.meta!]),
			);
			await readCacheTexts(this.cache, (entry, text) => {
				const meta = byEntry.get(entry);
				if (meta && !hasBodyText(meta)) {
					setBodyText(meta, text);
					done++;
				}
			});
			onProgress({done, total});
		}

		const pending = withMeta.filter((item) => !hasBodyText(item.meta!));
		const jobs = pending.map((item, i): [number, string] => [i, item.info.file]);
		if (jobs.length > 0) {
			this.indexing = indexBodies(this.root, jobs, (results) => {
				for (const [id, text] of results) setBodyText(pending[id]!.meta!, text);
				done += results.length;
				onProgress({done, total});
			});
			await this.indexing.done;
		}
		if (this.options.cacheFile && (this.changed || jobs.length > 0)) this.save(this.options.cacheFile);
		this.finished();
	}

	/** Fold every title, author and category and look up their pinyin between frames, so that the first keystroke of a filter is as fast as the rest. */
	private async warmSearch(): Promise<void> {
		for (const [i, article] of this.articles.entries()) {
			warmPinyin(searchFields(article).meta);
			if (i % 2000 === 1999) await yieldToEventLoop();
		}
	}

	get cacheFile(): string | undefined {
		return this.options.cacheFile;
	}

	stop(): void {
		this.indexing?.stop();
	}

	private save(file: string): void {
		const entries: CacheEntry[] = this.tracked.map(({info, meta, warnings}) => ({...info, meta, warnings}));
		try {
			writeCache(
				file,
				entries,
				this.tracked.map((item) => item.meta && bodyTextOf(item.meta)),
			);
		} catch {
			// A cache that cannot be written (read-only home, full disk) only costs the next start its speed.
		}
	}
}

export {cacheFile};
