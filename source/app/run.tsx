export async function runApp(_options: {
	folder: string;
	filter?: string;
	category?: string;
}): Promise<void> {
	throw new Error('the interactive browser is not built yet; use --json');
}
