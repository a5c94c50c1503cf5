'use strict';
// Running the baselines: the hand-written Node clients (baseline-worker.js, one process per run,
// on the Node 24 that runs n8n) and curl.

const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./util');

const WORKER = path.join(__dirname, 'baseline-worker.js');

async function runBaseline(ctx, task) {
	const result = await run(ctx.runtime.nodeBin, ['--no-warnings', WORKER, JSON.stringify(task)], { env: process.env });
	const line = result.stdout.trim().split('\n').pop() || '';
	let parsed;
	try {
		parsed = JSON.parse(line);
	} catch {
		throw new Error(`baseline ${task.kind} printed no result (exit ${result.code}):\n${result.stdout}${result.stderr}`);
	}
	if (!parsed.ok) throw new Error(`baseline ${task.kind} failed: ${parsed.error}`);
	return parsed;
}

/** Makes sure curl exists: installs it with apt-get only when it is missing. Returns its version line or null. */
async function ensureCurl(progress) {
	const probe = await run('curl', ['--version']).catch(() => null);
	if (probe && probe.code === 0) return probe.stdout.split('\n')[0];
	progress('curl is missing: apt-get install -y curl');
	const sudo = process.getuid && process.getuid() !== 0 ? ['sudo', '-n'] : [];
	const apt = async (...args) => run(sudo[0] || 'apt-get', sudo.length ? [...sudo.slice(1), 'apt-get', ...args] : args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	await apt('update').catch(() => null);
	const installed = await apt('install', '-y', 'curl').catch(() => null);
	if (!installed || installed.code !== 0) return null;
	const again = await run('curl', ['--version']).catch(() => null);
	return again && again.code === 0 ? again.stdout.split('\n')[0] : null;
}

/**
 * curl with its own timer (-w): `{ ms, bytes, status }`, where ms is curl's time_total (no process
 * start-up in it).
 */
async function curl(args) {
	const result = await run('curl', ['-sS', '-w', '\n%{http_code} %{time_total} %{size_upload} %{size_download}', ...args]);
	if (result.code !== 0) throw new Error(`curl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
	const lines = result.stdout.trimEnd().split('\n');
	const [status, seconds, uploaded, downloaded] = lines.pop().split(' ');
	return { status: Number(status), ms: Number(seconds) * 1000, uploaded: Number(uploaded), downloaded: Number(downloaded), body: lines.join('\n') };
}

async function curlUpload({ origin, user, file, mimeType, query }) {
	// -T streams the file from disk. Its URL needs a file part (or curl appends the file's name),
	// so the real target "/?…" is given with --request-target. "Expect:" off: no 100-continue wait.
	const target = `/?${new URLSearchParams(query)}`;
	const result = await curl(['-X', 'POST', '-u', user, '-H', `content-type: ${mimeType}`, '-H', 'Expect:', '-H', 'accept: application/json', '-T', file, '--request-target', target, `${origin}/upload`]);
	if (result.status !== 200) throw new Error(`curl upload → ${result.status}: ${result.body}`);
	return { ms: result.ms, bytes: result.uploaded, response: JSON.parse(result.body) };
}

/** The export API call, then the link streamed to a file: both timed by curl and added up. */
async function curlDownload({ origin, user, exportPath, out }) {
	const api = await curl(['-u', user, '-H', 'accept: application/json', `${origin}${exportPath}`]);
	if (api.status !== 200) throw new Error(`curl export → ${api.status}: ${api.body}`);
	const { url } = JSON.parse(api.body);
	const file = await curl(['-o', out, url]);
	if (file.status !== 200) throw new Error(`curl download → ${file.status}`);
	return { ms: api.ms + file.ms, apiMs: api.ms, bytes: fs.statSync(out).size };
}

module.exports = { runBaseline, ensureCurl, curlUpload, curlDownload };
