// NO_COLOR (https://no-color.org): no colour at all; selection and matches
// stay visible through inverse video, bold and underline, which are not colour.
export const colorEnabled = !('NO_COLOR' in process.env && process.env['NO_COLOR'] !== '');

export const theme = {
	accent: colorEnabled ? 'cyan' : undefined,
	dim: colorEnabled,
	match: colorEnabled ? {color: 'yellow', bold: true} : {underline: true, bold: true},
} as const;
