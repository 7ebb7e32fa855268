// Preloaded into a measured process: report its peak resident set size on exit.
import {writeSync} from 'node:fs';

process.on('exit', () => writeSync(2, `\nmaxrss-kb ${process.resourceUsage().maxRSS}\n`));
