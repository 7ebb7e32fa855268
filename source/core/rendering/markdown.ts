import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';

// cjk-friendly lets `**有网友表示，**微信` emphasise, which CommonMark alone
// refuses because the closing `**` follows punctuation and precedes a letter.
const md = new MarkdownIt({html: true, linkify: false, breaks: false}).use(cjkFriendly);

/** Markdown to HTML, so that both formats go through one renderer. */
export function markdownToHtml(source: string): string {
	// WeChat exports leave empty bold runs inside words (`**0****1**`,
	// `**ADC****的`): dropping them joins the emphasis the author meant.
	return md.render(source.replace(/(?<=\S)\*{4}(?=\S)/g, ''));
}
