'use strict';
// What only a running n8n shows of the Trint node when Trint misbehaves or a credential is
// wrong: the package installed from its tarball running a read and an upload from disk, the
// error items and the failed run as n8n stores and shows them, credentials as n8n's store keeps
// them (an empty secret, pasted whitespace, a key in the wrong field), and no key or secret in
// n8n's log, run outputs or database afterwards. The fault matrix itself (429/5xx/resets/stalls,
// broken pages, uploads never resent, redirects, bad input) runs in-process on n8n's engine:
// test/unit/operations/trint-read-faults.test.js, test/unit/error-advice.test.js,
// test/unit/trint-paging.test.js.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { chainWorkflow, trintNode, byId, readFileNode } = require('./workflows');
const { scanForSecrets, recordRunOutputs } = require('./secrets');

/** Everything the runs printed, kept for the secret scan at the end. */
const RUN_OUTPUTS = [];

jest.setTimeout(10 * 60 * 1000);

let trint;
let n8n;
let workDir;
let mediaPath;
const flows = {};
const creds = {};
let target;

function credential(id, type, data) {
	creds[id] = { id, name: id, type, data };
	return creds[id];
}

/** Items with the given JSON, one per entry, fed to the node under test. */
function itemsNodes(entries) {
	return [
		{ name: 'Items', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ entries }), options: {} } },
		{ name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'entries', options: {} } },
	];
}

async function runFresh(key) {
	trint.clearRequests();
	trint.clearFaults();
	return await n8n.execute(flows[key].id);
}

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
	trint.seedTranscripts(30, { titlePrefix: 'Item' });
	target = trint.addTranscript({ title: 'target.mp3', processingMs: 0 });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trint-faults-'));
	mediaPath = path.join(workDir, 'clip.mp3');
	fs.writeFileSync(mediaPath, Buffer.concat([Buffer.from('ID3'), crypto.randomBytes(256 * 1024)]));

	const custom = (origin) => ({ region: 'custom', apiBaseUrl: origin, uploadBaseUrl: origin });
	const key = credential('trintFaultKey0001', 'trintApi', { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...custom(trint.origin) });
	const sloppy = credential('trintSloppyKey001', 'trintApi', { keyId: ` ${TRINT_FIXTURES.keyId}\n`, keySecret: `\t${TRINT_FIXTURES.keySecret} \n`, ...custom(trint.origin) });
	const keyInLegacy = credential('trintWrongField01', 'trintLegacyApi', { apiKey: TRINT_FIXTURES.keyId, ...custom(trint.origin) });
	const emptySecret = credential('trintEmptySecret1', 'trintApi', { keyId: TRINT_FIXTURES.keyId, keySecret: '', ...custom(trint.origin) });
	const use = { credential: key };
	const getMany = (limit) => ({ resource: 'transcript', operation: 'getAll', returnAll: false, limit });

	flows.listAndUpload = chainWorkflow('faultListUpload', [
		trintNode('List', getMany(1), use),
		readFileNode('Read', mediaPath),
		trintNode('Upload', { resource: 'transcript', operation: 'upload', language: 'en' }, { ...use, continueOnFail: true }),
	]);
	flows.list = chainWorkflow('faultList', [trintNode('Trint', getMany(5), use)]);
	flows.getThree = chainWorkflow('faultThree', [
		...itemsNodes([{ id: target.id }, { id: 'AAAAAAAAAAAAAAAAAAAAAA' }, { id: target.id }]),
		trintNode('Trint', { resource: 'transcript', operation: 'get', transcriptId: byId('={{ $json.id }}') }, { ...use, continueOnFail: true }),
	]);
	// Credential quirks, one node each, in one workflow (one item flows through): each node's own
	// credential as n8n stored it.
	flows.credentials = chainWorkflow('faultCredentials', [
		trintNode('Sloppy', getMany(1), { credential: sloppy }),
		trintNode('Empty Secret', getMany(5), { credential: emptySecret, continueOnFail: true }),
		trintNode('Key In Legacy', getMany(1), { auth: 'legacyKey', credential: keyInLegacy, continueOnFail: true }),
	]);

	n8n = await N8nInstance.create({ tarball: await packPack(), env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials(Object.values(creds));
	await n8n.importWorkflows(Object.values(flows));
	recordRunOutputs(n8n, RUN_OUTPUTS);
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the installed package, in a real n8n', () => {
	test('a list and an upload read from disk; a 500 on the upload is an error item that says to check Trint first, sent once', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/', method: 'POST', status: 500, times: 1 });
		const result = await n8n.execute(flows.listAndUpload.id);
		expect(outputOf(result, 'List')).toHaveLength(1);
		const [item] = outputOf(result, 'Upload');
		expect(item.json.error).toMatch(/500/);
		expect(item.json.description).toMatch(/Check Trint \(My Trints, or the Shared Drive and folder you chose\) for the file before you upload it again/);
		expect(trint.requests.filter((request) => request.method === 'POST' && request.path === '/')).toHaveLength(1);
	});
});

describe('failed runs and error items as n8n stores them', () => {
	test('a server text with system error codes keeps the node\'s headline in n8n; the text is quoted in the description', async () => {
		const serverText = "ENOENT: no such file or directory, open '/x' (ECONNREFUSED, EAI_AGAIN)";
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 500, body: { message: serverText }, times: 1 });
		const result = await n8n.execute(flows.list.id);
		expect(result.exitCode).toBe(1);
		const error = errorOf(result);
		expect(error.message).toBe('Trint: HTTP 500');
		expect(error.description).toContain(`Trint said: "${serverText}".`);
		trint.clearFaults();
	});

	test('with Continue On Fail, a failing middle item becomes an error item paired to it', async () => {
		const items = outputOf(await runFresh('getThree'), 'Trint');
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
		expect(items[0].json.id).toBe(target.id);
		expect(items[1].json.error).toMatch(/403/);
		expect(items[2].json.id).toBe(target.id);
	});
});

describe('credentials as n8n stores them', () => {
	test('keys pasted with spaces and line breaks still work; an empty Key Secret is Trint\'s 401 naming the field; a Key ID in the legacy field gets a hint', async () => {
		const result = await runFresh('credentials');
		expect(outputOf(result, 'Sloppy')).toHaveLength(1);
		expect(trint.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`);
		const [empty] = outputOf(result, 'Empty Secret');
		expect(empty.json.error).toMatch(/401/);
		expect(empty.json.description).toMatch(/"Key Secret" is empty/);
		const [legacy] = outputOf(result, 'Key In Legacy');
		expect(legacy.json.error).toMatch(/401/);
		expect(legacy.json.description).toMatch(/holds a Key ID/);
		expect(trint.requests).toHaveLength(3);
	});
});

describe('secrets', () => {
	test('no key or secret in the log, the run outputs or the database of n8n after everything above', async () => {
		expect(RUN_OUTPUTS.length).toBeGreaterThanOrEqual(8);
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS });
		expect(report.scanned.places).toBeGreaterThan(2);
		expect(report.hits).toEqual([]);
	});
});
