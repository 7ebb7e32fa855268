// The floor for a cold start: what any program pays to see every file of the archive once. A fresh process walks
// the folder (readdir, recursively), reads every file whole and finds its title line (the first line starting with
// `title:` or `# `) as a trivial parse. Prints one JSON line: {ms (since the process started), files, titles}.
// Usage: node bench/floor.mjs <folder>
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';

const [root] = process.argv.slice(2);
let files = 0;
let titles = 0;

function walk(folder) {
	for (const entry of readdirSync(folder, {withFileTypes: true})) {
		const file = path.join(folder, entry.name);
		if (entry.isDirectory()) walk(file);
		else if (entry.isFile()) {
			const text = readFileSync(file, 'utf8');
			files++;
			for (const line of text.split('\n', 64))
				if (line.startsWith('title:') || line.startsWith('# ')) {
					titles++;
					break;
				}
		}
	}
}

walk(root);
process.stdout.write(JSON.stringify({ms: performance.now(), files, titles}) + '\n');
