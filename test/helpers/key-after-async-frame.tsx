// Run by app-lazy-renderer.test.ts in a process of its own (the renderer not loaded): the reader opens on an article
// with a source, which shows in a frame of its own once the renderer has loaded; `c` is pressed right after that
// frame, before React's passive effects have run. Prints whether the link was copied (an OSC 52 write).
import path from 'node:path';
import {render} from 'ink-testing-library';
import {App} from '../../source/app/app.js';
import {initialState, reduce} from '../../source/app/state.js';
import {loadArchive} from '../../source/core/reading/load.js';

const seeds = path.resolve(import.meta.dirname, '../../articles');
const archive = await loadArchive(seeds);
const withSource = archive.articles.filter((article) => article.source);
const initial = reduce(initialState(withSource, {warnings: []}), {type: 'open'});
const view = render(<App initial={initial} root={seeds} />);
const write = view.stdout.write.bind(view.stdout);
let pressed = false;
let copied = false;
view.stdout.write = (text: string) => {
	if (text.includes('\u001B]52;')) copied = true;
	write(text);
	if (!pressed && text.includes('原文')) {
		pressed = true;
		queueMicrotask(() => view.stdin.write('c'));
	}
};
await new Promise((resolve) => setTimeout(resolve, 1500));
process.stdout.write(JSON.stringify({pressed, copied}) + '\n');
view.unmount();
