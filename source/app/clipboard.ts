/** OSC 52 asks the terminal to put text on the local clipboard; it works through SSH and tmux (set-clipboard on). */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
