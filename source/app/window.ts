import {useRef} from 'react';

/** Scroll only as far as needed to keep `selected` visible, so moving one row redraws two rows, not the whole list. */
export function nextWindowStart(previous: number, selected: number, count: number, height: number): number {
	if (count <= height || height <= 0) return 0;
	let start = previous;
	if (selected < start) start = selected;
	if (selected >= start + height) start = selected - height + 1;
	return Math.max(0, Math.min(start, count - height));
}

export function useWindowStart(selected: number, count: number, height: number): number {
	const start = useRef(0);
	start.current = nextWindowStart(start.current, selected, count, height);
	return start.current;
}
