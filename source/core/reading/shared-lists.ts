/** Hands out one array for lists alike (never changed afterwards). */
export type SharedLists = (list: string[]) => string[];

/**
 * Category paths repeat: 100,000 articles have a few hundred. An array and its strings for each article cost 10 MB
 * there; one array for each path is shared instead, while a list of articles is read.
 */
export function sharedLists(): SharedLists {
	const known = new Map<string, string[]>();
	return (list) => {
		const key = list.join('\u0000');
		let found = known.get(key);
		if (!found) known.set(key, (found = list));
		return found;
	};
}

/** Hands out one string for strings alike: authors repeat as categories do (a copy each was 30 MB a million). */
export function sharedStrings(): (text: string) => string {
	const known = new Map<string, string>();
	return (text) => {
		const found = known.get(text);
		if (found !== undefined) return found;
		known.set(text, text);
		return text;
	};
}
