import {mkdtempSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {currentStamp} from '../source/core/marks/marks-file.js';
import {openMarks} from '../source/core/marks/marks-store.js';

// The cost of the state file with many marks: opening the store (read and
// parse), one toggle (what a keystroke pays), the debounced save (at most
// once per delay: how long it holds the event loop, and how long until the
// file is on disk) and a flush (the whole save at once, as on quit).
// `node --import tsx bench/marks.ts [marks]`.

export type MarksFigures = {
	marks: number;
	fileBytes: number;
	loadMs: number;
	/** One toggle on a warm store, in microseconds. */
	toggleUs: number;
	/** The longest the event loop was held during a debounced save. */
	saveBlockMs: number;
	/** From the save's start until the file was renamed into place. */
	saveMs: number;
	flushMs: number;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

export async function benchMarks(count = 10_000, runs = 7): Promise<MarksFigures> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'wxnews-marks-bench-'));
	try {
		// Paths shaped like a real archive's: dated folders, a title-length file name.
		const paths = Array.from(
			{length: count},
			(_, i) =>
				`${2020 + (i % 6)}/${String((i % 12) + 1).padStart(2, '0')}/${String(i).padStart(6, '0')}_微信文章标题示例_${i.toString(16)}.md`,
		);
		const seed = openMarks('/archive', {stateHome: home});
		for (const file of paths) seed.setRead(file, true);
		for (const file of paths.slice(0, count / 10)) seed.setStarred(file, true);
		for (const file of paths.slice(0, count / 10)) seed.setPosition(file, 42);
		seed.close();
		const fileBytes = statSync(seed.file!).size;

		const loads: number[] = [];
		const toggles: number[] = [];
		const blocks: number[] = [];
		const saves: number[] = [];
		const flushes: number[] = [];
		for (let run = 0; run < runs; run++) {
			let start = performance.now();
			const store = openMarks('/archive', {stateHome: home, delayMs: 0});
			loads.push(performance.now() - start);
			const file = paths[run]!;
			const before = currentStamp(store.file!);
			store.setRead(file, !store.isRead(file));
			// A 1 ms probe: its longest gap is the longest the save held the event loop.
			start = performance.now();
			let last = start;
			let block = 0;
			await new Promise<void>((resolve) => {
				const probe = setInterval(() => {
					const now = performance.now();
					block = Math.max(block, now - last);
					last = now;
					if (currentStamp(store.file!) !== before) {
						clearInterval(probe);
						resolve();
					}
				}, 1);
			});
			saves.push(performance.now() - start);
			blocks.push(block);
			store.setRead(file, !store.isRead(file));
			start = performance.now();
			store.flush();
			flushes.push(performance.now() - start);
			store.close();
		}
		// What a keystroke pays: the mean of many toggles on a warm store (saving later).
		const warm = openMarks('/archive', {stateHome: home, delayMs: 60_000});
		for (let round = 0; round < 3; round++) {
			const start = performance.now();
			for (const file of paths.slice(0, 1000)) warm.setRead(file, !warm.isRead(file));
			toggles.push(((performance.now() - start) * 1000) / 1000);
		}
		warm.close();
		return {
			marks: count,
			fileBytes,
			loadMs: median(loads),
			toggleUs: median(toggles),
			saveBlockMs: median(blocks),
			saveMs: median(saves),
			flushMs: median(flushes),
		};
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

export function printMarksFigures(figures: MarksFigures): void {
	console.log(
		`state file, ${figures.marks} read marks (${Math.round(figures.fileBytes / 1024)} KiB): ` +
			`load ${figures.loadMs.toFixed(1)} ms, toggle ${figures.toggleUs.toFixed(1)} µs, ` +
			`debounced save ${figures.saveMs.toFixed(1)} ms (event loop held ${figures.saveBlockMs.toFixed(1)} ms at most), ` +
			`flush ${figures.flushMs.toFixed(1)} ms (medians)`,
	);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
	printMarksFigures(await benchMarks(Number(process.argv[2] ?? 10_000)));
