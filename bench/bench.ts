import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadArchive} from '../source/core/load.js';
import {measureBytes} from './bytes.js';
import {generateArchive} from './generate.js';

const machine = `${os.cpus().length}× ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`wxnews benchmark on ${machine}\n`);

const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-bench-'));
try {
	console.log('Bytes written to a 100×30 terminal (Ink incremental rendering)\n');
	console.log('| archive | first frame | move selection one row | page the reader | type one filter character |');
	console.log('|---|---|---|---|---|');
	const archives: Array<[string, string]> = [['seeds (4)', path.resolve(import.meta.dirname, '../articles')]];
	const generated = path.join(temp, 'a10k');
	generateArchive(generated, 10_000);
	archives.push(['generated 10,000', generated]);
	for (const [name, folder] of archives) {
		const figures = await measureBytes(await loadArchive(folder));
		console.log(
			`| ${name} | ${figures.firstFrame} | ${figures.moveRow} | ${figures.pageReader} | ${figures.filterChar} |`,
		);
	}
} finally {
	rmSync(temp, {recursive: true, force: true});
}
