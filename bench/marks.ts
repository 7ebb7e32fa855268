import {mkdtempSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {openMarks} from '../source/core/marks/marks-store.js';

// The cost of the state file with many marks: opening the store (read and
// parse), one toggle (what a keystroke pays) and one save (paid at most
// once per debounce interval, off the keystroke). `node --import tsx bench/marks.ts [marks]`.

export type MarksFigures = {marks: number; fileBytes: number; loadMs: number; toggleUs: number; saveMs: number};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

export function benchMarks(count = 10_000, runs = 7): MarksFigures {
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

		const loads: number[] = [];
		const toggles: number[] = [];
		const saves: number[] = [];
		for (let run = 0; run < runs; run++) {
			let start = performance.now();
			const store = openMarks('/archive', {stateHome: home});
			loads.push(performance.now() - start);
			const file = paths[run]!;
			start = performance.now();
			store.setRead(file, !store.isRead(file));
			toggles.push((performance.now() - start) * 1000);
			start = performance.now();
			store.flush();
			saves.push(performance.now() - start);
			store.close();
		}
		return {
			marks: count,
			fileBytes: statSync(seed.file!).size,
			loadMs: median(loads),
			toggleUs: median(toggles),
			saveMs: median(saves),
		};
	} finally {
		rmSync(home, {recursive: true, force: true});
	}
}

export function printMarksFigures(figures: MarksFigures): void {
	console.log(
		`state file, ${figures.marks} read marks (${Math.round(figures.fileBytes / 1024)} KiB): ` +
			`load ${figures.loadMs.toFixed(1)} ms, toggle ${figures.toggleUs.toFixed(1)} µs, save ${figures.saveMs.toFixed(1)} ms`,
	);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
	printMarksFigures(benchMarks(Number(process.argv[2] ?? 10_000)));
