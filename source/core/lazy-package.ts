import {createRequire} from 'node:module';

// Packages the list does not need (pinyin-pro's dictionary, gray-matter, js-yaml, entities, OpenCC's tables: about
// 40 ms of compiling and setting up in every start) are not bundled but required on first use, from the package's
// own node_modules (they are its dependencies). `load`, not `require`, so that the bundler leaves the call alone.
const load = createRequire(import.meta.url);

/** A function that requires `name` the first time it is called, and hands back the same module after. */
export function lazyPackage<T>(name: string): () => T {
	let module: T | undefined;
	return () => (module ??= load(name) as T);
}
