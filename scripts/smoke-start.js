#!/usr/bin/env node
'use strict';
// CI's check of the README's start command, as a newcomer uses it: runs `npm start` until the
// sandbox prints its ready banner, logs in as the banner says, runs one example workflow through
// n8n's REST API (as the editor's "Execute workflow" button does) and checks its result, then
// stops the sandbox with Ctrl-C's signal and makes sure no process of it is left behind.
//
// Environment: SMOKE_START_TIMEOUT_MS (default 30 min: a first run installs the n8n runtime).

const { spawn, execFileSync } = require('node:child_process');
const path = require('node:path');
const { unflatten } = require('../test/e2e/harness/db-read');
const { runtimeCacheDir } = require('../test/e2e/harness/runtime');
const { TRINT_FIXTURES } = require('../test/mocks/trint-mock');

const REPO = path.resolve(__dirname, '..');
const START_TIMEOUT_MS = Number(process.env.SMOKE_START_TIMEOUT_MS || 30 * 60 * 1000);
const RUN_TIMEOUT_MS = 3 * 60 * 1000;
const STOP_TIMEOUT_MS = 60 * 1000;
// The example run here: it reads transcripts from the sandbox Trint and needs no file or webhook.
const EXAMPLE_NAME = /nightly list/i;
const EXAMPLE_NODE = 'All Transcripts';

const say = (message) => process.stdout.write(`[smoke-start] ${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Processes whose command line mentions the sandbox folder (n8n and its task runners). */
function sandboxProcesses() {
	try {
		const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
		const marker = path.join(runtimeCacheDir(), 'sandbox');
		return out
			.split('\n')
			.filter((line) => line.includes(marker) || line.includes('test/mocks/serve.js'))
			.filter((line) => !line.includes('smoke-start'))
			.map((line) => line.trim());
	} catch {
		return [];
	}
}

async function waitForBanner(child) {
	return await new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error(`no ready banner within ${START_TIMEOUT_MS / 60000} min`)), START_TIMEOUT_MS);
		const onData = (chunk) => {
			process.stdout.write(chunk);
			text += chunk;
			const ready = /sandbox is ready:\s+(http:\/\/\S+)[\s\S]*?log in as\s+(\S+)\s+\/\s+(\S+)[\s\S]*?mock Trint API\s+(http:\/\/\S+)/.exec(text);
			if (ready) {
				clearTimeout(timer);
				resolve({ url: ready[1], email: ready[2], password: ready[3], trintOrigin: ready[4] });
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (chunk) => process.stderr.write(chunk));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`npm start exited (code ${code}) before the ready banner`));
		});
	});
}

async function rest(base, cookie, method, urlPath, body) {
	const response = await fetch(`${base}${urlPath}`, {
		method,
		headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), 'browser-id': 'smoke-start' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${urlPath} → HTTP ${response.status}: ${text.slice(0, 300)}`);
	return { json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** The personal transcripts the sandbox Trint holds, asked from it directly with the sandbox key. */
async function sandboxTranscriptIds(trintOrigin) {
	const auth = Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64');
	const response = await fetch(`${trintOrigin}/transcripts/?limit=1000&skip=0`, { headers: { authorization: `Basic ${auth}`, accept: 'application/json' } });
	if (!response.ok) throw new Error(`the sandbox Trint answered HTTP ${response.status} when asked for its transcripts`);
	return (await response.json()).map((entry) => entry.id);
}

async function runExample({ url, email, password, trintOrigin }) {
	const login = await rest(url, undefined, 'POST', '/rest/login', { emailOrLdapLoginId: email, password });
	const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
	if (!cookie) throw new Error('logging in gave no session cookie');
	const workflows = (await rest(url, cookie, 'GET', '/rest/workflows')).json.data;
	const example = workflows.find((workflow) => EXAMPLE_NAME.test(workflow.name));
	if (!example) throw new Error(`no example workflow matching ${EXAMPLE_NAME} among: ${workflows.map((w) => w.name).join(', ')}`);
	const full = (await rest(url, cookie, 'GET', `/rest/workflows/${example.id}`)).json.data;
	const trigger = full.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`"${example.name}" has no manual trigger to start it from`);
	say(`running "${example.name}" from its "${trigger.name}" node through the REST API…`);
	const started = (await rest(url, cookie, 'POST', `/rest/workflows/${example.id}/run`, { triggerToStartFrom: { name: trigger.name } })).json.data;
	const executionId = started?.executionId;
	if (!executionId) throw new Error(`the run did not start: ${JSON.stringify(started).slice(0, 300)}`);
	const deadline = Date.now() + RUN_TIMEOUT_MS;
	for (;;) {
		const execution = (await rest(url, cookie, 'GET', `/rest/executions/${executionId}`)).json.data;
		if (execution && execution.finished !== undefined && execution.status !== 'running' && execution.status !== 'new' && execution.status !== 'waiting') {
			if (execution.status !== 'success') throw new Error(`execution ${executionId} ended with status ${execution.status}`);
			// The stored run data is n8n's flattened form of the run object.
			const data = typeof execution.data === 'string' ? unflatten(execution.data) : execution.data;
			const runs = data?.resultData?.runData?.[EXAMPLE_NODE];
			const items = runs?.[0]?.data?.main?.[0] ?? [];
			// Return All must output each of the sandbox's transcripts once.
			const expected = (await sandboxTranscriptIds(trintOrigin)).sort();
			const got = items.map((item) => item.json?.id).sort();
			if (!expected.length || JSON.stringify(got) !== JSON.stringify(expected)) {
				throw new Error(`"${EXAMPLE_NODE}" output ${got.length} transcripts; the sandbox Trint holds ${expected.length}, and the IDs must be the same`);
			}
			return { executionId, status: execution.status, name: example.name, items: items.length };
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
		await sleep(1000);
	}
}

async function main() {
	const began = Date.now();
	say('npm start');
	const child = spawn('npm', ['start'], {
		cwd: REPO,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, SANDBOX_FRESH: '1' },
	});
	const stop = async () => {
		if (!groupAlive(child.pid)) return;
		say('stopping the sandbox (SIGINT, as Ctrl-C)…');
		try {
			process.kill(-child.pid, 'SIGINT');
		} catch {
			// Gone already.
		}
		const deadline = Date.now() + STOP_TIMEOUT_MS;
		while (groupAlive(child.pid) && Date.now() < deadline) await sleep(500);
	};
	let failure;
	try {
		const banner = await waitForBanner(child);
		say(`ready after ${Math.round((Date.now() - began) / 1000)} s at ${banner.url}`);
		const run = await runExample(banner);
		say(`"${run.name}" ran: execution ${run.executionId}, status ${run.status}, ${run.items} transcripts out`);
	} catch (error) {
		failure = error;
	}
	await stop();
	await sleep(2000);
	const leftovers = sandboxProcesses();
	if (groupAlive(child.pid)) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// Nothing to kill.
		}
		failure ??= new Error('npm start did not stop within a minute of SIGINT');
	}
	if (leftovers.length) failure ??= new Error(`processes left behind after stopping:\n${leftovers.join('\n')}`);
	if (failure) {
		say(`FAILED: ${failure.message}`);
		process.exit(1);
	}
	say(`passed in ${Math.round((Date.now() - began) / 1000)} s: banner, one example run through REST, clean stop`);
}

main().catch((error) => {
	say(`FAILED: ${error.stack || error.message}`);
	process.exit(1);
});
