'use strict';
// Proves the real-n8n harness itself, with built-in nodes only: the pack installs from its
// tarball, `n8n execute` runs a workflow and its output can be read, `n8n start` serves an
// activated webhook workflow, and the pack's nodes and credentials are loaded by n8n.
const { N8nInstance, packPack, packageInfo, outputOf, errorOf, nodesRun } = require('./harness');

jest.setTimeout(15 * 60 * 1000);

// Both published packages, installed together (their one-at-a-time installs: packages.test.js).
const PACKAGES = packageInfo();
const DECLARED_NODES = PACKAGES.flatMap((info) => (info.n8n.nodes || []).map((file) => ({ file, name: info.name })));
const DECLARED_CREDENTIALS = PACKAGES.flatMap((info) => info.n8n.credentials || []);

const ID = {
	set: 'harnessSetFlow01',
	set2: 'harnessSetFlow02',
	fail: 'harnessFailFlow1',
	file: 'harnessFileFlow1',
	hook: 'harnessHookFlow1',
	lateHook: 'harnessHookFlow2',
};

function manualFlow(id, name, second) {
	return {
		id,
		name,
		active: false,
		nodes: [
			{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-second`, position: [220, 0], ...second },
		],
		connections: { Start: { main: [[{ node: second.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const setFlow = manualFlow(ID.set, 'Harness: Set', {
	name: 'Set',
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: {
		mode: 'manual',
		assignments: {
			assignments: [
				{ id: 'a1', name: 'greeting', value: 'hello from n8n', type: 'string' },
				{ id: 'a2', name: 'sum', value: '={{ 20 + 22 }}', type: 'number' },
			],
		},
		options: {},
	},
});

const failFlow = manualFlow(ID.fail, 'Harness: Stop and Error', {
	name: 'Fail',
	type: 'n8n-nodes-base.stopAndError',
	typeVersion: 1,
	parameters: { errorMessage: 'deliberate harness failure' },
});

const fileFlow = {
	...manualFlow(ID.file, 'Harness: text to file', {
		name: 'Text',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: { mode: 'raw', jsonOutput: '={"text":"bytes from n8n"}', options: {} },
	}),
};
fileFlow.nodes.push({
	id: `${ID.file}-file`,
	name: 'File',
	type: 'n8n-nodes-base.convertToFile',
	typeVersion: 1.1,
	position: [440, 0],
	parameters: { operation: 'toText', sourceProperty: 'text', options: {} },
});
fileFlow.connections.Text = { main: [[{ node: 'File', type: 'main', index: 0 }]] };

// Imported while n8n is stopped, activated while it runs (the editor's toggle).
const lateHookFlow = {
	id: ID.lateHook,
	name: 'Harness: Webhook activated while running',
	active: false,
	nodes: [
		{
			id: `${ID.lateHook}-hook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6a0d4c1e-3b7f-4e59-9a21-00000000e2e2',
			parameters: { httpMethod: 'GET', path: 'harness-late', responseMode: 'onReceived', options: {} },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

const hookFlow = {
	id: ID.hook,
	name: 'Harness: Webhook echo',
	active: false,
	nodes: [
		{
			id: `${ID.hook}-hook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6a0d4c1e-3b7f-4e59-9a21-00000000e2e1',
			parameters: { httpMethod: 'POST', path: 'harness-echo', responseMode: 'lastNode', options: {} },
		},
		{
			id: `${ID.hook}-set`,
			name: 'Reply',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{ id: 'r1', name: 'echoed', value: '={{ $json.body.word }}', type: 'string' },
						{ id: 'r2', name: 'length', value: '={{ $json.body.word.length }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	pinData: {},
};

let n8n;
const timings = {};

beforeAll(async () => {
	let started = Date.now();
	const tarball = await packPack();
	timings.packMs = Date.now() - started;
	// One tarball per published package, named as npm names it.
	expect(tarball.map((file) => require('node:path').basename(file)).sort()).toEqual(PACKAGES.map((info) => `${info.name}-${info.version}.tgz`).sort());
	started = Date.now();
	n8n = await N8nInstance.create({ tarball });
	timings.createMs = Date.now() - started;
	await n8n.importWorkflows([setFlow, { ...setFlow, id: ID.set2, name: 'Harness: Set (copy)' }, failFlow, fileFlow, hookFlow, lateHookFlow]);
});

afterAll(async () => {
	if (n8n) Object.assign(timings, { instance: n8n.timings });
	await n8n?.destroy();
	// The numbers that decide how suites are written: how long one `n8n execute` and one start take.
	process.stderr.write(`[harness timings] ${JSON.stringify(timings)}\n`);
});

test('the pack is installed from its tarball into the user folder, as a user installs it', () => {
	for (const info of PACKAGES) {
		const installed = require('node:path').join(n8n.nodesFolder, 'node_modules', info.name, 'package.json');
		expect(JSON.parse(require('node:fs').readFileSync(installed, 'utf8')).version).toBe(info.version);
	}
	expect(n8n.packageNames.sort()).toEqual(PACKAGES.map((info) => info.name).sort());
	// --omit=peer: n8n's own n8n-workflow is used, never a second copy next to the pack.
	expect(require('node:fs').existsSync(require('node:path').join(n8n.nodesFolder, 'node_modules', 'n8n-workflow'))).toBe(false);
});

// The one run through the `n8n execute` CLI (a process of its own, mode 'cli'): it shows that the
// pack's n8n also runs workflows in that command; every other run goes through the started n8n.
test('n8n execute (the CLI) runs a workflow of built-in nodes and its output can be read', async () => {
	const run = await n8n.executeCli(ID.set);
	timings.executeCliMs = run.durationMs;
	if (run.crashedOnExit) timings.executeCrashedOnExit = run.crashedOnExit;
	expect(run.exitCode).toBe(0);
	expect(errorOf(run)).toBeNull();
	expect(nodesRun(run)).toEqual(['Start', 'Set']);
	const items = outputOf(run, 'Set');
	expect(items).toHaveLength(1);
	expect(items[0].json).toEqual({ greeting: 'hello from n8n', sum: 42 });
	expect(run.data.status).toBe('success');
	expect(run.data.mode).toBe('cli');
});

test('execute() runs the workflow inside the started n8n, as the editor does, and gives the run the CLI gave', async () => {
	const cli = await n8n.executeCli(ID.set2);
	const started = Date.now();
	const run = await n8n.execute(ID.set);
	timings.firstExecuteMs = Date.now() - started;
	expect(n8n.isRunning()).toBe(true);
	expect(run.exitCode).toBe(0);
	expect(run.data.mode).toBe('manual');
	expect(run.data.status).toBe('success');
	expect(nodesRun(run)).toEqual(['Start', 'Set']);
	expect(outputOf(run, 'Set')).toEqual(outputOf(cli, 'Set'));
	// The same keys the CLI printed, and stdout holds the run as --rawOutput printed it.
	expect(Object.keys(run.data).sort()).toEqual(expect.arrayContaining(['data', 'finished', 'mode', 'startedAt', 'status', 'stoppedAt']));
	// (A manual run also records the workflow's pinned data, empty here.)
	expect(Object.keys(run.data.data.resultData).filter((key) => key !== 'pinData').sort()).toEqual(Object.keys(cli.data.data.resultData).sort());
	expect(run.data.data.resultData.pinData ?? {}).toEqual({});
	expect(JSON.parse(run.stdout)).toEqual(run.data);
	// A second run reuses the same server: no process per run.
	const pid = n8n.processes.get('main').child.pid;
	const again = await n8n.execute(ID.set);
	timings.executeMs = again.durationMs;
	expect(n8n.processes.get('main').child.pid).toBe(pid);
	expect(outputOf(again, 'Set')[0].json).toEqual({ greeting: 'hello from n8n', sum: 42 });
	// Stored like every other execution.
	const stored = await n8n.listExecutions({ workflowId: ID.set });
	expect(stored.map((execution) => execution.id)).toEqual(expect.arrayContaining([run.executionId, again.executionId]));
});

test('a failing workflow exits non-zero and errorOf() tells why and where', async () => {
	const run = await n8n.execute(ID.fail);
	expect(run.exitCode).not.toBe(0);
	const error = errorOf(run);
	expect(error.message).toBe('deliberate harness failure');
	expect(error.nodeName).toBe('Fail');
	expect(errorOf(run, 'Fail').message).toBe('deliberate harness failure');
	expect(outputOf(run, 'Fail')).toEqual([]);
	expect(() => outputOf(run, 'Nowhere')).toThrow(/did not run/);
});

test('executeBatch runs several workflows in the one running n8n', async () => {
	const pid = n8n.processes.get('main').child.pid;
	const runs = await n8n.executeBatch([ID.set, ID.fail, ID.set2, ID.file]);
	timings.executeBatch4Ms = runs.durationMs;
	expect(n8n.processes.get('main').child.pid).toBe(pid);
	expect(runs.map((run) => run.workflowId)).toEqual([ID.set, ID.fail, ID.set2, ID.file]);
	expect(runs.map((run) => run.batchStatus)).toEqual(['success', 'error', 'success', 'success']);
	expect(outputOf(runs[0], 'Set')[0].json).toEqual({ greeting: 'hello from n8n', sum: 42 });
	expect(errorOf(runs[1]).message).toBe('deliberate harness failure');
	expect(outputOf(runs[2], 'Set')[0].json.sum).toBe(42);
	// Binary output can be read back as bytes.
	const [file] = outputOf(runs[3], 'File');
	expect(file.binary.data.mimeType).toBe('text/plain');
	expect(n8n.readBinary(file.binary.data).toString()).toBe('bytes from n8n');
	await expect(n8n.executeBatch([ID.set, ID.set])).rejects.toThrow(/once/);
});

describe('a running n8n', () => {
	beforeAll(async () => {
		await n8n.activate(ID.hook);
		const started = Date.now();
		await n8n.start();
		timings.startMs = Date.now() - started;
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	test('activates a workflow while running, as the editor toggle does', async () => {
		await n8n.activate(ID.lateHook);
		const response = await fetch(`${n8n.baseUrl}/webhook/harness-late`);
		expect(response.status).toBe(200);
	});

	test('answers /healthz', async () => {
		const response = await fetch(`${n8n.baseUrl}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	test('serves an activated webhook workflow and records the execution', async () => {
		const response = await fetch(`${n8n.baseUrl}/webhook/harness-echo`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ word: 'provenance' }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ echoed: 'provenance', length: 10 });

		const login = await n8n.setupOwner();
		expect(login.email).toMatch(/@/);
		const executions = await n8n.listExecutions({ workflowId: ID.hook, via: 'rest' });
		expect(executions).toHaveLength(1);
		expect(executions[0].mode).toBe('webhook');
		expect(executions[0].status).toBe('success');
		expect(outputOf(executions[0], 'Reply')[0].json).toEqual({ echoed: 'provenance', length: 10 });
		// The database view agrees with what the REST API shows.
		const fromDb = await n8n.listExecutions({ workflowId: ID.hook });
		expect(fromDb.map((execution) => execution.id)).toEqual(executions.map((execution) => execution.id));
	});

	const nodesTest = DECLARED_NODES.length ? test : test.skip;
	if (!DECLARED_NODES.length) {
		process.stderr.write('[harness.test] skipped: no package declares n8n.nodes yet\n');
	}
	nodesTest(`loads the community package's nodes and credentials (${DECLARED_NODES.length} nodes declared)`, async () => {
		const types = await n8n.nodeTypes();
		const ours = types.filter((type) => PACKAGES.some((info) => type.name.startsWith(`${info.name}.`)));
		expect(ours.length).toBeGreaterThanOrEqual(DECLARED_NODES.length);
		for (const { file, name } of DECLARED_NODES) {
			const className = require('node:path').basename(file).replace(/\.node\.js$/, '');
			const expected = `${name}.${className.charAt(0).toLowerCase()}${className.slice(1)}`;
			expect(ours.map((type) => type.name)).toContain(expected);
		}
		if (DECLARED_CREDENTIALS.length) {
			const credentials = await n8n.rest('GET', '/types/credentials.json');
			const names = credentials.map((credential) => credential.name);
			for (const file of DECLARED_CREDENTIALS) {
				const className = require('node:path').basename(file).replace(/\.credentials\.js$/, '');
				expect(names).toContain(`${className.charAt(0).toLowerCase()}${className.slice(1)}`);
			}
		}
		for (const info of PACKAGES) expect(n8n.logText()).not.toMatch(new RegExp(`Failed to load package "?${info.name}`));
	});
});
