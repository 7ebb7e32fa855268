import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {once} from 'node:events';
import {setTimeout as delay} from 'node:timers/promises';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {marksFile, readMarks, type Marks} from '../../source/core/marks/marks-file.js';
import {openMarks} from '../../source/core/marks/marks-store.js';

// Real processes on one state file: kill -9 in the middle of saves, and two
// instances saving at once. The child scripts are written to a temporary
// folder and run with tsx from the repository.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const store = path.join(repo, 'source/core/marks/marks-store.ts');
const temp = mkdtempSync(path.join(os.tmpdir(), 'wxnews-marks-processes-'));
after(() => rmSync(temp, {recursive: true, force: true}));

// Marks `<prefix><i>` for ever, in bursts, printing how many after each burst (and when).
const loop = path.join(temp, 'loop.ts');
writeFileSync(
	loop,
	`import {openMarks} from ${JSON.stringify(store)};
const [root, stateHome, prefix, delayMs] = process.argv.slice(2);
const store = openMarks(root, {stateHome, delayMs: Number(delayMs), onWarning: (m) => console.error(m)});
let i = 0;
const burst = () => {
	for (let k = 0; k < 20; k++) store.setRead(prefix + i++, true);
	console.log(i + ' ' + Date.now());
	setTimeout(burst, 2);
};
burst();
`,
);

// Carries out a list of changes a few at a time, then quits as the app does (close = flush).
const plan = path.join(temp, 'plan.ts');
writeFileSync(
	plan,
	`import {readFileSync} from 'node:fs';
import {openMarks} from ${JSON.stringify(store)};
const [root, stateHome, planFile] = process.argv.slice(2);
const steps = JSON.parse(readFileSync(planFile, 'utf8'));
const store = openMarks(root, {stateHome, delayMs: 5, onWarning: (m) => console.error(m)});
let next = 0;
const step = () => {
	for (const [kind, file, on] of steps.slice(next, next + 10)) {
		if (kind === 'read') store.setRead(file, on);
		else store.setStarred(file, on);
	}
	next += 10;
	if (next < steps.length) setTimeout(step, 1);
	else {
		store.close();
		console.log('done');
	}
};
step();
`,
);

const tsx = (script: string, args: string[]) =>
	spawn(process.execPath, ['--import', 'tsx', script, ...args], {cwd: repo, stdio: ['ignore', 'pipe', 'pipe']});

function whole(file: string): Marks {
	const loaded = readMarks(file);
	assert.equal(loaded.kind, 'marks', `the state file is whole, never torn: ${JSON.stringify(loaded)}`);
	return (loaded as {marks: Marks}).marks;
}

function seed(root: string, stateHome: string, count: number) {
	const seeded = openMarks(root, {stateHome});
	// Long paths, so that each save writes a file large enough (about 600 KB) for kills to land in it.
	for (let i = 0; i < count; i++)
		seeded.setRead(`seed/${String(i).padStart(6, '0')}_微信文章标题示例_一二三四五六.md`, true);
	seeded.close();
}

/** Run the marking loop, kill -9 it after `ms`; what it reported (count, time) and when it was killed. */
async function killDuring(root: string, stateHome: string, prefix: string, delayMs: number, ms: number) {
	const child = tsx(loop, [root, stateHome, prefix, String(delayMs)]);
	const reports: Array<[number, number]> = [];
	let stderr = '';
	let buffer = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		buffer += chunk;
		const lines = buffer.split('\n');
		buffer = lines.pop()!;
		for (const line of lines) reports.push(line.split(' ').map(Number) as [number, number]);
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	while (reports.length === 0) await delay(5);
	await delay(ms);
	const killedAt = Date.now();
	child.kill('SIGKILL');
	// Reaped before anyone looks at its lock: a zombie still answers kill(pid, 0).
	await once(child, 'exit');
	assert.equal(stderr, '', 'no warnings');
	return {reports, killedAt};
}

test('marks: kill -9 in the middle of saves leaves the old or the new file whole, never torn', async () => {
	const root = path.join(temp, 'torn');
	mkdirSync(root);
	const stateHome = path.join(temp, 'torn-state');
	const file = marksFile(root, path.join(stateHome, 'wxnews'));
	seed(root, stateHome, 10_000);
	let leftovers = 0;
	for (let run = 0; run < 12; run++) {
		const prefix = `run${run}/`;
		// A save every few milliseconds, each writing the whole file: most kills land in or near one.
		// Every third run lives long enough to check it saved at all (a busy machine may take a while to sync).
		const lifetime = 150 + ((run * 37) % 200) + (run % 3 === 2 ? 1200 : 0);
		const {reports, killedAt} = await killDuring(root, stateHome, prefix, 5, lifetime);
		const names = readdirSync(path.dirname(file));
		if (names.some((name) => name.endsWith('.tmp') || name.endsWith('.lock'))) leftovers++;
		assert.ok(!names.some((name) => name.includes('.corrupt-')), 'never seen as corrupt');
		const marks = whole(file);
		assert.equal([...marks.read].filter((p) => p.startsWith('seed/')).length, 10_000, 'earlier marks all kept');
		// Saves hold every mark made before them: what this run saved is marks 0..n-1, nothing torn out of it.
		const saved = [...marks.read].filter((p) => p.startsWith(prefix)).map((p) => Number(p.slice(prefix.length)));
		saved.sort((a, b) => a - b);
		assert.ok(
			saved.every((n, i) => n === i),
			`run ${run}: saved marks are a prefix`,
		);
		// The stale lock and temporary file of the killed run do not stop this one from saving.
		const old = reports.filter(([, at]) => at < killedAt - 1000).at(-1);
		if (old) assert.ok(saved.length >= old[0], `run ${run}: ${saved.length} saved, ${old[0]} made 1 s before the kill`);
	}
	console.log(`kill -9 left a temporary or lock file behind (killed mid-save) in ${leftovers} of 12 runs`);
	const last = openMarks(root, {stateHome});
	last.close();
	assert.ok(
		!readdirSync(path.dirname(file)).some((name) => name.endsWith('.tmp')),
		'temporary files of dead processes are removed',
	);
});

test('marks: kill -9 with the default delay loses at most about the last second', async () => {
	const root = path.join(temp, 'second');
	mkdirSync(root);
	const stateHome = path.join(temp, 'second-state');
	const file = marksFile(root, path.join(stateHome, 'wxnews'));
	seed(root, stateHome, 10_000);
	for (let run = 0; run < 3; run++) {
		const prefix = `run${run}/`;
		// The store's default delay.
		const {reports, killedAt} = await killDuring(root, stateHome, prefix, 500, 1300 + run * 300);
		const saved = [...whole(file).read].filter((p) => p.startsWith(prefix)).length;
		const second = reports.filter(([, at]) => at <= killedAt - 1000).at(-1);
		assert.ok(second, 'the loop ran for more than a second');
		assert.ok(saved >= second[0], `run ${run}: ${saved} saved, ${second[0]} made a second before the kill`);
		assert.ok(saved > 0);
	}
});

test('marks: two processes saving at once merge marks, stars and unmarks', async () => {
	const root = path.join(temp, 'two');
	mkdirSync(root);
	const stateHome = path.join(temp, 'two-state');
	const file = marksFile(root, path.join(stateHome, 'wxnews'));
	const seeded = openMarks(root, {stateHome});
	for (let i = 0; i < 400; i++) seeded.setRead(`old${i}`, true);
	for (let i = 0; i < 20; i++) seeded.setStarred(`old${i}`, true);
	seeded.close();

	type Step = ['read' | 'star', string, boolean];
	const steps = (name: string, unmark: [number, number]) => {
		const list: Step[] = [];
		for (let i = 0; i < 600; i++) {
			list.push(['read', `${name}${i}`, true]);
			if (i % 3 === 0) list.push(['star', `${name}${i}`, true]);
			// Both mark the same paths, in the same direction.
			if (i % 4 === 0) list.push(['read', `shared${i}`, true]);
			// Each unmarks old paths that the other loaded as marked and never touches.
			if (i >= unmark[0] && i < unmark[1]) list.push(['read', `old${i}`, false], ['star', `old${i % 20}`, false]);
		}
		// Marked then unmarked here: never saved as marked, whatever the other does.
		list.push(['read', `${name}0`, false]);
		return list;
	};
	const files = ['a', 'b'].map((name, i) => {
		const planFile = path.join(temp, `plan-${name}.json`);
		writeFileSync(planFile, JSON.stringify(steps(name, i === 0 ? [0, 100] : [100, 200])));
		return planFile;
	});
	const children = files.map((planFile) => tsx(plan, [root, stateHome, planFile]));
	const outputs = await Promise.all(
		children.map(async (child) => {
			let out = '';
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
			const [code] = (await once(child, 'exit')) as [number];
			return {code, out};
		}),
	);
	for (const {code, out} of outputs) assert.deepEqual({code, out}, {code: 0, out: 'done\n'});

	const marks = whole(file);
	const expected = new Set<string>();
	for (let i = 1; i < 600; i++) expected.add(`a${i}`).add(`b${i}`);
	for (let i = 0; i < 600; i += 4) expected.add(`shared${i}`);
	for (let i = 200; i < 400; i++) expected.add(`old${i}`);
	assert.deepEqual([...marks.read].sort(), [...expected].sort());
	const stars = [...marks.starred].sort();
	assert.equal(stars.filter((p) => p.startsWith('old')).length, 0, 'both unstarred all the old stars');
	assert.equal(stars.length, 400);
});

test('marks: without a home directory the store keeps marks in memory only', (t) => {
	// os.homedir() throws only with HOME unset and no passwd entry: a uid nobody has, which needs root to take.
	const uid = 54_321;
	if (process.getuid?.() !== 0 || spawnSync('id', [String(uid)]).status === 0)
		return t.skip('needs root (the pure stateDirectory test covers the rule)');
	// Readable by that uid (the test folder is 0700).
	const folder = path.join(temp, 'homeless');
	mkdirSync(folder, {mode: 0o755});
	chmodSync(temp, 0o755);
	const script = path.join(folder, 'homeless.ts');
	writeFileSync(
		script,
		`import {openMarks} from ${JSON.stringify(store)};
const warnings = [];
const store = openMarks('/', {onWarning: (m) => warnings.push(m)});
store.setRead('a.md', true);
store.close();
console.log(JSON.stringify({file: store.file ?? null, read: store.isRead('a.md'), warnings}));
`,
	);
	const env = {...process.env};
	delete env['HOME'];
	delete env['XDG_STATE_HOME'];
	const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
		cwd: repo,
		env,
		uid,
		encoding: 'utf8',
	});
	if (result.error || (result.status !== 0 && /EACCES/.test(result.stderr)))
		return t.skip('node or the repository is not reachable by that uid');
	assert.equal(result.status, 0, result.stderr);
	assert.deepEqual(JSON.parse(result.stdout), {
		file: null,
		read: true,
		warnings: ['no home directory: read marks, stars and places are kept until quit only'],
	});
});

test('marks: a write that fails half way (file size limit, as a full disk does) never throws and keeps the old file', async () => {
	const root = path.join(temp, 'full');
	mkdirSync(root);
	const stateHome = path.join(temp, 'full-state');
	const file = marksFile(root, path.join(stateHome, 'wxnews'));
	const seeded = openMarks(root, {stateHome});
	seeded.setRead('kept.md', true);
	seeded.close();
	const script = path.join(temp, 'full.ts');
	writeFileSync(
		script,
		`import {openMarks} from ${JSON.stringify(store)};
const [root, stateHome] = process.argv.slice(2);
const warnings = [];
const store = openMarks(root, {stateHome, delayMs: 10, onWarning: (m) => warnings.push(m)});
// About 600 KB of state: more than the 64 KB the shell allows this process to write to a file.
for (let i = 0; i < 10000; i++) store.setRead('seed/' + String(i).padStart(6, '0') + '_微信文章标题示例_一二三四五六.md', true);
setTimeout(() => {
	store.setStarred('kept.md', true);
	store.flush();
	store.close();
	console.log(JSON.stringify({warnings, read: store.isRead('seed/000001_微信文章标题示例_一二三四五六.md'), starred: store.isStarred('kept.md')}));
}, 200);
`,
	);
	// Ignoring SIGXFSZ makes the write fail with EFBIG instead of killing the process; the limit is in KiB.
	const child = spawn(
		'bash',
		[
			'-c',
			'ulimit -f 64; trap "" XFSZ; exec "$@"',
			'bash',
			process.execPath,
			'--import',
			'tsx',
			script,
			root,
			stateHome,
		],
		{
			cwd: repo,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let out = '';
	let err = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
	const [code] = (await once(child, 'exit')) as [number];
	assert.equal(code, 0, err);
	const result = JSON.parse(out) as {warnings: string[]; read: boolean; starred: boolean};
	assert.equal(
		result.warnings.length,
		1,
		`one warning for the debounced save and the flush: ${result.warnings.join(' | ')}`,
	);
	assert.match(result.warnings[0]!, /cannot save state .*EFBIG.*kept until quit only/);
	assert.ok(result.read && result.starred, 'the marks live on in memory');
	assert.deepEqual([...whole(file).read], ['kept.md'], 'the old file is whole and unchanged');
	assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)], 'no temporary or lock file is left');
});
