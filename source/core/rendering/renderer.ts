import type * as Render from './render.js';

// The renderer (markdown-it, html-to-text and the layout: a third of the app's code) is not needed for the list, so
// the first frame does not wait for it: the app loads it right after, and whatever renders (the reader, the
// indexer, the print modes) awaits loadRenderer() first. A dynamic import, so that the bundler puts it in a chunk of
// its own.

type Renderer = typeof Render;

let loaded: Renderer | undefined;
let loading: Promise<Renderer> | undefined;

/** Load the renderer, once. */
export function loadRenderer(): Promise<Renderer> {
	loading ??= import('./render.js').then((module) => (loaded = module));
	return loading;
}

export const rendererLoaded = (): boolean => loaded !== undefined;

/** The renderer, once loadRenderer() has settled. */
export function renderer(): Renderer {
	if (!loaded) throw new Error('the renderer is used before loadRenderer() settled');
	return loaded;
}
