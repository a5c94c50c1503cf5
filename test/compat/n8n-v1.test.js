'use strict';
// The pack on n8n 1.x (1.123.81, on the machine's Node 20), installed from its tarball as on 2.x:
// it loads without errors and lists its node types, and a representative run of each node works
// through `n8n execute`: paging, an upload with an SRT export, Protect → Inspect, and the message
// an expired key gives.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, packageInfo, outputOf, errorOf, sandboxCredentials, SANDBOX_CREDENTIAL_IDS } = require('../e2e/harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { startTrustNxtMock, sampleJpeg } = require('../mocks/trustnxt-mock');
const { TYPES, chainWorkflow, trintNode, byId, readFileNode, writeFileNode } = require('../e2e/workflows');
const { expectListPages } = require('../e2e/pages');
const { scanForSecrets } = require('../e2e/secrets');

jest.setTimeout(20 * 60 * 1000);

const N8N_V1 = process.env.N8N_V1_VERSION || require('../n8n-versions.json').v1;
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

let trint;
let tnxt;
let n8n;
let workDir;
const flows = {};
const RUN_OUTPUTS = [];
const timings = {};
const files = {};

const TRINT_KEY = { id: SANDBOX_CREDENTIAL_IDS.trintApi, name: 'Trint sandbox (Key ID & Secret)' };
const TNXT = { trustNxtApi: { id: SANDBOX_CREDENTIAL_IDS.trustNxtApi, name: 'TrustNXT sandbox' } };

async function run(key) {
	const result = await n8n.execute(flows[key].id);
	RUN_OUTPUTS.push(result.stdout ?? '', result.stderr ?? '');
	timings[key] = result.durationMs;
	return result;
}

beforeAll(async () => {
	const started = Date.now();
	trint = await startTrintMock({ port: 0, processingMs: 0 });
	tnxt = await startTrustNxtMock({ port: 0 });
	trint.seedTranscripts(2500, { titlePrefix: 'V1 ' });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-v1-'));
	fs.mkdirSync(path.join(workDir, 'out'));
	files.media = crypto.randomBytes(1024 * 1024 + 9);
	files.media.write('ID3', 0, 'latin1');
	fs.writeFileSync(path.join(workDir, 'talk.mp3'), files.media);
	files.photo = sampleJpeg(150 * 1024 + 3, 'v1-photo');
	fs.writeFileSync(path.join(workDir, 'photo.jpg'), files.photo);

	const credentials = sandboxCredentials({ trintOrigin: trint.origin, trustnxtOrigin: tnxt.origin });
	const expired = {
		id: 'v1ExpiredTrint01',
		name: 'Trint expired key',
		type: 'trintApi',
		data: { keyId: TRINT_FIXTURES.expiredKeyId, keySecret: 'whatever-secret', region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, webAppUrl: 'https://app.trint.com' },
	};
	credentials.push(expired);

	flows.list = chainWorkflow('v1List', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true }, { credential: TRINT_KEY })]);
	flows.upload = chainWorkflow('v1Upload', [
		readFileNode('Read Recording', path.join(workDir, 'talk.mp3')),
		trintNode('Upload', { resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en-GB', waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 2, simplify: true, options: {} }, { credential: TRINT_KEY }),
		trintNode('Export SRT', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.trintId }}'), format: 'srt', downloadFile: true, outputBinaryPropertyName: 'subtitles' }, { credential: TRINT_KEY }),
		writeFileNode('Write SRT', path.join(workDir, 'out', 'talk.srt'), 'subtitles'),
	]);
	flows.protect = chainWorkflow('v1Protect', [
		readFileNode('Read Photo', path.join(workDir, 'photo.jpg')),
		{ name: 'Protect', type: TYPES.trustNxt, parameters: { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: { title: 'On 1.x', creator: 'Ana Example' } }, credentials: TNXT },
		{ name: 'Inspect', type: TYPES.trustNxt, parameters: { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data' }, credentials: TNXT },
	]);
	flows.expired = chainWorkflow('v1Expired', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 1 }, { credential: expired })]);

	n8n = await N8nInstance.create({ tarball: await packPack(), n8nVersion: N8N_V1, env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials(credentials);
	await n8n.importWorkflows(Object.values(flows));
	timings.setupMs = Date.now() - started;
});

afterAll(async () => {
	try {
		await n8n?.destroy();
	} finally {
		await trint?.close();
		await tnxt?.close();
		if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
		process.stderr.write(`[n8n-v1 timings] ${JSON.stringify({ ...timings, n8n: n8n?.timings })}\n`);
	}
});

test(`n8n ${N8N_V1} on Node 20 loads the pack from its tarball and lists its node types`, async () => {
	expect(n8n.n8nVersion).toBe(N8N_V1);
	expect(n8n.runtime.nodeBin).not.toContain('node24');
	const version = await n8n.runProcess(n8n.runtime.nodeBin, ['--version'], { record: false });
	expect(version.stdout.trim()).toMatch(/^v20\./);
	expect(n8n.packageNames.sort()).toEqual(packageInfo().map((info) => info.name).sort());

	const started = Date.now();
	await n8n.start();
	timings.startMs = Date.now() - started;
	const types = await n8n.nodeTypes();
	const names = types.map((type) => type.name);
	for (const name of [TYPES.trint, TYPES.trustNxt]) expect(names).toContain(name);
	// Every node each package declares is offered by the editor.
	for (const info of packageInfo()) {
		const offered = names.filter((name) => name.startsWith(`${info.name}.`));
		expect(offered.length).toBeGreaterThanOrEqual(info.n8n.nodes.length);
	}
	await n8n.stop();
	const log = n8n.logText();
	expect(log).not.toMatch(/Problem loading|Error loading|Failed to load|Unrecognized node type|could not be loaded/i);
	for (const info of packageInfo()) expect(log).not.toMatch(new RegExp(`${info.name}[^\\n]*(error|failed)`, 'i'));
});

test('Trint Get Many, Return All over 2,500 transcripts: the 3 pages each asked once', async () => {
	trint.clearRequests();
	const result = await run('list');
	expect(errorOf(result)).toBeNull();
	const items = outputOf(result, 'Trint');
	expect(items).toHaveLength(2500);
	expect(new Set(items.map((item) => item.json.id)).size).toBe(2500);
	const pages = trint.requests.filter((request) => request.path.replace(/\/$/, '') === '/transcripts');
	// Pages 0, 1000 and 2000, each asked once, read ahead 4 at a time: at most 3 past the end.
	expectListPages(pages, { total: 2500 });
});

test('Trint Upload (byte for byte) then Export SRT, written to disk byte-exact', async () => {
	trint.clearRequests();
	const result = await run('upload');
	expect(errorOf(result)).toBeNull();
	expect(trint.uploads).toHaveLength(1);
	const [upload] = trint.uploads;
	expect(upload.bodySha256).toBe(sha256(files.media));
	expect(upload.bodyLength).toBe(files.media.length);
	expect(trint.requests.filter((request) => request.method === 'POST' && request.path === '/')).toHaveLength(1);
	const [uploaded] = outputOf(result, 'Upload');
	expect(uploaded.json.trintId).toBe(upload.trintId);
	const srt = fs.readFileSync(path.join(workDir, 'out', 'talk.srt'));
	expect(sha256(srt)).toBe(sha256(trint.exportBytes(upload.trintId, 'srt')));
	const [srtItem] = outputOf(result, 'Export SRT');
	expect(srtItem.binary.subtitles).toEqual(expect.objectContaining({ fileName: 'talk.srt', mimeType: 'application/x-subrip' }));
});

test('TrustNXT Protect → Inspect says trusted', async () => {
	tnxt.reset();
	const result = await run('protect');
	expect(errorOf(result)).toBeNull();
	const posts = (route) => tnxt.requests.filter((request) => request.method === 'POST' && request.path === route);
	expect(posts('/v1/protect')).toHaveLength(1);
	expect(posts('/v1/protect')[0].parts.find((entry) => entry.name === 'file')).toMatchObject({ filename: 'photo.jpg', length: files.photo.length, sha256: sha256(files.photo) });
	const [protectedItem] = outputOf(result, 'Protect');
	expect(sha256(n8n.readBinary(protectedItem.binary.data))).toBe(tnxt.protectedAssets[0].protectedSha256);
	expect(posts('/v1/inspect')).toHaveLength(1);
	expect(outputOf(result, 'Inspect')[0].json.verdict).toBe('trusted');
});

test('an expired Trint key fails with the clear 401 message', async () => {
	trint.clearRequests();
	const result = await run('expired');
	const error = errorOf(result);
	expect(error).not.toBeNull();
	const text = `${error.message} ${error.description}`;
	expect(error.message).toMatch(/401/);
	expect(text).toMatch(/expired or been revoked/);
	expect(text).toMatch(/app\.trint\.com\/account\/api/);
	expect(JSON.stringify(result.data ?? {})).not.toContain('whatever-secret');
	expect(trint.requests.filter((request) => request.path.replace(/\/$/, '') === '/transcripts')).toHaveLength(1);
});

test('no key or secret in what n8n 1.x printed or stored', () => {
	const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS, extraSecrets: ['whatever-secret'] });
	expect(report.scanned.places).toBeGreaterThan(2);
	expect(report.hits).toEqual([]);
});
