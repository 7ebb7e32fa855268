import {createHash} from 'node:crypto';
import {realpathSync} from 'node:fs';
import path from 'node:path';

/** The archive's real path: a root reached through a symbolic link is the same archive. */
export function realRoot(root: string): string {
	try {
		return realpathSync(root);
	} catch {
		// A root that cannot be resolved is keyed by the path given.
		return path.resolve(root);
	}
}

/** What names an archive's cache and state files: a hash of its real path. */
export function archiveId(root: string): string {
	return createHash('sha1').update(realRoot(root)).digest('hex').slice(0, 20);
}
