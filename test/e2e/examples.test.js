'use strict';
// The workflows in examples/ are what a newcomer runs first (`npm start` imports them). Each one
// that starts by hand or on a schedule must run green against the sandbox APIs, as shipped.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, errorOf, sandboxCredentials } = require('./harness');
const { startTrintMock } = require('../mocks/trint-mock');
const { startTrustNxtMock } = require('../mocks/trustnxt-mock');

jest.setTimeout(15 * 60 * 1000);

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const RUNNABLE_STARTS = new Set(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger']);

let trint;
let trustnxt;
let n8n;
let files;
const examples = [];

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 2000 });
	trint.seedTranscripts(25);
	trustnxt = await startTrustNxtMock({ port: 0 });
	files = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
	fs.writeFileSync(path.join(files, 'interview.mp3'), Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64 * 1024, 7)]));
	for (const file of fs.readdirSync(EXAMPLES).filter((name) => name.endsWith('.json')).sort()) {
		const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8').split('__SANDBOX_FILES__').join(files);
		examples.push({ file, workflow: JSON.parse(text) });
	}
	n8n = await N8nInstance.create({ tarball: await packPack(), binaryDataMode: null, env: { N8N_RESTRICT_FILE_ACCESS_TO: files } });
	await n8n.importCredentials(sandboxCredentials({ trintOrigin: trint.origin, trustnxtOrigin: trustnxt.origin }));
	await n8n.importWorkflows(examples.map(({ workflow }) => workflow));
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
	await trustnxt?.close();
	if (files) fs.rmSync(files, { recursive: true, force: true });
});

test('there are examples for both services', () => {
	const types = examples.flatMap(({ workflow }) => workflow.nodes.map((node) => node.type));
	expect(types).toContain('n8n-nodes-trint.trint');
	expect(types).toContain('n8n-nodes-trustnxt.trustNxt');
});

test('every example that starts by hand or on a schedule runs without error', async () => {
	const runnable = examples.filter(({ workflow }) => workflow.nodes.some((node) => RUNNABLE_STARTS.has(node.type)));
	expect(runnable.length).toBeGreaterThanOrEqual(3);
	for (const { file, workflow } of runnable) {
		const result = await n8n.execute(workflow.id);
		const error = errorOf(result);
		expect({ file, error: error && `${error.nodeName}: ${error.message}` }).toEqual({ file, error: null });
	}
	// The upload example wrote its subtitles next to the recording.
	expect(fs.readFileSync(path.join(files, 'interview.srt'), 'utf8')).toMatch(/-->/);
});
