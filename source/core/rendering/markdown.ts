import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';

// cjk-friendly lets `**有网友表示，**微信` emphasise, which CommonMark alone
// refuses because the closing `**` follows punctuation and precedes a letter.
// Setext headings are off: exports write headings with `#`, and a lone `-` under a line
// (`【  \n-  \n】2022`) is text the exporter split, not an underline.
const md = new MarkdownIt({html: true, linkify: false, breaks: false}).use(cjkFriendly).disable('lheading');

/** Markdown to HTML, so that both formats go through one renderer. */
export function markdownToHtml(source: string): string {
	// WeChat exports leave empty bold runs inside words (`**0****1**`,
	// `**ADC****的`): dropping them joins the emphasis the author meant.
	return md.render(source.replace(/(?<=\S)\*{4}(?=\S)/g, ''));
}
