'use strict';
// The hand-written baselines, each run in a fresh process on the same Node 24 that runs n8n:
//   node baseline-worker.js '<json task>'
// prints one JSON line with the timing. Tasks:
//   { kind: 'list', origin, authorization, pageSize }        undici loop over GET /transcripts/
//   { kind: 'protect-inspect', origin, apiKey, apiSecret, files: [...] }
//                                                            undici multipart Protect, then Inspect
//   { kind: 'upload', origin, authorization, file, mimeType, query }   node:http streamed upload
//   { kind: 'download', origin, authorization, exportPath, out }       export link, node:http stream to disk
// Timing starts after the process and its modules are loaded, as a node's executionTime does.

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { request, Agent, FormData } = require('undici');

const now = () => performance.now();

async function list({ origin, authorization, pageSize = 1000 }) {
	const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
	const started = now();
	const all = [];
	let skip = 0;
	let requests = 0;
	for (;;) {
		const response = await request(`${origin}/transcripts/?limit=${pageSize}&skip=${skip}`, {
			method: 'GET',
			headers: { authorization, accept: 'application/json' },
			dispatcher,
		});
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

function upload({ origin, authorization, file, mimeType, query }) {
	const size = fs.statSync(file).size;
	const url = new URL(`${origin}/?${new URLSearchParams(query)}`);
	const started = now();
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST', headers: { authorization, 'content-type': mimeType, 'content-length': size, accept: 'application/json' } }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => {
				const ms = now() - started;
				const text = Buffer.concat(chunks).toString('utf8');
				if (res.statusCode !== 200) reject(new Error(`upload → ${res.statusCode}: ${text}`));
				else resolve({ ms, bytes: size, response: JSON.parse(text) });
			});
		});
		req.on('error', reject);
		fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(req);
	});
}

function get(url, headers) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { headers }, resolve);
		req.on('error', reject);
	});
}

async function download({ origin, authorization, exportPath, out }) {
	const started = now();
	const api = await get(`${origin}${exportPath}`, { authorization, accept: 'application/json' });
	const chunks = [];
	for await (const chunk of api) chunks.push(chunk);
	if (api.statusCode !== 200) throw new Error(`export → ${api.statusCode}: ${Buffer.concat(chunks)}`);
	const { url } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
	const file = await get(url, {});
	if (file.statusCode !== 200) throw new Error(`download → ${file.statusCode}`);
	await pipeline(file, fs.createWriteStream(out));
	const ms = now() - started;
	return { ms, bytes: fs.statSync(out).size };
}

const TASKS = { list, 'protect-inspect': protectInspect, upload, download };

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
