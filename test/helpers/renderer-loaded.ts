// The app loads the renderer after its first frame (source/core/rendering/renderer.ts); the unit tests call what
// renders directly, so it is loaded before any test runs. The e2e tests run the built app, which loads it itself.
import {loadRenderer} from '../../source/core/rendering/renderer.js';

await loadRenderer();
