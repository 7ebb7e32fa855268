import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';

// cjk-friendly lets `**有网友表示，**微信` emphasise, which CommonMark alone
// refuses because the closing `**` follows punctuation and precedes a letter.
// Setext headings are off: exports write headings with `#`, and a lone `-` under a line
// (`【  \n-  \n】2022`) is text the exporter split, not an underline.
const md = new MarkdownIt({html: true, linkify: false, breaks: false}).use(cjkFriendly).disable('lheading');

// Raw HTML passes through (exports carry real tables), but a tag whose content is never shown (`<script>`,
// `<iframe>`…) or that would make the converter drop the rest (`<body>`) is text in an article about it (a payload
// like `<svg onload=alert(1)>`): it is shown, not obeyed. `<style>` stays hidden: its CSS is never meant to be read.
const hidingTag =
	/<(?=\/?(?:script|textarea|title|iframe|noscript|template|xmp|plaintext|noembed|noframes|head|html|body|select|object|embed|svg|math|button|input|canvas|map)\b)/gi;
const showHidingTags = (content: string) => content.replace(hidingTag, '&lt;');
md.renderer.rules.html_inline = (tokens, index) => showHidingTags(tokens[index]!.content);
md.renderer.rules.html_block = (tokens, index) => showHidingTags(tokens[index]!.content);

/** Markdown to HTML, so that both formats go through one renderer. */
export function markdownToHtml(source: string): string {
	// WeChat exports leave empty bold runs inside words (`**0****1**`,
	// `**ADC****的`): dropping them joins the emphasis the author meant.
	return md.render(source.replace(/(?<=\S)\*{4}(?=\S)/g, ''));
}
