import {setImmediate as yieldToEventLoop} from 'node:timers/promises';
import {metaOf, type ArticleMeta} from './article.js';
import {readCacheIndex, readCacheTexts, writeCache, type CacheEntry, type CacheIndex} from './cache.js';
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
	/** A catalog of the same archive to reuse unchanged files from (reload, check). */
	previous?: Catalog;
	/** With a cache, show it at once and compare it with the disk afterwards (check()). */
	quickStart?: boolean;
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

	/** Whether the cache was written since it was read: its text offsets are then stale. */
	private saved = false;
	private stopped = false;

	private constructor(
		readonly root: string,
		private readonly tracked: Tracked[],
		scanWarnings: Warning[],
		private readonly options: CatalogOptions,
		private readonly cache: CacheIndex | undefined,
		/** Differs from the cache or the previous catalog. */
		readonly changed: boolean,
		/** Compared with the files on disk (false after a quick start from the cache). */
		readonly verified: boolean,
	) {
		this.articles = tracked.flatMap((item) => (item.meta ? [item.meta] : [])).sort(byDate);
		this.warnings = [
			...scanWarnings,
			...tracked.flatMap((item) => item.warnings.map((message) => ({path: sanitizeLine(item.info.file), message}))),
		];
	}

	/** Scan the archive and read every file's metadata, from the cache where the file is unchanged. */
	static async open(root: string, options: CatalogOptions = {}): Promise<Catalog> {
		const {previous} = options;
		const cache = previous
			? previous.saved
				? undefined
				: previous.cache
			: options.cacheFile
				? readCacheIndex(options.cacheFile)
				: undefined;
		if (cache && !previous && options.quickStart) {
			// Stat-ing every file of a large archive takes seconds; the first frame does not wait for it.
			const tracked = cache.entries.map(({file, size, mtimeMs, meta, warnings}, i) => ({
				info: {file, size, mtimeMs},
				meta,
				warnings,
				cached: i,
			}));
			return new Catalog(root, tracked, [], options, cache, false, false);
		}

		const scanWarnings: Warning[] = [];
		const infos = scanArchive(root, (warning) => scanWarnings.push(warning));
		const known = new Map<string, Tracked>();
		if (previous)
			for (const item of previous.tracked) known.set(item.info.file, cache ? item : {...item, cached: undefined});
		else
			cache?.entries.forEach((entry, i) =>
				known.set(entry.file, {info: entry, meta: entry.meta, warnings: entry.warnings, cached: i}),
			);

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
		const before = previous ? previous.tracked.length : (cache?.entries.length ?? 0);
		// Whether the cache's content would differ (scan warnings, such as a broken link, are not cached).
		const changed = parsed > 0 || before !== infos.length;
		return new Catalog(root, tracked, scanWarnings, {...options, previous: undefined}, cache, changed, true);
	}

	/** The same archive compared with the files on disk: what was edited, added or removed since the cache was written. */
	async check(): Promise<Catalog> {
		const checked = await Catalog.open(this.root, {...this.options, quickStart: false, previous: this});
		// Whoever waits for this catalog's index waits for its successor's.
		void checked.indexed.then(this.finished);
		return checked;
	}

	/** Make every body searchable: cached text first, then worker threads; then save the cache. */
	async index(onProgress: (progress: Progress) => void): Promise<void> {
		await this.warmSearch();
		const withMeta = this.tracked.filter((item) => item.meta);
		const total = withMeta.length;
		let done = withMeta.filter((item) => hasBodyText(item.meta!)).length;
		if (this.stopped) return;
		onProgress({done, total});

		if (this.cache && !this.saved && withMeta.some((item) => item.cached !== undefined && !hasBodyText(item.meta!))) {
			const byEntry = new Map(
				withMeta.filter((item) => item.cached !== undefined).map((item) => [item.cached!, item.meta!]),
			);
			// Applied only when the whole text part matches the index: a torn or foreign file is never trusted.
			const texts: Array<[ArticleMeta, string]> = [];
			const whole = await readCacheTexts(this.cache, (entry, text) => {
				const meta = byEntry.get(entry);
				if (meta) texts.push([meta, text]);
			});
			if (this.stopped) return;
			if (whole) {
				for (const [meta, text] of texts) {
					if (hasBodyText(meta)) continue;
					setBodyText(meta, text);
					done++;
				}
			}
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
		if (this.stopped) return;
		if (this.options.cacheFile && this.verified && (this.changed || jobs.length > 0)) this.save(this.options.cacheFile);
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

	/** Stop indexing (workers end, nothing more is saved); whoever waits for `indexed` is released. */
	stop(): void {
		this.stopped = true;
		this.indexing?.stop();
		this.finished();
	}

	private save(file: string): void {
		const entries: CacheEntry[] = this.tracked.map(({info, meta, warnings}) => ({...info, meta, warnings}));
		try {
			writeCache(
				file,
				entries,
				this.tracked.map((item) => item.meta && bodyTextOf(item.meta)),
			);
			this.saved = true;
		} catch {
			// A cache that cannot be written (read-only home, full disk) only costs the next start its speed.
		}
	}
}
