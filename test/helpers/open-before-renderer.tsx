// Run by app-lazy-renderer.test.ts in a process of its own (the unit tests load the renderer first): the app with the
// reader open in its first frame and the renderer not loaded. Prints whether it was loaded, and the frames.
import path from 'node:path';
import {render} from 'ink-testing-library';
import {App} from '../../source/app/app.js';
import {initialState, reduce} from '../../source/app/state.js';
import {loadArchive} from '../../source/core/reading/load.js';
import {rendererLoaded} from '../../source/core/rendering/renderer.js';

const seeds = path.resolve(import.meta.dirname, '../../articles');
const archive = await loadArchive(seeds);
const loadedAtStart = rendererLoaded();
const initial = reduce(initialState(archive.articles, {warnings: archive.warnings}), {type: 'open'});
const view = render(<App initial={initial} root={seeds} />);
const first = view.lastFrame();
for (let waited = 0; waited < 5000 && !rendererLoaded(); waited += 10) await new Promise((r) => setTimeout(r, 10));
await new Promise((resolve) => setTimeout(resolve, 100));
process.stdout.write(JSON.stringify({loadedAtStart, first, last: view.lastFrame()}) + '\n');
view.unmount();
