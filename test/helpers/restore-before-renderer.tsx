// Run by app-lazy-renderer.test.ts in a process of its own: an article with a saved reading position, opened before
// the renderer has loaded. Prints whether it was loaded at the start, and the frame once it has.
import path from 'node:path';
import {render} from 'ink-testing-library';
import {App} from '../../source/app/app.js';
import {initialState, reduce} from '../../source/app/state.js';
import {openMarks} from '../../source/core/marks/marks-store.js';
import {loadArchive} from '../../source/core/reading/load.js';
import {rendererLoaded} from '../../source/core/rendering/renderer.js';

const seeds = path.resolve(import.meta.dirname, '../../articles');
const archive = await loadArchive(seeds);
const loadedAtStart = rendererLoaded();
const marks = openMarks(seeds, {enabled: false});
const initial = reduce(initialState(archive.articles, {warnings: archive.warnings, marks}), {type: 'open'});
marks.setPosition(initial.reading!.path, 5);
const view = render(<App initial={initial} root={seeds} marks={marks} />);
for (let waited = 0; waited < 5000 && !rendererLoaded(); waited += 10) await new Promise((r) => setTimeout(r, 10));
await new Promise((resolve) => setTimeout(resolve, 100));
process.stdout.write(JSON.stringify({loadedAtStart, title: initial.reading!.title, last: view.lastFrame()}) + '\n');
view.unmount();
