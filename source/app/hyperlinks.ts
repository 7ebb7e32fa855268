// OSC 8 hyperlinks (https://gist.github.com/egmontkob/eb114294efbcd5adb1944c9f3cb5feda): a footnote's URL is
// clickable in terminals that know them; others ignore the sequence. Terminals that would print it as garbage
// are named by TERM, and WXNEWS_HYPERLINKS=0 turns it off anywhere (=1 turns it on anywhere). NO_COLOR is about
// colour, not links: it leaves them on.

/** TERM values whose terminals print an unknown OSC (or have no OSC at all): the Linux console, old VTs, dumb. */
const noOsc8 = /^(?:dumb|linux|vt1\d\d|vt2\d\d)(?:-|$)/;

export function hyperlinksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	const setting = env['WXNEWS_HYPERLINKS'];
	if (setting === '0') return false;
	if (setting === '1') return true;
	return !noOsc8.test(env['TERM'] ?? '');
}

/** Longer URLs are left as plain text: terminals cap what they keep of one (VTE at 2083 bytes). */
const longestUrl = 2000;

/**
 * The URL as it may stand inside the sequence: every byte outside printable ASCII (controls, ESC, BEL, space,
 * DEL, C1 and all non-ASCII) percent-encoded as UTF-8, so nothing in it can end the sequence or start another.
 */
export function hyperlinkUrl(url: string): string {
	let out = '';
	for (const character of url) {
		const code = character.codePointAt(0)!;
		if (code > 0x20 && code < 0x7f) out += character;
		else
			for (const byte of Buffer.from(character, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** Only letters, digits and a few marks: an id is a parameter, where `:` and `;` are syntax. */
const safeId = (id: string) => id.replace(/[^\w.-]/g, '');

/**
 * `text` as a link to `url`. Pieces of one URL wrapped over several lines share an `id`, so a terminal underlines
 * them together on hover. Returns `text` unchanged when the URL is unusable inside the sequence.
 */
export function osc8(url: string, text: string, id?: string): string {
	const target = hyperlinkUrl(url);
	if (target === '' || target.length > longestUrl || text === '') return text;
	const params = id ? `id=${safeId(id)}` : '';
	return `\u001B]8;${params};${target}\u001B\\${text}\u001B]8;;\u001B\\`;
}
