import stripAnsi from 'strip-ansi';
import type stringWidthFunction from 'string-width';
import {displayWidth, stringWidth as packageWidth} from '../core/text/width.js';

// Replaces string-width in the bundle (esbuild --alias) for Ink and the packages it measures with (widest-line,
// cli-truncate, wrap-ansi): the same widths (a test compares them), through width.ts's fast paths, so that
// string-width itself, whose patterns take about 18 ms to compile, is loaded only for a grapheme they do not cover.
const stringWidth: typeof stringWidthFunction = (text, options) => {
	if (options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes) return packageWidth(text, options);
	return displayWidth(text.includes('\u001B') || text.includes('\u009B') ? stripAnsi(text) : text);
};

export default stringWidth;
