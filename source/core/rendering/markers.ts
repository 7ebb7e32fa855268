// The converter's output carries structure as private-use characters: inline
// styles as on/off pairs, blocks as open/close pairs, and placeholders for code
// and tables kept aside. Article text can never hold one (see stripMarkers).

export const marker = {
	boldOn: '\ue000',
	boldOff: '\ue001',
	italicOn: '\ue002',
	italicOff: '\ue003',
	codeOn: '\ue004',
	codeOff: '\ue005',
	linkOn: '\ue006',
	linkOff: '\ue007',
	noteOn: '\ue008',
	noteOff: '\ue009',
	/** Opens a block: followed by its kind letter, a payload, and `end`. */
	open: '\ue00a',
	/** Ends an open or atom payload. */
	end: '\ue00b',
	close: '\ue00c',
	/** A block kept aside (code, table) or a rule: kind letter, payload, `end`. */
	atom: '\ue00d',
	/** Starts a header cell's text. */
	header: '\ue00e',
} as const;

/** Block kinds after `open` / `atom`. */
export const kind = {quote: 'q', item: 'l', heading: 'h', code: 'c', table: 't', rule: 'r'} as const;

export const markerClass = '\\ue000-\\ue00f';
const literal = /[\ue000-\ue00f]/g;
// Numeric references that decode into the range, with or without `;` (HTML decodes both).
const reference = /&#(?:[xX]0*[eE]00[0-9a-fA-F](?![0-9a-fA-F])|0*(?:5734[4-9]|5735\d)(?!\d));?/g;

/** Remove every way source HTML could spell a marker, so only the formatters make them. */
export function stripMarkers(html: string): string {
	return html.replace(literal, '').replace(reference, '');
}

/** Remove markers from text that is shown as is (code). */
export function withoutMarkers(text: string): string {
	return text.replace(literal, '');
}
