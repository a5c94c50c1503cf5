'use strict';
// The hand-written baselines, each run in a fresh process on the same Node 24 that runs n8n:
//   node baseline-worker.js '<json task>'
// prints one JSON line with the timing. Tasks:
//   { kind: 'list', origin, authorization, pageSize }        undici loop over GET /transcripts/
//   { kind: 'protect-inspect', origin, apiKey, apiSecret, files: [...] }
//                                                            undici multipart Protect, then Inspect
// Timing starts after the process and its modules are loaded, as a node's executionTime does.

const fs = require('node:fs');
const path = require('node:path');
const { request, Agent, FormData } = require('undici');

const now = () => performance.now();

async function list({ origin, authorization, pageSize = 1000 }) {
	const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
	const started = now();
	const all = [];
	let skip = 0;
	let requests = 0;
	for (;;) {
		const response = await request(`${origin}/transcripts/?limit=${pageSize}&skip=${skip}`, { method: 'GET', headers: { authorization, accept: 'application/json' }, dispatcher });
		requests++;
		if (response.statusCode !== 200) throw new Error(`GET /transcripts/ → ${response.statusCode}: ${await response.body.text()}`);
		const page = JSON.parse(await response.body.text());
		for (const entry of page) all.push(entry);
		if (page.length < pageSize) break;
		skip += page.length;
	}
	const ms = now() - started;
	await dispatcher.close();
	return { ms, requests, items: all.length };
}

async function protectInspect({ origin, apiKey, apiSecret, files, mimeType = 'image/jpeg' }) {
	const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
	const headers = { 'x-api-key': apiKey, ...(apiSecret ? { 'x-api-secret': apiSecret } : {}), accept: 'application/json' };
	const post = async (route, bytes, name) => {
		const form = new FormData();
		form.append('file', new Blob([bytes], { type: mimeType }), name);
		const response = await request(`${origin}${route}`, { method: 'POST', headers, body: form, dispatcher });
		const body = Buffer.from(await response.body.arrayBuffer());
		if (response.statusCode !== 200) throw new Error(`POST ${route} → ${response.statusCode}: ${body.toString('utf8').slice(0, 300)}`);
		return body;
	};
	const started = now();
	let protectMs = 0;
	let inspectMs = 0;
	const verdicts = {};
	for (const file of files) {
		const original = await fs.promises.readFile(file);
		const t0 = now();
		const protectedBytes = await post('/v1/protect', original, path.basename(file));
		const t1 = now();
		const report = JSON.parse((await post('/v1/inspect', protectedBytes, path.basename(file))).toString('utf8'));
		inspectMs += now() - t1;
		protectMs += t1 - t0;
		verdicts[report.verdict] = (verdicts[report.verdict] || 0) + 1;
	}
	const ms = now() - started;
	await dispatcher.close();
	return { ms, protectMs, inspectMs, items: files.length, requests: files.length * 2, verdicts };
}

const TASKS = { list, 'protect-inspect': protectInspect };

async function main() {
	const task = JSON.parse(process.argv[2]);
	const run = TASKS[task.kind];
	if (!run) throw new Error(`unknown task ${task.kind}`);
	const result = await run(task);
	process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ ok: false, error: error.stack || error.message })}\n`);
	process.exit(1);
});
