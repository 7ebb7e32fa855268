import path from 'node:path';
import {setImmediate as yieldToEventLoop} from 'node:timers/promises';
import type {ArticleMeta} from '../reading/article.js';
import {CacheReader, removeStaleTemporaries, writeCache, type CacheEntry} from './cache.js';
import {indexBodies, type Indexing} from './indexer.js';
import {TextStore} from './text-store.js';
import {BodySearch} from '../search/body-search.js';
import {SearchIndex} from '../search/search-index.js';
import {warmPinyin} from '../search/pinyin.js';
import {byDate, fileKey, readArticleMeta, scanArchiveYielding, type FileInfo, type Warning} from '../reading/load.js';
import {setReadOptions} from './full-articles.js';
import {sharedLists, sharedStrings} from '../reading/shared-lists.js';
import {sanitizePath} from '../text/sanitize.js';

// The app's view of an archive: metadata for every article at once (the
// first frame needs nothing else, and it is cached), then body text for
// search, found in the text store or made (indexer.ts) and appended to
// it as it is made.

/** Whether a file is as it was: chmod, an edit with the mtime put back or a replacement by rename all change ctime or inode. */
const unchanged = (a: FileInfo, b: FileInfo) =>
	a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/** Shared by the files without warnings (nearly all): an empty list each is 3 MB for 100,000 files. */
const noWarnings: string[] = [];

/** A file below the root and what is known of it: what the cache holds of it (one object a file, not three). */
type Tracked = CacheEntry;

/** Entries enough for a first frame's list, many screens of it: read in 20 ms or so at a million articles. */
const firstEntries = 5000;

/** A slice of reading the rest of the cache between frames. */
const sliceMs = 10;

/** Read the whole cache. */
const never = () => false;

/** Whether a partial start has read enough of the cache: `firstEntries`, and the article it opens on (if any). */
function hasNewest(entries: readonly CacheEntry[], article: string | undefined): () => boolean {
	let found = article === undefined;
	let checked = 0;
	return () => {
		for (; !found && checked < entries.length; checked++) found = entries[checked]!.meta?.path === article;
		return found && entries.length >= firstEntries;
	};
}

/** Always the same fields in the same order, so that a million of them share one shape. */
function track(info: FileInfo, meta: ArticleMeta | undefined, warnings: string[]): Tracked {
	const item: Tracked = {
		file: info.file,
		size: info.size,
		mtimeMs: info.mtimeMs,
		ctimeMs: info.ctimeMs,
		ino: info.ino,
		meta,
		warnings,
	};
	if (info.fileBytes !== undefined) item.fileBytes = info.fileBytes;
	return item;
}

/**
 * What a catalog hands on to the one that replaces it (a check after a quick start, a reload): the search index and
 * the body text store with its search worker, opened by the first to index.
 */
type Bodies = {search: SearchIndex; texts?: TextStore; scanner?: BodySearch};

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
	/**
	 * With quickStart: the first frame needs only the newest articles (no filter or category to open on), and, if it
	 * opens on an article, that one. The catalog may then hold only the cache's first entries; complete() reads the rest.
	 */
	newestFirst?: {article?: string};
};

export type Progress = {done: number; total: number};

type Parts = {
	root: string;
	tracked: Tracked[];
	scanWarnings: Warning[];
	options: CatalogOptions;
	/** Handed on from the catalog this one replaces. */
	bodies: Bodies;
	/** Differs from the cache or the previous catalog. */
	changed: boolean;
	/** Compared with the files on disk (false after a quick start from the cache). */
	verified: boolean;
	/** Whether the cache file holds what this catalog holds (then it is not written again). */
	cached: boolean;
	/** The cache still being read: this catalog holds its first entries. */
	rest?: CacheReader;
};

export class Catalog {
	readonly root: string;
	readonly articles: ArticleMeta[];
	readonly warnings: Warning[];
	/** Fields and body text per article, which the filter reads. */
	readonly search: SearchIndex;
	readonly changed: boolean;
	readonly verified: boolean;
	private tracked: Tracked[];
	private readonly options: CatalogOptions;
	private readonly bodies: Bodies;
	private indexing?: Indexing;
	private finished!: () => void;
	/** Settles when every body is searchable (after index()). */
	readonly indexed = new Promise<void>((resolve) => {
		this.finished = resolve;
	});

	private stopped = false;
	private cached: boolean;
	private readonly rest?: CacheReader;
	private completed?: Promise<Catalog>;
	/** Told how far complete() has read. */
	private readonly listeners: Array<(progress: Progress) => void> = [];

	private constructor(parts: Parts) {
		({
			root: this.root,
			tracked: this.tracked,
			options: this.options,
			bodies: this.bodies,
			changed: this.changed,
			verified: this.verified,
			cached: this.cached,
			rest: this.rest,
		} = parts);
		this.search = this.bodies.search;
		// Loops, not flatMap: an array per entry was a million arrays to collect for a million articles.
		const articles: ArticleMeta[] = [];
		this.warnings = [...parts.scanWarnings];
		for (const item of this.tracked) {
			if (item.meta) articles.push(item.meta);
			for (const message of item.warnings) this.warnings.push({path: sanitizePath(item.file), message});
		}
		this.articles = articles.sort(byDate);
	}

	/** Scan the archive and read every file's metadata, from the cache where the file is unchanged. */
	static async open(root: string, options: CatalogOptions = {}): Promise<Catalog> {
		const {previous} = options;
		// At start, what killed cache writes left behind.
		if (options.cacheFile && !previous) removeStaleTemporaries(path.dirname(options.cacheFile));
		const reading = {followSymlinks: options.followSymlinks};
		// The reader opens bodies by list entry alone: it learns how to open them here.
		setReadOptions(root, reading);
		const reader = !previous && options.cacheFile ? CacheReader.open(options.cacheFile) : undefined;
		const {newestFirst} = options;
		const enough = reader && options.quickStart && newestFirst ? hasNewest(reader.entries, newestFirst.article) : never;
		// False: no cache, or one that cannot be trusted.
		const read = reader?.read(enough) ?? false;
		if (reader && read && options.quickStart) {
			// Stat-ing every file of a large archive takes seconds; the first frame does not wait for it.
			return new Catalog({
				root,
				// The reader goes on adding to its own.
				tracked: reader.complete ? reader.entries : [...reader.entries],
				scanWarnings: [],
				options,
				bodies: {search: new SearchIndex()},
				changed: false,
				verified: false,
				cached: true,
				rest: reader.complete ? undefined : reader,
			});
		}
		const cache = reader && read && reader.complete ? reader.entries : undefined;

		const scanWarnings: Warning[] = [];
		const infos = await scanArchiveYielding(
			root,
			(warning) => scanWarnings.push(warning),
			reading,
			(found) => options.onProgress?.(0, found),
		);
		const known = new Map<string, Tracked>();
		for (const item of previous ? previous.tracked : (cache ?? [])) known.set(fileKey(item), item);

		const tracked: Tracked[] = [];
		const lists = sharedLists();
		const authors = sharedStrings();
		let parsed = 0;
		for (const info of infos) {
			const hit = known.get(fileKey(info));
			if (hit && unchanged(hit, info)) {
				// One copy of the name: the cached entry's.
				if (hit.meta?.file === info.file) info.file = hit.meta.file;
				tracked.push(track(info, hit.meta, hit.warnings));
				continue;
			}
			const result = readArticleMeta(root, info, reading);
			if (result.meta) {
				result.meta.categories = lists(result.meta.categories);
				result.meta.tags = lists(result.meta.tags);
				if (result.meta.author !== undefined) result.meta.author = authors(result.meta.author);
			}
			const warnings = result.warnings.length === 0 ? noWarnings : result.warnings.map((warning) => warning.message);
			tracked.push(track(info, result.meta, warnings));
			if (++parsed % 500 === 0) {
				options.onProgress?.(tracked.length, infos.length);
				await yieldToEventLoop();
			}
		}
		const before = previous ? previous.tracked.length : (cache?.length ?? 0);
		// Whether the cache's content would differ (scan warnings, such as a broken link, are not cached).
		const changed = parsed > 0 || before !== infos.length;
		return new Catalog({
			root,
			tracked,
			scanWarnings,
			options: {...options, previous: undefined},
			bodies: previous?.bodies ?? {search: new SearchIndex()},
			changed,
			verified: true,
			cached: !changed && (previous ? previous.cached : cache !== undefined),
		});
	}

	/** Whether this catalog holds only the cache's first entries (see newestFirst). */
	get partial(): boolean {
		return this.rest !== undefined;
	}

	/** How much of the cache has been read, while partial. */
	get listing(): Progress | undefined {
		return this.rest?.progress;
	}

	/**
	 * After a partial start, the whole cache, read between frames (a slice of about 10 ms at a time, so that keys are
	 * answered meanwhile). A cache that turns out malformed on the way is replaced by the check against the disk.
	 * Asked twice, the same answer.
	 */
	complete(onProgress?: (progress: Progress) => void): Promise<Catalog> {
		if (onProgress) this.listeners.push(onProgress);
		this.completed ??= this.readRest();
		return this.completed;
	}

	private async readRest(): Promise<Catalog> {
		const reader = this.rest;
		if (!reader) return this;
		while (!reader.complete) {
			await yieldToEventLoop();
			if (this.stopped) {
				reader.close();
				return this;
			}
			const until = performance.now() + sliceMs;
			if (!reader.read(() => performance.now() >= until)) return this.check();
			for (const listener of this.listeners) listener(reader.progress);
		}
		const whole = new Catalog({
			root: this.root,
			tracked: reader.entries,
			scanWarnings: [],
			options: this.options,
			bodies: this.bodies,
			changed: false,
			verified: false,
			cached: true,
		});
		// Whoever waits for this catalog's index waits for its successor's.
		void whole.indexed.then(this.finished);
		return whole;
	}

	/** The same archive compared with the files on disk: what was edited, added or removed since the cache was written. */
	async check(): Promise<Catalog> {
		// The progress callback is the first frame's: the check runs behind the list.
		const checked = await Catalog.open(this.root, {
			...this.options,
			quickStart: false,
			previous: this,
			onProgress: undefined,
		});
		// Whoever waits for this catalog's index waits for its successor's.
		void checked.indexed.then(this.finished);
		return checked;
	}

	/**
	 * Make every body searchable: texts already in the store are used, the rest are made (indexer.ts: between keys,
	 * or by workers), newest first, and appended to the store as they come (a quit keeps what was done). The metadata
	 * cache is saved first.
	 */
	async index(onProgress: (progress: Progress) => void): Promise<void> {
		await this.warmSearch();
		if (this.stopped) return;
		if (this.options.cacheFile && this.verified && !this.cached) this.save(this.options.cacheFile);
		const texts = this.textStore();
		const pending: Tracked[] = [];
		let done = 0;
		for (const item of this.tracked) {
			if (!item.meta) continue;
			if (this.search.hasBody(item.meta)) {
				done++;
				continue;
			}
			const span = texts.find(item);
			if (span) {
				this.search.setText(item.meta, span);
				done++;
			} else pending.push(item);
		}
		texts.forgetFound();
		const total = done + pending.length;
		onProgress({done, total});
		// Newest first: what a filter shows first is searchable first, and the store is read in list order.
		pending.sort((a, b) => byDate(a.meta!, b.meta!));
		// Each is a FileInfo (with a name's bytes where it needs them): the jobs are the entries themselves.
		if (pending.length > 0) {
			this.indexing = indexBodies(
				this.root,
				pending,
				({ids, lengths, bytes}) => {
					const spans = texts.append(
						ids.map((id) => pending[id]!),
						lengths,
						bytes,
					);
					for (const [i, span] of spans.entries()) this.search.setText(pending[ids[i]!]!.meta!, span);
					done += spans.length;
					onProgress({done, total});
				},
				{followSymlinks: this.options.followSymlinks},
			);
			await this.indexing.done;
			// Its lists of ids need not outlive it.
			this.indexing = undefined;
		}
		if (this.stopped) return;
		this.finished();
	}

	/** The body text store, opened by the first catalog to index and handed on. */
	private textStore(): TextStore {
		this.bodies.texts ??= TextStore.open(this.options.cacheFile);
		return this.bodies.texts;
	}

	/** The folded body text body search reads for an article, from the store (for checks and tests; undefined before it is indexed). */
	bodyText(article: ArticleMeta): string | undefined {
		const span = this.search.textOf(article);
		return span && this.bodies.texts?.read(span);
	}

	/** The body search over the text store, once bodies are indexed (undefined before). */
	get bodySearch(): BodySearch | undefined {
		const {texts} = this.bodies;
		if (!texts) return undefined;
		this.bodies.scanner ??= new BodySearch(texts.fd);
		return this.bodies.scanner;
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
		if (!this.completed) this.rest?.close();
		this.indexing?.stop();
		this.finished();
	}

	/** Replaced by its successor (after a check or a reload): what it tracked is not needed again. */
	retire(): void {
		this.tracked = [];
	}

	/** Stop, and close what this catalog and its predecessors share: at the end of the run. */
	close(): void {
		this.stop();
		this.bodies.scanner?.stop();
		this.bodies.texts?.close();
	}

	private save(file: string): void {
		// Newest first, as the list shows them: the next start's sort then finds them in order.
		const entries = [...this.tracked].sort((a, b) =>
			a.meta && b.meta ? byDate(a.meta, b.meta) : a.meta ? -1 : b.meta ? 1 : 0,
		);
		try {
			writeCache(file, entries);
			this.cached = true;
		} catch {
			// A cache that cannot be written (read-only home, full disk) only costs the next start its speed.
		}
	}
}
