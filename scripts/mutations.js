#!/usr/bin/env node
'use strict';
// `npm run test:mutations`: deliberate breakages of shipped behaviour, applied one at a time to the
// built code (dist/), each followed by the tests that should catch it. A breakage no test notices
// is a test that is missing. Not part of `npm test`.
//
//   node scripts/mutations.js                 build, check the tests pass as they are, run every mutation
//   node scripts/mutations.js retry folder    only the mutations whose id contains one of the words
//   MUTATIONS_SKIP_BUILD=1                    use dist/ as it is (it must be a clean build)
//   MUTATIONS_SKIP_BASELINE=1                 do not first run the chosen tests on the unbroken code
//   MUTATIONS_LIST=1                          print the mutations, their tests and whether each target is found; run nothing
//
// Each mutation replaces one exact text in one file of dist/. The text must occur exactly once:
// when the code has changed so that it occurs zero or several times, the mutation fails as
// "target not found" instead of silently testing nothing. The original file is put back after
// every mutation, whatever happens (also on Ctrl-C); a run killed outright leaves a note
// (dist/.mutation-in-progress.json) that the next run restores first.
//
// The in-process tests (test/unit/**) do the catching; a few breakages that no in-process test
// covers fall back to one filtered real-n8n test file (needs the runtime `npm run test:e2e`
// installs) and are reported as caught by real n8n only.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { packageFolders } = require('./build-packages');

const REPO = path.resolve(__dirname, '..');
const DIST = path.join(REPO, 'dist');
const NOTE = path.join(DIST, '.mutation-in-progress.json');
const JEST = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
/** A test run longer than this is stopped and counts as caught (the suite did not pass). */
const RUN_TIMEOUT_MS = Number(process.env.MUTATIONS_RUN_TIMEOUT_MS || 8 * 60 * 1000);

const OPS = 'test/unit/operations';
/**
 * id, what breaks, the file (under dist/), the exact text and its replacement, and the in-process
 * test files that must fail (`tests`). `e2e` names a real-n8n test file and a test-name filter,
 * used only where no in-process test covers the behaviour: it runs when the in-process tests
 * (if any) pass, and a breakage caught only there is reported as such, a sign that an in-process
 * test is missing.
 */
const MUTATIONS = [
	{
		id: 'billed-500-resent',
		what: 'a billed call (upload, Protect, Inspect) is sent again after a 500 the server may have processed',
		file: 'nodes/shared/request.js',
		from: "(options.resend === 'idempotent' && TRANSIENT_STATUSES.has(status)) || unavailableNotProcessed",
		to: "(options.resend === 'idempotent' && TRANSIENT_STATUSES.has(status)) || unavailableNotProcessed || status === 500",
		tests: ['test/unit/error-advice.test.js', `${OPS}/trustnxt-asset.test.js`, `${OPS}/trustnxt-faults.test.js`],
	},
	{
		id: 'billed-503-without-retry-after-resent',
		what: 'a billed call is sent again after a 503 without Retry-After (not provably unprocessed)',
		file: 'nodes/shared/request.js',
		from: "response.headers['retry-after'] !== undefined;",
		to: 'true;',
		tests: ['test/unit/error-advice.test.js', `${OPS}/trustnxt-faults.test.js`],
	},
	{
		id: 'paired-item-missing',
		what: 'an output item without pairedItem',
		file: 'nodes/shared/items.js',
		from: 'result.pairedItem = { item: itemIndex };',
		to: ';',
		tests: [`${OPS}/trint-transcript.test.js`],
	},
	{
		id: 'continue-on-fail-drops-item',
		what: 'Continue On Fail drops the failed item instead of giving an error item',
		file: 'nodes/shared/items.js',
		from: 'output.push(errorItem(failure, itemIndex));',
		to: ';',
		tests: [`${OPS}/trint-transcript.test.js`],
	},
	{
		id: 'concurrency-not-lowered-on-429',
		what: 'Batch Concurrency is not lowered after a 429',
		file: 'nodes/shared/items.js',
		from: 'limit = Math.max(1, Math.floor(limit / 2));',
		to: 'limit = Math.max(1, limit);',
		tests: ['test/unit/items-concurrency.test.js', `${OPS}/batch-concurrency.test.js`],
	},
	{
		id: 'secret-in-error',
		what: "an error message keeps the connection's secrets (no masking)",
		file: 'nodes/shared/errors.js',
		from: 'const message = redactSecrets(details.message, secrets);',
		to: 'const message = details.message;',
		tests: ['test/unit/shared-errors.test.js', 'test/unit/error-advice.test.js', `${OPS}/trint-transcript.test.js`],
	},
	{
		id: 'basic-header-wrong-fields',
		what: 'the Trint Basic header is built from the wrong fields (the secret as user name)',
		file: 'credentials/TrintApi.credentials.js',
		from: 'credentials.keyId',
		to: 'credentials.keySecret',
		tests: [`${OPS}/trint-transcript.test.js`],
		// The in-process layer applies the credential classes' own authenticate only once it runs on n8n's engine.
		e2e: { file: 'test/e2e/credentials.test.js', only: 'a valid key passes' },
	},
	{
		id: 'legacy-key-as-basic',
		what: 'the Trint legacy key is sent as Basic auth instead of the api-key header',
		file: 'credentials/TrintLegacyApi.credentials.js',
		from: 'return { ...requestOptions, headers };',
		to: "return { ...requestOptions, auth: { username: headers['api-key'], password: '' } };",
		tests: ['test/engine/harness.test.js', 'test/unit/trint-lists.test.js'],
		e2e: { file: 'test/e2e/credentials.test.js', only: 'a valid legacy key passes' },
	},
	{
		id: 'return-all-page-skipped',
		what: 'Return All skips a page (the next request starts a page too far on)',
		file: 'nodes/shared/pages.js',
		from: 'nextSkip = skip + limit;',
		to: 'nextSkip = skip + limit + limit;',
		tests: ['test/unit/trint-paging.test.js', 'test/unit/pages.test.js', `${OPS}/trint-parallel-pages.test.js`],
	},
	{
		id: 'personal-folder-filter-dropped',
		what: "a personal folder's transcripts are not filtered by folder (Trint ignores folderId without a drive)",
		file: 'nodes/Trint/transport/transcripts.js',
		from: 'return { query, keep: (entry) => entry.folderId === folderId };',
		to: 'return { query };',
		tests: [`${OPS}/trint-folder.test.js`, 'test/unit/trint-lists.test.js'],
	},
	{
		id: 'id-not-url-encoded',
		what: 'an ID is put into the path as it is, so "/" or "?" reach another path',
		file: 'nodes/Trint/transport/index.js',
		from: 'return encodeURIComponent(id);',
		to: 'return id;',
		// Trint IDs of transcripts, folders and drives are refused by shape first; a live transcript's
		// ID is free text and reaches the path.
		tests: [`${OPS}/trint-live-transcript.test.js`, `${OPS}/trint-transcript.test.js`],
	},
	{
		id: 'export-bytes-altered',
		what: 'the exported file reaches n8n with bytes changed (one bit of every chunk flipped)',
		file: 'nodes/Trint/transport/exports.js',
		from: 'return outcome.response;',
		to: "return { ...outcome.response, body: outcome.response.body.pipe(new (require('node:stream').Transform)({ transform(chunk, _encoding, done) { const copy = Buffer.from(chunk); copy[0] ^= 1; done(null, copy); } })) };",
		tests: [`${OPS}/trint-transcript.test.js`],
	},
	{
		id: 'download-host-gets-credential',
		what: "the export download link is fetched with Trint's credential",
		file: 'nodes/Trint/transport/exports.js',
		from: "{ resend: 'idempotent' }",
		to: "{ resend: 'idempotent', credentialType: connection.credentialType }",
		tests: [`${OPS}/trint-transcript.test.js`],
	},
	{
		id: 'webhook-token-not-checked',
		what: "the webhook trigger accepts a call whatever its token (the token check always matches)",
		file: 'nodes/Trint/trigger/callbackToken.js',
		from: 'return difference === 0;',
		to: 'return true;',
		tests: ['test/unit/trint-trigger-nodes.test.js'],
	},
	{
		id: 'polling-emits-twice',
		what: 'the polling trigger does not remember what it emitted, so a transcript is emitted again on the next poll',
		file: 'nodes/Trint/trigger/seenTranscripts.js',
		from: 'let seen = [...previous.seen, ...newIds];',
		to: 'let seen = [...previous.seen];',
		tests: ['test/unit/trint-trigger-logic.test.js', 'test/unit/trint-trigger-nodes.test.js'],
	},
	{
		id: '429-not-retried',
		what: 'a 429 is not waited out and sent again',
		file: 'nodes/shared/request.js',
		from: 'status === 429 && rateLimitRetries < maxRateLimitRetries',
		to: 'status === 429 && rateLimitRetries < 0',
		tests: ['test/unit/items-concurrency.test.js', `${OPS}/batch-concurrency.test.js`, `${OPS}/trint-read-faults.test.js`, `${OPS}/trustnxt-faults.test.js`],
	},
	{
		id: 'retry-after-not-capped',
		what: "a server's Retry-After is waited out however long it is",
		file: 'nodes/shared/retry.js',
		from: 'return Math.min(asked, exports.RETRY_AFTER_CAP_MS);',
		to: 'return asked;',
		tests: ['test/unit/shared-errors.test.js'],
	},
	{
		id: 'read-500-not-reported',
		what: 'a 500 answering a read is taken as a success instead of an error',
		file: 'nodes/shared/client.js',
		from: '(status >= 200 && status < 300) ||',
		to: '(status >= 200 && status < 300) || status === 500 ||',
		tests: ['test/unit/error-advice.test.js', `${OPS}/trint-read-faults.test.js`],
	},
	{
		id: 'embedded-without-store',
		what: 'Read Content Credentials says "embedded" for a file that has no manifest store',
		file: 'nodes/TrustNxt/c2pa/index.js',
		from: "finding.remoteUrl ? 'remote' : 'none'",
		to: "finding.remoteUrl ? 'remote' : 'embedded'",
		tests: ['test/unit/read-content-credentials-stored.test.js', `${OPS}/trustnxt-asset.test.js`],
	},
	{
		id: 'store-size-cap-removed',
		what: 'the C2PA reader no longer refuses a manifest store over its size cap',
		file: 'nodes/TrustNxt/c2pa/containers/counter.js',
		from: 'LIMITS.maxStoreBytes)',
		to: 'LIMITS.maxStoreBytes && false)',
		tests: ['test/unit/c2pa-reader.test.js'],
	},
	{
		id: 'cbor-item-cap-removed',
		what: 'the C2PA reader no longer stops at its CBOR item cap',
		file: 'nodes/TrustNxt/c2pa/cbor.js',
		from: 'LIMITS.maxCborItems)',
		to: 'LIMITS.maxCborItems && false)',
		tests: ['test/unit/c2pa-reader.test.js'],
	},
	{
		id: 'source-headers-after-cross-origin-redirect',
		what: "the URL source's own headers are sent on after a redirect to another origin",
		file: 'nodes/Trint/transport/urlSource.js',
		from: 'const sameOrigin = url.origin === start.origin;',
		to: 'const sameOrigin = true;',
		// No in-process test follows a source redirect to another origin; the real-n8n suite does.
		tests: [],
		e2e: { file: 'test/e2e/trint-extensions.test.js', only: 'redirects are followed' },
	},
	{
		id: 'issuance-remembered-per-certificate',
		what: 'Verify remembers whether a certificate was issued without regard to the issuer asked about, so a CA of the same name inherits another\'s answer',
		file: 'nodes/TrustNxt/c2pa/validate/certificates.js',
		from: 'answers.set(certificate, byIssuer);',
		to: 'answers.set(certificate, byIssuer); byIssuer.get = function () { return this.first; }; byIssuer.set = function (key, value) { this.first ??= value; return this; };',
		tests: ['test/unit/c2pa-verify-trust.test.js', 'test/unit/c2pa-verify.test.js'],
	},
];

// ---------------------------------------------------------------------------------------------
// Applying and restoring

/** The files currently mutated and their original texts, so they can be put back from anywhere. */
let active;

function restore() {
	if (!active) return;
	for (const { path: file, original } of active) fs.writeFileSync(file, original);
	fs.rmSync(NOTE, { force: true });
	active = undefined;
}

/** A run killed outright (SIGKILL, power) left its note: put that file back first. */
function restoreLeftover() {
	if (!fs.existsSync(NOTE)) return;
	for (const note of [].concat(JSON.parse(fs.readFileSync(NOTE, 'utf8')))) {
		fs.writeFileSync(note.path, Buffer.from(note.original, 'base64'));
		console.log(`restored ${path.relative(REPO, note.path)} left mutated by an interrupted run`);
	}
	fs.rmSync(NOTE, { force: true });
}

/**
 * Where the mutation's text is (the compiled file in dist/ and its copy in each published
 * package's dist/ that has it: tests load the packages), or why it cannot be applied.
 */
function locate(mutation) {
	const main = path.join(DIST, mutation.file);
	if (!fs.existsSync(main)) return { error: `target not found: ${mutation.file} does not exist` };
	const copies = packageFolders().map((folder) => path.join(folder, 'dist', mutation.file)).filter((file) => fs.existsSync(file));
	const targets = [];
	for (const file of [main, ...copies]) {
		const text = fs.readFileSync(file, 'utf8');
		const count = text.split(mutation.from).length - 1;
		if (count !== 1) return { error: `target not found: the text occurs ${count} times in ${path.relative(REPO, file)} (must be exactly once): ${mutation.from}` };
		targets.push({ file, text });
	}
	return { targets };
}

function apply(mutation, { targets }) {
	active = targets.map(({ file, text }) => ({ path: file, original: text }));
	fs.writeFileSync(NOTE, JSON.stringify(targets.map(({ file, text }) => ({ path: file, original: Buffer.from(text).toString('base64') }))));
	for (const { file, text } of targets) fs.writeFileSync(file, text.replace(mutation.from, () => mutation.to));
}

// ---------------------------------------------------------------------------------------------
// Running tests

let child;

/** Runs jest on the files; resolves to { passed, failures, timedOut, seconds }. */
function runJest(files, { e2e = false, only } = {}) {
	if (!files.length) return Promise.resolve({ passed: true, failures: [], seconds: 0, output: '' });
	const args = [JEST, ...files, '--selectProjects', ...(e2e ? ['e2e'] : ['unit', 'engine']), '--bail', '--colors=false'];
	if (e2e) args.push('--runInBand');
	if (only) args.push('-t', only);
	const started = Date.now();
	return new Promise((resolve) => {
		let output = '';
		// Own process group, so a stop reaches jest's workers and any n8n it started.
		child = spawn(process.execPath, args, {
			cwd: REPO,
			detached: true,
			env: { ...process.env, PACK_SKIP_BUILD: '1', FORCE_COLOR: '0' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout.on('data', (data) => (output += data));
		child.stderr.on('data', (data) => (output += data));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killChild();
		}, RUN_TIMEOUT_MS);
		child.on('close', (code) => {
			clearTimeout(timer);
			child = undefined;
			// Jest names each failed test on a line starting with "●".
			const failures = [...new Set(output.split('\n').filter((line) => /^\s*● /.test(line) && !/Console/.test(line)).map((line) => line.trim().slice(2)))];
			resolve({ passed: code === 0 && !timedOut, failures, timedOut, seconds: Math.round((Date.now() - started) / 1000), output });
		});
	});
}

const e2eBaselines = new Map();
async function e2ePassesUnbroken({ file, only }) {
	const key = `${file} ${only}`;
	if (!e2eBaselines.has(key)) {
		console.log(`    checking ${file} (-t "${only}") on the unbroken build`);
		e2eBaselines.set(key, (await runJest([file], { e2e: true, only })).passed);
	}
	return e2eBaselines.get(key);
}

function killChild() {
	if (!child) return;
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		// Already gone.
	}
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		killChild();
		restore();
		console.log(`\n${signal}: stopped; dist/ restored`);
		process.exit(130);
	});
}
process.on('exit', restore);

// ---------------------------------------------------------------------------------------------

async function main() {
	const words = process.argv.slice(2);
	const chosen = words.length ? MUTATIONS.filter((m) => words.some((word) => m.id.includes(word))) : MUTATIONS;
	if (!chosen.length) throw new Error(`no mutation matches ${words.join(', ')}`);
	if (process.env.MUTATIONS_LIST === '1') {
		for (const m of chosen) {
			const where = locate(m);
			console.log(`${m.id}${where.error ? ` (${where.error})` : ''}\n  ${m.what}\n  ${m.file}\n  tests: ${m.tests.join(', ') || 'none in-process'}${m.e2e ? `; real n8n: ${m.e2e.file} (-t "${m.e2e.only}")` : ''}`);
		}
		return 0;
	}
	if (process.env.MUTATIONS_SKIP_BUILD !== '1') {
		console.log('building (npm run build)');
		const build = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
		if (build.status !== 0) throw new Error('npm run build failed');
	}
	restoreLeftover();

	if (process.env.MUTATIONS_SKIP_BASELINE !== '1') {
		const unitFiles = [...new Set(chosen.flatMap((m) => m.tests))];
		console.log(`baseline: ${unitFiles.length} in-process test files on the unbroken build`);
		const baseline = await runJest(unitFiles);
		if (!baseline.passed) {
			process.stdout.write(baseline.output);
			throw new Error(`the tests fail without any mutation (${baseline.failures.join('; ') || 'see above'}): fix them first`);
		}
		console.log(`baseline passed (${baseline.seconds} s)`);
	}

	const results = [];
	for (const [index, mutation] of chosen.entries()) {
		const where = locate(mutation);
		const label = `[${index + 1}/${chosen.length}] ${mutation.id}`;
		if (where.error) {
			console.log(`${label}: MISSED (${where.error})`);
			results.push({ mutation, caught: false, note: where.error });
			continue;
		}
		apply(mutation, where);
		let run;
		let realN8nOnly = false;
		try {
			run = await runJest(mutation.tests);
			if (run.passed && mutation.e2e) {
				realN8nOnly = true;
				run = await runJest([mutation.e2e.file], { e2e: true, only: mutation.e2e.only });
			}
		} finally {
			restore();
		}
		// A real-n8n test that failed is checked once on the unbroken build: failing there too, it proves nothing.
		if (realN8nOnly && !run.passed && !(await e2ePassesUnbroken(mutation.e2e))) {
			console.log(`${label}: MISSED — ${mutation.e2e.file} (-t "${mutation.e2e.only}") fails without the mutation too`);
			results.push({ mutation, caught: false, note: `${mutation.e2e.file} fails on the unbroken build` });
			continue;
		}
		const caught = !run.passed;
		const all = [...mutation.tests, ...(mutation.e2e ? [mutation.e2e.file] : [])].join(', ');
		let by = run.timedOut ? `the run did not finish in ${RUN_TIMEOUT_MS / 1000} s` : run.failures.slice(0, 3).join(' | ') || 'jest exited non-zero';
		if (realN8nOnly) by = `real n8n only (${mutation.e2e.file}; no in-process test caught it): ${by}`;
		console.log(`${label}: ${caught ? 'caught' : 'MISSED'} — ${mutation.what}`);
		console.log(`    ${caught ? `by ${by}` : `no failure in: ${all}`}`);
		results.push({ mutation, caught, note: caught ? (realN8nOnly ? 'real n8n only' : '') : `tests passed: ${all}` });
	}

	const caught = results.filter((r) => r.caught).length;
	const missed = results.length - caught;
	console.log('');
	for (const r of results) console.log(`${r.caught ? 'caught' : 'MISSED'}  ${r.mutation.id}${r.note ? `  (${r.note})` : ''}`);
	const realOnly = results.filter((r) => r.caught && r.note === 'real n8n only').length;
	if (realOnly) console.log(`\n${realOnly} of the caught only by a real-n8n test: an in-process test is missing for each`);
	console.log(`\n${caught} caught, ${missed} missed`);
	return missed ? 1 : 0;
}

main()
	.then((code) => {
		process.exitCode = code;
	})
	.catch((error) => {
		restore();
		console.error(`mutations: ${error.message}`);
		process.exitCode = 2;
	});
