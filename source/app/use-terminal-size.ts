import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export type Size = {columns: number; rows: number};

/** The terminal's size, updated on every resize. */
export function useTerminalSize(): Size {
	const {stdout} = useStdout();
	const read = (): Size => ({
		columns: stdout.columns || 80,
		rows: stdout.rows || 24,
	});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const update = () => setSize(read());
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [stdout]);
	return size;
}
