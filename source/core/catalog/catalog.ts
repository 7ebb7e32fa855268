import path from 'node:path';
import {setImmediate as yieldToEventLoop} from 'node:timers/promises';
import {metaOf, type ArticleMeta} from '../reading/article.js';
import {
	readCacheIndex,
	readCacheTexts,
	removeStaleTemporaries,
	writeCache,
	type CacheEntry,
	type CacheIndex,
} from './cache.js';
import {indexBodies, type IndexJob, type Indexing} from './indexer.js';
import {SearchIndex} from '../search/search-index.js';
import {warmPinyin} from '../search/pinyin.js';
import {byDate, fileKey, readArticleFile, scanArchiveYielding, type FileInfo, type Warning} from '../reading/load.js';
import {setReadOptions} from './full-articles.js';
import {sanitizePath} from '../text/sanitize.js';

// The app's view of an archive: metadata for every article at once (the
// first frame needs nothing else), body text for search filled in after,
// from the cache or by worker threads, then the cache rewritten.

/** Whether a file is as it was: chmod, an edit with the mtime put back or a replacement by rename all change ctime or inode. */
const unchanged = (a: FileInfo, b: FileInfo) =>
	a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/** A file below the root and what is known of it. `cacheEntry` is its entry's position in the cache read at start. */
type Tracked = {info: FileInfo; meta?: ArticleMeta; warnings: string[]; cacheEntry?: number};

export type CatalogOptions = {
	/** Where the cache file lives; undefined for --no-cache. */
	cacheFile?: string;
	/** A catalog of the same archive to reuse unchanged files from (reload, check). */
	previous?: Catalog;
	/** With a cache, show it at once and compare it with the disk afterwards (check()). */
	quickStart?: boolean;
	/** While the archive is scanned (read 0, found so far) and files are read (a cold start): how many so far, of how many found. */
	onProgress?: (read: number, found: number) => void;
	/** Follow symbolic links that lead outside the archive (--follow-symlinks). */
	followSymlinks?: boolean;
};

export type Progress = {done: number; total: number};

type Parts = {
	root: string;
	tracked: Tracked[];
	scanWarnings: Warning[];
	options: CatalogOptions;
	cache: CacheIndex | undefined;
	/** The search index, handed on from the catalog this one replaces. */
	search: SearchIndex;
	/** Differs from the cache or the previous catalog. */
	changed: boolean;
	/** Compared with the files on disk (false after a quick start from the cache). */
	verified: boolean;
};

export class Catalog {
	readonly root: string;
	readonly articles: ArticleMeta[];
	readonly warnings: Warning[];
	/** Fields and body text per article, which the filter reads. */
	readonly search: SearchIndex;
	readonly changed: boolean;
	readonly verified: boolean;
	private readonly tracked: Tracked[];
	private readonly options: CatalogOptions;
	private readonly cache: CacheIndex | undefined;
	private indexing?: Indexing;
	private finished!: () => void;
	/** Settles when every body is searchable (after index()). */
	readonly indexed = new Promise<void>((resolve) => {
		this.finished = resolve;
	});

	/** Whether the cache was written since it was read: its text offsets are then stale. */
	private saved = false;
	private stopped = false;

	private constructor(parts: Parts) {
		({
			root: this.root,
			tracked: this.tracked,
			options: this.options,
			cache: this.cache,
			search: this.search,
			changed: this.changed,
			verified: this.verified,
		} = parts);
		this.articles = this.tracked.flatMap((item) => (item.meta ? [item.meta] : [])).sort(byDate);
		this.warnings = [
			...parts.scanWarnings,
			...this.tracked.flatMap((item) =>
				item.warnings.map((message) => ({path: sanitizePath(item.info.file), message})),
			),
		];
	}

	/** Scan the archive and read every file's metadata, from the cache where the file is unchanged. */
	static async open(root: string, options: CatalogOptions = {}): Promise<Catalog> {
		const {previous} = options;
		// At start, what killed cache writes left behind.
		if (options.cacheFile && !previous) removeStaleTemporaries(path.dirname(options.cacheFile));
		const reading = {followSymlinks: options.followSymlinks};
		// The reader opens bodies by list entry alone: it learns how to open them here.
		setReadOptions(root, reading);
		const cache = previous
			? previous.saved
				? undefined
				: previous.cache
			: options.cacheFile
				? readCacheIndex(options.cacheFile)
				: undefined;
		if (cache && !previous && options.quickStart) {
			// Stat-ing every file of a large archive takes seconds; the first frame does not wait for it.
			const tracked = cache.entries.map(({file, size, mtimeMs, ctimeMs, ino, meta, warnings}, i) => ({
				info: {file, fileBytes: meta?.fileBytes, size, mtimeMs, ctimeMs, ino},
				meta,
				warnings,
				cacheEntry: i,
			}));
			const search = new SearchIndex();
			return new Catalog({root, tracked, scanWarnings: [], options, cache, search, changed: false, verified: false});
		}

		const scanWarnings: Warning[] = [];
		const infos = await scanArchiveYielding(
			root,
			(warning) => scanWarnings.push(warning),
			reading,
			(found) => options.onProgress?.(0, found),
		);
		const known = new Map<string, Tracked>();
		if (previous)
			for (const item of previous.tracked)
				known.set(fileKey(item.info), cache ? item : {...item, cacheEntry: undefined});
		else
			cache?.entries.forEach((entry, i) =>
				known.set(fileKey({file: entry.file, fileBytes: entry.meta?.fileBytes}), {
					info: entry,
					meta: entry.meta,
					warnings: entry.warnings,
					cacheEntry: i,
				}),
			);

		const tracked: Tracked[] = [];
		let parsed = 0;
		for (const info of infos) {
			const hit = known.get(fileKey(info));
			if (hit && unchanged(hit.info, info)) {
				tracked.push({...hit, info});
				continue;
			}
			const result = readArticleFile(root, info, reading);
			tracked.push({
				info,
				meta: result.article && metaOf(result.article),
				warnings: result.warnings.map((warning) => warning.message),
			});
			if (++parsed % 500 === 0) {
				options.onProgress?.(tracked.length, infos.length);
				await yieldToEventLoop();
			}
		}
		const before = previous ? previous.tracked.length : (cache?.entries.length ?? 0);
		// Whether the cache's content would differ (scan warnings, such as a broken link, are not cached).
		const changed = parsed > 0 || before !== infos.length;
		return new Catalog({
			root,
			tracked,
			scanWarnings,
			options: {...options, previous: undefined},
			cache,
			search: previous?.search ?? new SearchIndex(),
			changed,
			verified: true,
		});
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
		let done = withMeta.filter((item) => this.search.hasBody(item.meta!)).length;
		if (this.stopped) return;
		onProgress({done, total});

		if (
			this.cache &&
			!this.saved &&
			withMeta.some((item) => item.cacheEntry !== undefined && !this.search.hasBody(item.meta!))
		) {
			const byEntry = new Map(
				withMeta.filter((item) => item.cacheEntry !== undefined).map((item) => [item.cacheEntry!, item.meta!]),
			);
			// Applied only when the whole text part matches the index: a torn or foreign file is never trusted.
			const texts: Array<[ArticleMeta, string]> = [];
			const whole = await readCacheTexts(
				this.cache,
				(entry, text) => {
					const meta = byEntry.get(entry);
					if (meta) texts.push([meta, text]);
				},
				() => this.stopped,
			);
			if (this.stopped) return;
			if (whole) {
				for (const [meta, text] of texts) {
					if (this.search.hasBody(meta)) continue;
					this.search.setBody(meta, text);
					done++;
				}
			}
			onProgress({done, total});
		}

		const pending = withMeta.filter((item) => !this.search.hasBody(item.meta!));
		// By the list entry, which carries a name's bytes even when the cache gave the rest.
		const jobs = pending.map(({meta}, i): IndexJob => [i, {file: meta!.file, fileBytes: meta!.fileBytes}]);
		if (jobs.length > 0) {
			this.indexing = indexBodies(
				this.root,
				jobs,
				(results) => {
					for (const [id, text] of results) this.search.setBody(pending[id]!.meta!, text);
					done += results.length;
					onProgress({done, total});
				},
				{followSymlinks: this.options.followSymlinks},
			);
			await this.indexing.done;
		}
		if (this.stopped) return;
		if (this.options.cacheFile && this.verified && (this.changed || jobs.length > 0)) this.save(this.options.cacheFile);
		this.finished();
	}

	/** Fold every title, author and category and look up their pinyin between frames, so that the first keystroke of a filter is as fast as the rest. */
	private async warmSearch(): Promise<void> {
		for (const [i, article] of this.articles.entries()) {
			warmPinyin(this.search.fieldsOf(article).meta);
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
				this.tracked.map((item) => item.meta && this.search.bodyOf(item.meta)),
			);
			this.saved = true;
		} catch {
			// A cache that cannot be written (read-only home, full disk) only costs the next start its speed.
		}
	}
}
