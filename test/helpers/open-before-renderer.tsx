// Run by app-lazy-renderer.test.ts in a process of its own (the unit tests load the renderer first): the app with the
// reader open in its first frame and the renderer not loaded; with a line number as its argument, the article has
// that reading position saved. Prints whether the renderer was loaded at the start, the article's title, and the
// frames.
import path from 'node:path';
import {render} from 'ink-testing-library';
import {App} from '../../source/app/app.js';
import {initialState, reduce} from '../../source/app/state.js';
import {openMarks} from '../../source/core/marks/marks-store.js';
import {loadArchive} from '../../source/core/reading/load.js';
import {rendererLoaded} from '../../source/core/rendering/renderer.js';

const seeds = path.resolve(import.meta.dirname, '../../articles');
const savedLine = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const archive = await loadArchive(seeds);
const loadedAtStart = rendererLoaded();
const marks = openMarks(seeds, {enabled: false});
const initial = reduce(initialState(archive.articles, {warnings: archive.warnings, marks}), {type: 'open'});
if (savedLine !== undefined) marks.setPosition(initial.reading!.path, savedLine);
const view = render(<App initial={initial} root={seeds} marks={marks} />);
const first = view.lastFrame();
for (let waited = 0; waited < 5000 && !rendererLoaded(); waited += 10) await new Promise((r) => setTimeout(r, 10));
await new Promise((resolve) => setTimeout(resolve, 100));
const title = initial.reading!.title;
process.stdout.write(JSON.stringify({loadedAtStart, title, first, last: view.lastFrame()}) + '\n');
view.unmount();
