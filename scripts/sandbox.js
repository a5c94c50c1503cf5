#!/usr/bin/env node
'use strict';
// `npm start`: a real n8n with this pack installed from its freshly packed tarball, the mock
// Trint and TrustNXT APIs, credentials pointing at them and every workflow in examples/.
// The instance lives in the runtime cache (sandbox/ beside Node 24 and n8n, outside the repository,
// so lint and pack never see n8n's files) and keeps its data between runs; the pack is reinstalled
// each time. Ctrl-C stops everything.
//
// Environment: SANDBOX_PORT (default 5678), SANDBOX_LISTEN_ADDRESS (default 127.0.0.1; 0.0.0.0 to
// reach it from outside a container), SANDBOX_FRESH=1 (start from an empty instance).

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { ensureRuntime, runtimeCacheDir, packPack, N8nInstance, sandboxCredentials } = require('../test/e2e/harness');
const { missingPrerequisites } = require('../test/mocks/c2pa');

const REPO = path.resolve(__dirname, '..');
const SANDBOX = path.join(runtimeCacheDir(), 'sandbox');
const EXAMPLES = path.join(REPO, 'examples');
const WATCHDOG = path.join(REPO, 'test', 'e2e', 'harness', 'watchdog.js');
const N8N_PORT = Number(process.env.SANDBOX_PORT || 5678);
const LISTEN_ADDRESS = process.env.SANDBOX_LISTEN_ADDRESS || '127.0.0.1';
const FILES = path.join(SANDBOX, 'files');
const TRINT_PORT = 5680;
const TRUSTNXT_PORT = 5681;
const OWNER = { email: 'sandbox@example.com', password: 'Sandbox-Passw0rd', firstName: 'Sandbox', lastName: 'User' };

const say = (message) => process.stdout.write(`[sandbox] ${message}\n`);

function portIsFree(port, host) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

function signalGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

/** Starts test/mocks/serve.js on the fixed ports; resolves with the child and its origins. */
function startMocks() {
	return new Promise((resolve, reject) => {
		// Its own process group, so Ctrl-C reaches only this script, which then stops things in
		// order; the harness watchdog ends the mocks should this script die without doing so.
		const child = spawn(
			process.execPath,
			['-r', WATCHDOG, path.join(REPO, 'test', 'mocks', 'serve.js'), '--trint-port', String(TRINT_PORT), '--trustnxt-port', String(TRUSTNXT_PORT), '--seed-transcripts', '25'],
			{ cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, HARNESS_PARENT_PID: String(process.pid) } },
		);
		let buffered = '';
		let settled = false;
		const timer = setTimeout(() => fail(new Error('the mock APIs did not report their URLs within 30 s')), 30000);
		function fail(error) {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signalGroup(child, 'SIGKILL');
			reject(error);
		}
		child.stderr.on('data', (chunk) => process.stderr.write(`[mocks] ${chunk}`));
		child.stdout.on('data', (chunk) => {
			if (settled) {
				process.stdout.write(`[mocks] ${chunk}`);
				return;
			}
			buffered += chunk;
			const newline = buffered.indexOf('\n');
			if (newline === -1) return;
			try {
				const origins = JSON.parse(buffered.slice(0, newline));
				settled = true;
				clearTimeout(timer);
				resolve({ child, origins });
			} catch (error) {
				fail(new Error(`unexpected first line from test/mocks/serve.js: ${buffered.slice(0, newline)}`));
			}
		});
		child.on('error', fail);
		child.on('exit', (code) => fail(new Error(`test/mocks/serve.js exited (code ${code}) before it was ready`)));
	});
}

/**
 * A couple of Shared Drives with folders and transcripts in the mock Trint, so the editor's
 * "From list" pickers and the browse example show something. The mock keeps them in memory only,
 * so this runs on every start.
 */
async function seedTrintDrives(trintOrigin) {
	const post = async (route, body) => {
		const response = await fetch(`${trintOrigin}/__mock/${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`seeding the mock Trint (${route}) answered ${response.status}`);
		return response.json();
	};
	const drives = [];
	for (const [name, folders] of [
		['Newsroom', ['Interviews', 'Press conferences']],
		['Podcast team', ['Season 1', 'Season 2']],
	]) {
		const drive = await post('drives', { name });
		drives.push(name);
		for (const [index, folderName] of folders.entries()) {
			const folder = await post('folders', { name: folderName, workspaceId: drive._id });
			await post('seed', { transcripts: 2 + index, workspaceId: drive._id, folderId: folder._id, titlePrefix: `${folderName} ` });
		}
	}
	await post('folders', { name: 'My drafts' });
	return drives;
}

/** A sample recording for the upload example (the sandbox Trint accepts any bytes as audio). */
function writeSampleFiles() {
	fs.mkdirSync(FILES, { recursive: true });
	const recording = path.join(FILES, 'interview.mp3');
	if (!fs.existsSync(recording)) {
		const seed = crypto.createHash('sha256').update('sandbox interview').digest();
		const bytes = Buffer.alloc(256 * 1024);
		for (let offset = 0; offset < bytes.length; offset += seed.length) seed.copy(bytes, offset);
		bytes.write('ID3', 0, 'latin1');
		fs.writeFileSync(recording, bytes);
	}
}

/** Every workflow in examples/*.json (a workflow or an array of them), each with a stable id. */
function readExamples() {
	if (!fs.existsSync(EXAMPLES)) return [];
	const workflows = [];
	for (const file of fs.readdirSync(EXAMPLES).filter((name) => name.endsWith('.json')).sort()) {
		let parsed;
		try {
			parsed = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
		} catch (error) {
			say(`skipping examples/${file}: not valid JSON (${error.message})`);
			continue;
		}
		const list = Array.isArray(parsed) ? parsed : [parsed];
		list.forEach((workflow, index) => {
			if (!workflow || !Array.isArray(workflow.nodes)) {
				say(`skipping examples/${file}${list.length > 1 ? ` #${index + 1}` : ''}: not a workflow (no "nodes")`);
				return;
			}
			// A stable id, so the next run updates the workflow instead of adding a copy.
			const id = workflow.id || `ex${crypto.createHash('sha1').update(`${file}#${index}`).digest('hex').slice(0, 14)}`;
			// Examples name sandbox files as __SANDBOX_FILES__/<name>; point them at this machine's folder.
			const located = JSON.parse(JSON.stringify(workflow).split('__SANDBOX_FILES__').join(FILES.split(path.sep).join('/')));
			workflows.push({ ...located, id, name: workflow.name || path.basename(file, '.json'), active: false, file });
		});
	}
	return workflows;
}

async function main() {
	// Without these the sandbox's TrustNXT cannot protect or inspect: stop before saying "ready".
	const missing = missingPrerequisites();
	if (missing.length) {
		say(`the mock TrustNXT cannot sign or validate Content Credentials; missing:\n${missing.map((line) => `  - ${line}`).join('\n')}`);
		process.exit(1);
	}
	if (!(await portIsFree(N8N_PORT, LISTEN_ADDRESS))) {
		throw new Error(`port ${N8N_PORT} is in use (another sandbox or n8n?). Stop it or set SANDBOX_PORT.`);
	}
	for (const port of [TRINT_PORT, TRUSTNXT_PORT]) {
		if (!(await portIsFree(port, '127.0.0.1'))) throw new Error(`port ${port} (mock APIs) is in use. Is another sandbox running?`);
	}

	say('checking the n8n runtime (the first run installs Node 24 and n8n: a few minutes)…');
	const runtime = await ensureRuntime();
	// `npm start` has just built; run directly, build first so the sandbox never shows stale code.
	const build = process.env.npm_lifecycle_event !== 'start' && process.env.PACK_SKIP_BUILD !== '1';
	say(build ? 'building and packing the pack…' : 'packing the pack…');
	const tarball = await packPack({ build });

	say('starting the mock APIs…');
	const mocks = await startMocks();
	const { trint: trintOrigin, trustnxt: trustnxtOrigin } = mocks.origins;
	const drives = await seedTrintDrives(trintOrigin);

	if (process.env.SANDBOX_FRESH === '1') fs.rmSync(SANDBOX, { recursive: true, force: true });
	fs.mkdirSync(SANDBOX, { recursive: true });
	let streaming = false;
	say(`installing ${[].concat(tarball).map((file) => path.basename(file)).join(' and ')} into n8n ${runtime.n8nVersion} (${SANDBOX})…`);
	writeSampleFiles();
	const n8n = await N8nInstance.create({
		tarball,
		userFolder: SANDBOX,
		binaryDataMode: null, // what a user gets: n8n's own default
		// The Read/Write Files from Disk examples work in the sandbox's files folder only.
		env: { N8N_LISTEN_ADDRESS: LISTEN_ADDRESS, N8N_RESTRICT_FILE_ACCESS_TO: FILES },
		onLog: (text, source) => {
			if (streaming && source === 'n8n start') process.stdout.write(text);
		},
	});

	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the mock APIs…');
		await n8n.destroy().catch((error) => say(`stopping n8n: ${error.message}`));
		if (mocks.child.exitCode === null) {
			signalGroup(mocks.child, 'SIGTERM');
			await new Promise((resolve) => {
				const timer = setTimeout(() => {
					signalGroup(mocks.child, 'SIGKILL');
					resolve();
				}, 5000);
				mocks.child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		say('stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => (stopping ? process.exit(130) : shutdown(0)));
	process.on('SIGTERM', () => shutdown(0));
	mocks.child.on('exit', (code) => {
		if (!stopping) {
			say(`the mock APIs exited unexpectedly (code ${code})`);
			void shutdown(1);
		}
	});

	try {
		const credentials = sandboxCredentials({ trintOrigin, trustnxtOrigin });
		say(`importing ${credentials.length} credentials…`);
		// n8n gives a new node the most recently updated credential among all the types its
		// Authentication field offers: the Key ID & Secret one goes in last, so new Trint nodes
		// start with it rather than with the legacy key.
		const keyAndSecret = credentials.filter((credential) => credential.type === 'trintApi');
		await n8n.importCredentials(credentials.filter((credential) => credential.type !== 'trintApi'));
		if (keyAndSecret.length) await n8n.importCredentials(keyAndSecret);

		const examples = readExamples();
		if (examples.length) {
			say(`importing ${examples.length} example workflow(s) from examples/…`);
			await n8n.importWorkflows(examples.map(({ file, ...workflow }) => workflow));
		} else {
			say('no example workflows in examples/ yet');
		}

		say(`starting n8n on port ${N8N_PORT}…`);
		streaming = true;
		await n8n.start({ port: N8N_PORT });
		const login = await n8n.setupOwner(OWNER);
		const url = `http://${LISTEN_ADDRESS === '0.0.0.0' ? 'localhost' : LISTEN_ADDRESS}:${N8N_PORT}`;
		const lines = [
			'',
			'────────────────────────────────────────────────────────────',
			` n8n ${runtime.n8nVersion} sandbox is ready:  ${url}`,
			` log in as  ${login.email}  /  ${login.password}`,
			'',
			` mock Trint API     ${trintOrigin}  (25 transcripts seeded, and a few more in the folders of the Shared Drives ${drives.join(', ')})`,
			` mock TrustNXT API  ${trustnxtOrigin}`,
			` credentials        ${credentials.map((credential) => credential.name).join(', ')}`,
			` workflows          ${examples.length ? examples.map((workflow) => workflow.name).join(', ') : '(none in examples/)'}`,
			` data               ${SANDBOX}/ (kept between runs; SANDBOX_FRESH=1 to reset)`,
			'',
			` MCP tools          ${url}/mcp/trint-tools  (publish "read-only tools for AI agents" first)`,
			'',
			' Ctrl-C stops everything.',
			'────────────────────────────────────────────────────────────',
			'',
		];
		process.stdout.write(`${lines.join('\n')}\n`);

		const server = n8n.processes.get('main');
		await server.exited;
		if (!stopping) {
			say('n8n exited unexpectedly (see its log above)');
			await shutdown(1);
		}
	} catch (error) {
		say(`failed: ${error.message}`);
		await shutdown(1);
	}
}

main().catch((error) => {
	process.stderr.write(`[sandbox] ${error.stack || error.message}\n`);
	process.exit(1);
});
