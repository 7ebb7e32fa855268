// Replaces the restore-cursor package in the bundle (esbuild --alias). It writes the cursor-show sequence to stderr at
// exit, which lands in `2>file`; the app shows the cursor itself, on the terminal (screen.ts).
export default function restoreCursor(): void {}
