'use strict';
// What a scheduled job sees when Trint misbehaves or the input is wrong, inside a real n8n:
// idempotent reads recover or fail clearly, uploads are never sent twice where Trint may have
// taken them, every input item yields exactly one output (result or error) in order, bad input
// is refused before any request, and credentials never travel to another host.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { chainWorkflow, trintNode, byId, readFileNode } = require('./workflows');

const { scanForSecrets, recordRunOutputs } = require('./secrets');
const { DEFAULT_PARALLEL } = require('./pages');

/** Everything the runs printed, kept for the secret scan at the end. */
const RUN_OUTPUTS = [];
const EXTRA_SECRETS = [];

jest.setTimeout(20 * 60 * 1000);

let trint;
let elsewhere;
let paged;
let n8n;
let workDir;
let mediaPath;
const flows = {};
const creds = {};
let target;
const WEIRD_IDS = ['a/b', '..', '../../workspaces', 'x?limit=1', 'x#frag', '100%', 'with space', 'Üñï©ødé'];

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

function countOf(method, pathPrefix) {
	return trint.requests.filter((request) => request.method === method && request.path.startsWith(pathPrefix)).length;
}

async function runFresh(key) {
	trint.clearRequests();
	trint.clearFaults();
	return await n8n.execute(flows[key].id);
}

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
	elsewhere = await startTrintMock({ port: 0 });
	// Enough transcripts for three pages of 1000, for the paging quirks.
	paged = await startTrintMock({ port: 0 });
	paged.seedTranscripts(2100, { titlePrefix: 'Paged' });
	trint.seedTranscripts(30, { titlePrefix: 'Item' });
	target = trint.addTranscript({ title: 'target.mp3', processingMs: 0 });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trint-faults-'));
	mediaPath = path.join(workDir, 'clip.mp3');
	fs.writeFileSync(mediaPath, Buffer.concat([Buffer.from('ID3'), crypto.randomBytes(256 * 1024)]));
	fs.writeFileSync(path.join(workDir, 'empty.mp3'), Buffer.alloc(0));

	const custom = (origin) => ({ region: 'custom', apiBaseUrl: origin, uploadBaseUrl: origin });
	const key = credential('trintFaultKey0001', 'trintApi', { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...custom(trint.origin) });
	const sloppy = credential('trintSloppyKey001', 'trintApi', { keyId: ` ${TRINT_FIXTURES.keyId}\n`, keySecret: `\t${TRINT_FIXTURES.keySecret} \n`, ...custom(trint.origin) });
	const keyInLegacy = credential('trintWrongField01', 'trintLegacyApi', { apiKey: TRINT_FIXTURES.keyId, ...custom(trint.origin) });
	const refused = credential('trintRefused00001', 'trintApi', { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...custom('http://127.0.0.1:9') });
	const notUrl = credential('trintNotAUrl00001', 'trintApi', { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...custom('api.example') });
	const emptySecret = credential('trintEmptySecret1', 'trintApi', { keyId: TRINT_FIXTURES.keyId, keySecret: '', ...custom(trint.origin) });
	const pagedKey = credential('trintPagedKey0001', 'trintApi', { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...custom(paged.origin) });
	const use = { credential: key };
	const getMany = (limit) => ({ resource: 'transcript', operation: 'getAll', returnAll: false, limit });

	flows.list = chainWorkflow('faultList', [trintNode('Trint', getMany(5), use)]);
	flows.emptySecret = chainWorkflow('faultEmptySecret', [trintNode('Trint', getMany(5), { credential: emptySecret, continueOnFail: true })]);
	flows.listAllPaged = chainWorkflow('faultPaged', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true }, { credential: pagedKey, continueOnFail: true })]);
	flows.listWithTimeout = chainWorkflow('faultStall', [trintNode('Trint', { ...getMany(5), options: { timeout: 2 } }, use)]);
	flows.listContinue = chainWorkflow('faultListCont', [trintNode('Trint', getMany(5), { ...use, continueOnFail: true })]);
	flows.getThree = chainWorkflow('faultThree', [
		...itemsNodes([{ id: target.id }, { id: 'AAAAAAAAAAAAAAAAAAAAAA' }, { id: target.id }]),
		trintNode('Trint', { resource: 'transcript', operation: 'get', transcriptId: byId('={{ $json.id }}') }, { ...use, continueOnFail: true }),
	]);
	flows.upload = chainWorkflow('faultUpload', [readFileNode('Read', mediaPath), trintNode('Trint', { resource: 'transcript', operation: 'upload', language: 'en' }, { ...use, continueOnFail: true })]);
	flows.createFolder = chainWorkflow('faultFolderCreate', [trintNode('Trint', { resource: 'folder', operation: 'create', name: 'Interviews 2026' }, { ...use, continueOnFail: true })]);
	flows.exportText = chainWorkflow('faultExport', [trintNode('Trint', { resource: 'transcript', operation: 'export', transcriptId: byId(target.id), format: 'text' }, { ...use, continueOnFail: true })]);
	flows.refused = chainWorkflow('faultRefused', [trintNode('Trint', getMany(1), { credential: refused, continueOnFail: true })]);
	flows.notUrl = chainWorkflow('faultNotUrl', [trintNode('Trint', getMany(1), { credential: notUrl, continueOnFail: true })]);
	flows.sloppy = chainWorkflow('faultSloppy', [trintNode('Trint', getMany(2), { credential: sloppy })]);
	flows.keyInLegacy = chainWorkflow('faultWrongField', [trintNode('Trint', getMany(1), { auth: 'legacyKey', credential: keyInLegacy, continueOnFail: true })]);

	flows.weirdIds = chainWorkflow('faultIds', [
		...itemsNodes(WEIRD_IDS.map((id) => ({ id }))),
		trintNode('Trint', { resource: 'transcript', operation: 'get', transcriptId: byId('={{ $json.id }}') }, { ...use, continueOnFail: true }),
	]);
	flows.badLimits = chainWorkflow('faultLimits', [
		...itemsNodes([{ limit: 0 }, { limit: -3 }, { limit: 2.5 }, { limit: 5000000 }]),
		trintNode('Trint', { ...getMany('={{ $json.limit }}') }, { ...use, continueOnFail: true }),
	]);
	flows.badUpload = chainWorkflow('faultBadUpload', [
		readFileNode('Read', mediaPath),
		...[
			['Wrong Field', { binaryPropertyName: 'file', language: 'en' }],
			['Unknown Language', { binaryPropertyName: 'data', language: '={{ "klingon" }}' }],
			['Huge Metadata', { binaryPropertyName: 'data', language: 'en', options: { metadata: 'm'.repeat(5000) } }],
		].map(([name, parameters]) => trintNode(name, { resource: 'transcript', operation: 'upload', ...parameters }, { ...use, continueOnFail: true })),
	]);
	flows.emptyFile = chainWorkflow('faultEmpty', [readFileNode('Read', path.join(workDir, 'empty.mp3')), trintNode('Trint', { resource: 'transcript', operation: 'upload', language: 'en' }, { ...use, continueOnFail: true })]);
	flows.noBinary = chainWorkflow('faultNoBinary', [trintNode('Trint', { resource: 'transcript', operation: 'upload', language: 'en' }, { ...use, continueOnFail: true })]);

	n8n = await N8nInstance.create({ tarball: await packPack(), env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials(Object.values(creds));
	await n8n.importWorkflows(Object.values(flows));
	recordRunOutputs(n8n, RUN_OUTPUTS);
});

beforeEach(() => {
	// A fault injected with more repetitions than a test consumed must not leak into the next.
	trint.clearFaults();
	trint.clearRequests();
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
	await elsewhere?.close();
	await paged?.close();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('rate limits and server errors on reads', () => {
	test('429 with Retry-After in seconds: waits and recovers', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfter: 1, bodyStyle: 'json', times: 1 });
		const result = await n8n.execute(flows.list.id);
		expect(outputOf(result, 'Trint')).toHaveLength(5);
		expect(countOf('GET', '/transcripts')).toBe(2);
		const [first, second] = trint.requests;
		expect(second.time - first.time).toBeGreaterThanOrEqual(900);
	});
	test('429 with an HTTP-date Retry-After: waits and recovers', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfterDate: 2, times: 1 });
		expect(outputOf(await n8n.execute(flows.list.id), 'Trint')).toHaveLength(5);
		expect(countOf('GET', '/transcripts')).toBe(2);
	});
	test('429 without any Retry-After: backs off by itself, then recovers', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfter: null, times: 1 });
		expect(outputOf(await n8n.execute(flows.list.id), 'Trint')).toHaveLength(5);
		const pages = trint.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/transcripts'));
		expect(pages).toHaveLength(2);
		expect(pages[1].time - pages[0].time).toBeGreaterThanOrEqual(900);
	});
	test('a burst of 429s beyond the retry cap ends in a clear error after 4 requests', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfter: 0, times: 10 });
		const error = errorOf(await n8n.execute(flows.list.id));
		expect(error.message).toMatch(/429/);
		expect(error.description).toMatch(/retried 3 times/);
		expect(countOf('GET', '/transcripts')).toBe(4);
	});
	test.each([
		[502, 'html'],
		[503, 'text'],
		[504, 'json'],
	])('%i (%s body) once: retried with back-off and recovered', async (status, bodyStyle) => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status, bodyStyle, times: 1 });
		expect(outputOf(await n8n.execute(flows.list.id), 'Trint')).toHaveLength(5);
		expect(countOf('GET', '/transcripts')).toBe(2);
	});
	test('502 on every attempt: 3 attempts, then the gateway\'s own words', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 502, bodyStyle: 'html', times: 0 });
		const [item] = outputOf(await n8n.execute(flows.listContinue.id), 'Trint');
		expect(item.json.error).toBe('Trint: HTTP 502');
		// The gateway's own words, quoted under the headline.
		expect(item.json.description).toMatch(/Trint said: ".*Bad Gateway.*"/);
		expect(countOf('GET', '/transcripts')).toBe(3);
		trint.clearFaults();
	});
	test('a server text with system error codes keeps the node\'s headline in n8n; the text is quoted in the description', async () => {
		const serverText = "ENOENT: no such file or directory, open '/x' (ECONNREFUSED, EAI_AGAIN)";
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 500, body: { message: serverText }, times: 1 });
		const error = errorOf(await n8n.execute(flows.list.id));
		expect(error.message).toBe('Trint: HTTP 500');
		expect(error.description).toContain(`Trint said: "${serverText}".`);
		trint.injectFault({ path: '/folders/', method: 'POST', status: 500, body: { message: serverText }, times: 1 });
		const [item] = outputOf(await n8n.execute(flows.createFolder.id), 'Trint');
		expect(item.json.error).toBe('Trint: HTTP 500');
		expect(item.json.description).toContain(`Trint said: "${serverText}".`);
		trint.clearFaults();
	});
	test('500 is not retried; a read may simply be run again later', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', status: 500, bodyStyle: 'text', times: 1 });
		const [item] = outputOf(await n8n.execute(flows.listContinue.id), 'Trint');
		expect(item.json.error).toMatch(/500/);
		expect(item.json.description).toMatch(/This is usually temporary: run the workflow again later/);
		expect(countOf('GET', '/transcripts')).toBe(1);
	});
	test('connection reset mid-response on a read: retried and recovered', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', kind: 'reset', times: 1 });
		expect(outputOf(await n8n.execute(flows.list.id), 'Trint')).toHaveLength(5);
		expect(countOf('GET', '/transcripts')).toBe(2);
	});
	test('a stalled server: the user\'s timeout, then a clear error', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', kind: 'stall', times: 0 });
		const started = Date.now();
		const error = errorOf(await n8n.execute(flows.listWithTimeout.id));
		expect(error.message).toMatch(/did not answer in time/);
		expect(error.description).toMatch(/Timeout/);
		expect(Date.now() - started).toBeLessThan(60_000);
		trint.clearFaults();
	});
	test.each([
		['malformed-json', /not valid JSON/],
		['empty-body', /empty answer/],
		['not-array', /where a list of transcripts was expected/],
	])('%s page: a clear error, nothing half-returned', async (kind, message) => {
		trint.clearRequests();
		trint.injectFault({ path: '/transcripts/', kind, times: 1 });
		const [item, ...rest] = outputOf(await n8n.execute(flows.listContinue.id), 'Trint');
		expect(rest).toHaveLength(0);
		expect(item.json.error).toMatch(message);
	});
	test('connection refused: three attempts, then says so', async () => {
		const [item] = outputOf(await n8n.execute(flows.refused.id), 'Trint');
		expect(item.json.error).toMatch(/connection refused/);
	});
});

describe('pages that are not what was asked for', () => {
	const pagedIds = () => paged.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/transcripts'));
	async function listAllPaged(quirk) {
		paged.clearRequests();
		paged.setListQuirk(quirk);
		try {
			return outputOf(await n8n.execute(flows.listAllPaged.id), 'Trint');
		} finally {
			paged.setListQuirk(null);
		}
	}
	const expectEveryTranscriptOnce = (items) => {
		const ids = items.map((item) => item.json.id);
		expect(ids).toHaveLength(2100);
		expect(new Set(ids).size).toBe(2100);
		expect(items.every((item) => item.json.error === undefined)).toBe(true);
	};

	test('pages longer than the limit asked for: taken whole, skipped past, every transcript once', async () => {
		const items = await listAllPaged('oversized');
		expectEveryTranscriptOnce(items);
		// The pages used start on the last entry of the one before: 0, 1006, 2012, each asked once.
		// Pages asked ahead (4 at a time by default) before a long page showed they would overlap
		// are dropped, never asked again: at most 4 requests per page used.
		const skips = pagedIds().map((request) => Number(request.query.skip));
		expect(new Set(skips).size).toBe(skips.length);
		expect(skips).toEqual(expect.arrayContaining([0, 1006, 2012]));
		expect(skips.length).toBeLessThanOrEqual(3 * DEFAULT_PARALLEL);
	});

	test('a transcript created while paging repeats one entry: output once, nothing lost', async () => {
		const items = await listAllPaged('shift');
		expectEveryTranscriptOnce(items);
		// Pages asked ahead start on the last entry of the page before (0, 999, 1998, …); the shift
		// shows as page 999 not starting with page 0's last entry, so the list is read again from
		// 949 and on from there. Each request once; the pages asked ahead on the old grid are
		// dropped: no more than the three needed pages, the realigned one and 2 × 3.
		const skips = pagedIds().map((request) => Number(request.query.skip));
		expect(new Set(skips).size).toBe(skips.length);
		expect(skips).toEqual(expect.arrayContaining([0, 999, 949]));
		expect(skips.length).toBeLessThanOrEqual(3 + 1 + 2 * (DEFAULT_PARALLEL - 1));
	});

	test('a server that ignores skip: stops after the repeated page with a clear error, no duplicates', async () => {
		const items = await listAllPaged('ignore-skip');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/same transcripts again for skip=949/);
		expect(items[0].json.description).toMatch(/no item is duplicated/);
		// Page 0, then page 999 (asked ahead, starting on page 0's last entry) does not start with
		// it, so the list is read again from 50 back (949): the whole first page again, which stops
		// the list. Each asked once; at most 3 were asked ahead.
		const skips = pagedIds().map((request) => Number(request.query.skip));
		expect(new Set(skips).size).toBe(skips.length);
		expect(skips).toEqual(expect.arrayContaining([0, 999, 949]));
		expect(skips.length).toBeLessThanOrEqual(3 + DEFAULT_PARALLEL - 1);
	});
});

describe('uploads are never sent twice where Trint may have taken them', () => {
	const UPLOAD_ADVICE = /Check Trint \(My Trints, or the Shared Drive and folder you chose\) for the file before you upload it again, so that it is not transcribed and billed twice/;
	test('500 on upload: one request, an error item that says to check Trint for the file first', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/', method: 'POST', status: 500, times: 1 });
		const [item] = outputOf(await n8n.execute(flows.upload.id), 'Trint');
		expect(item.json.error).toMatch(/500/);
		expect(item.json.description).toMatch(UPLOAD_ADVICE);
		expect(item.json.description).not.toMatch(/run the workflow again/);
		expect(countOf('POST', '/')).toBe(1);
	});
	test('502 on upload is not retried either, with the same advice', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/', method: 'POST', status: 502, times: 1 });
		const [item] = outputOf(await n8n.execute(flows.upload.id), 'Trint');
		expect(item.json.error).toMatch(/502/);
		expect(item.json.description).toMatch(UPLOAD_ADVICE);
		expect(item.json.description).not.toMatch(/run the workflow again/);
		expect(trint.requests.filter((request) => request.method === 'POST' && request.path === '/')).toHaveLength(1);
	});
	test('500 on folder create: one request, an error item that says to check whether the folder exists', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/folders/', method: 'POST', status: 500, times: 1 });
		const [item] = outputOf(await n8n.execute(flows.createFolder.id), 'Trint');
		expect(item.json.error).toMatch(/500/);
		expect(item.json.description).toMatch(/Check whether the folder exists \(Folder → Get Many, or the Trint web app\) before you create it again/);
		expect(item.json.description).not.toMatch(/run the workflow again/);
		expect(trint.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/folders'))).toHaveLength(1);
	});
	test('connection reset mid-upload: one request, an error that says to check Trint first', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/', method: 'POST', kind: 'reset-upload', afterBytes: 64 * 1024, times: 1 });
		const [item] = outputOf(await n8n.execute(flows.upload.id), 'Trint');
		expect(item.json.error).toMatch(/broke off/);
		expect(item.json.description).toMatch(/not repeated automatically/);
		expect(item.json.description).toMatch(UPLOAD_ADVICE);
		expect(trint.requests.filter((request) => request.method === 'POST' && request.path === '/')).toHaveLength(1);
	});
	test('429 on upload: the only case sent again, and the file arrives whole', async () => {
		trint.clearRequests();
		const before = trint.uploads.length;
		trint.injectFault({ path: '/', method: 'POST', status: 429, retryAfter: 1, times: 1 });
		const [item] = outputOf(await n8n.execute(flows.upload.id), 'Trint');
		expect(item.json.trintId).toBeDefined();
		expect(trint.requests.filter((request) => request.method === 'POST' && request.path === '/')).toHaveLength(2);
		expect(trint.uploads.length - before).toBe(1);
		expect(trint.uploads[trint.uploads.length - 1].bodySha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(mediaPath)).digest('hex'));
	});
});

describe('downloads and redirects', () => {
	test('an expired download link says to export again', async () => {
		trint.clearRequests();
		trint.injectFault({ path: '/__downloads/*', kind: 'expired-link', times: 1 });
		const [item] = outputOf(await n8n.execute(flows.exportText.id), 'Trint');
		expect(item.json.error).toMatch(/403/);
		expect(item.json.description).toMatch(/expired/);
	});
	test('a redirect to another host is not followed and the key does not travel', async () => {
		trint.clearRequests();
		elsewhere.clearRequests();
		trint.injectFault({ path: '/transcripts/', kind: 'redirect', location: `${elsewhere.origin}/transcripts/?limit=5&skip=0`, times: 1 });
		const [item] = outputOf(await n8n.execute(flows.listContinue.id), 'Trint');
		expect(item.json.error).toMatch(/redirect/);
		expect(elsewhere.requests).toHaveLength(0);
	});
});

describe('every input item gets exactly one output, in order', () => {
	test('with Continue On Fail, a failing middle item becomes an error item paired to it', async () => {
		const items = outputOf(await runFresh('getThree'), 'Trint');
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
		expect(items[0].json.id).toBe(target.id);
		expect(items[1].json.error).toMatch(/403/);
		expect(items[2].json.id).toBe(target.id);
	});
});

describe('bad input is refused with the field named, before any request', () => {
	test('IDs that are not Trint IDs (path or query characters, dots, spaces) are refused by name; nothing is sent', async () => {
		const items = outputOf(await runFresh('weirdIds'), 'Trint');
		expect(items).toHaveLength(WEIRD_IDS.length);
		expect(trint.requests).toHaveLength(0);
		WEIRD_IDS.forEach((id, index) => {
			expect(items[index].pairedItem.item).toBe(index);
			expect(items[index].json.error).toBe(`"Transcript" is "${id}", which is not a Trint ID`);
			expect(items[index].json.description).toMatch(/Trint IDs are 22 letters, digits, "-" or "_"/);
		});
	});
	test('Limit 0, negative, fractional or absurd', async () => {
		const items = outputOf(await runFresh('badLimits'), 'Trint');
		expect(items).toHaveLength(4);
		for (const item of items) expect(item.json.error).toMatch(/"Limit" must be a whole number/);
		expect(trint.requests).toHaveLength(0);
	});
	test('wrong binary field, unknown language, oversized metadata', async () => {
		const result = await runFresh('badUpload');
		expect(outputOf(result, 'Wrong Field')[0].json.error).toMatch(/No binary property "file"/);
		expect(outputOf(result, 'Wrong Field')[0].json.description).toMatch(/"data"/);
		expect(outputOf(result, 'Unknown Language')[0].json.error).toMatch(/"Language" has an unknown code: "klingon"/);
		expect(outputOf(result, 'Huge Metadata')[0].json.error).toMatch(/"Metadata" is 5000 characters/);
		expect(trint.requests).toHaveLength(0);
	});
	test('an empty file, or no file at all', async () => {
		expect(outputOf(await runFresh('emptyFile'), 'Trint')[0].json.error).toMatch(/empty/);
		expect(outputOf(await runFresh('noBinary'), 'Trint')[0].json.description).toMatch(/carries no file/);
		expect(trint.requests).toHaveLength(0);
	});
	test('a custom base URL that is not a URL', async () => {
		const [item] = outputOf(await runFresh('notUrl'), 'Trint');
		expect(item.json.error).toMatch(/"API Base URL" is not a URL/);
	});
	test('keys pasted with spaces and line breaks still work', async () => {
		const result = await runFresh('sloppy');
		expect(outputOf(result, 'Trint')).toHaveLength(2);
		expect(trint.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`);
	});
	test('an empty Key Secret: Trint\'s 401, with the empty field named', async () => {
		const [item] = outputOf(await runFresh('emptySecret'), 'Trint');
		expect(item.json.error).toMatch(/401/);
		expect(item.json.description).toMatch(/"Key Secret" is empty/);
		expect(trint.requests).toHaveLength(1);
	});
	test('a Key ID pasted into the legacy field gets a hint', async () => {
		const [item] = outputOf(await runFresh('keyInLegacy'), 'Trint');
		expect(item.json.error).toMatch(/401/);
		expect(item.json.description).toMatch(/holds a Key ID/);
	});
});

describe('secrets', () => {
	test('no key or secret in the log, the run outputs or the database of n8n after everything above', async () => {
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS, extraSecrets: EXTRA_SECRETS });
		expect(report.scanned.places).toBeGreaterThan(2);
		expect(report.hits).toEqual([]);
	});
});
