/** Hands out one array for lists alike (never changed afterwards). */
export type SharedLists = (list: string[]) => string[];

/**
 * Category paths repeat: 100,000 articles have a few hundred. An array and its strings for each article cost 10 MB
 * there; one array for each path is shared instead, while a list of articles is read.
 */
export function sharedLists(): SharedLists {
	// A tree of the lists' items, not a map by their join: joining each article's list made a string to hash and
	// throw away (110 ms of a million-article cached start).
	const root: ListNode = {next: new Map()};
	return (list) => {
		let node = root;
		for (const item of list) {
			let child = node.next.get(item);
			if (!child) node.next.set(item, (child = {next: new Map()}));
			node = child;
		}
		return (node.list ??= list);
	};
}

type ListNode = {list?: string[]; next: Map<string, ListNode>};

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
