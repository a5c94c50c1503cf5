'use strict';
// The pack's latency features inside a real n8n, installed from the packed tarball:
// - Transcript → Get Many with Return All reads 4 pages at once by default; a transcript created
//   while it reads (every later page shifted by one) still gives every transcript exactly once,
//   in the list's order, with at most 3 requests past the end and none repeated.
// - Upload with Batch Concurrency 4 and Continue On Fail: a 500 after Trint stored the file is
//   not resent and says what to check; a 429 is resent once after Retry-After and lowers the
//   concurrency for the rest of the run; 20 outputs in input order, each paired, each file
//   stored once.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { N8nInstance, packPack, outputOf, errorOf } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { chainWorkflow, trintNode, readFileNode } = require('./workflows');
const { scanForSecrets, recordRunOutputs } = require('./secrets');
const { DEFAULT_PARALLEL } = require('./pages');

const RUN_OUTPUTS = [];

jest.setTimeout(15 * 60 * 1000);

const SEEDED = 2500;
const PAGE = 1000;
const FILES = 20;
/** The files the faults are aimed at (by name, so which request they hit does not depend on timing). */
const FAILS_AFTER_STORING = 7;
const RATE_LIMITED = 12;
/**
 * An emulated network round trip on both mocks, so that requests sent together overlap at the
 * mock even when n8n, on a busy machine, takes a while to get each one out.
 */
const ROUND_TRIP_MS = 150;

let listed;
let uploads;
let n8n;
let workDir;
let seeded;
const flows = {};
const creds = {};

const fileName = (number) => `file-${String(number).padStart(2, '0')}.mp3`;
const fileBytes = (number) => Buffer.concat([Buffer.from('ID3'), crypto.createHash('sha512').update(fileName(number)).digest(), Buffer.alloc(1024 + number, number)]);
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

function credential(id, origin) {
	creds[id] = { id, name: id, type: 'trintApi', data: { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, region: 'custom', apiBaseUrl: origin, uploadBaseUrl: origin } };
	return creds[id];
}

/** Items with the given JSON, one per entry. */
function itemsNodes(entries) {
	return [
		{ name: 'Items', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ entries }), options: {} } },
		{ name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'entries', options: {} } },
	];
}

beforeAll(async () => {
	listed = await startTrintMock({ port: 0, latencyMs: ROUND_TRIP_MS });
	seeded = listed.seedTranscripts(SEEDED, { titlePrefix: 'Archive ' });
	uploads = await startTrintMock({ port: 0, processingMs: 0, latencyMs: ROUND_TRIP_MS });

	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trint-parallel-'));
	const paths = [];
	for (let number = 1; number <= FILES; number++) {
		const file = path.join(workDir, fileName(number));
		fs.writeFileSync(file, fileBytes(number));
		paths.push({ path: file });
	}

	const listKey = credential('trintParallelList', listed.origin);
	const uploadKey = credential('trintParallelUpld', uploads.origin);
	flows.getAll = chainWorkflow('parallelGetAll', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true }, { credential: listKey })]);
	flows.uploadBatch = chainWorkflow('parallelUpload', [
		...itemsNodes(paths),
		readFileNode('Read', '={{ $json.path }}'),
		trintNode('Trint', { resource: 'transcript', operation: 'upload', source: 'binary', binaryPropertyName: 'data', language: 'en', options: { batchConcurrency: 4 } }, { credential: uploadKey, continueOnFail: true }),
	]);

	n8n = await N8nInstance.create({ tarball: await packPack(), env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials(Object.values(creds));
	await n8n.importWorkflows(Object.values(flows));
	recordRunOutputs(n8n, RUN_OUTPUTS);
});

afterAll(async () => {
	await n8n?.destroy();
	await listed?.close();
	await uploads?.close();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('Transcript → Get Many, Return All, default Parallel Requests', () => {
	test('a transcript created after the first page answered: every one of the 2,500 once, in the list\'s order, no duplicate; at most 3 requests past the end, none repeated', async () => {
		listed.clearRequests();
		listed.midScanInserts.length = 0;
		listed.insertDuringList({ afterListAnswers: 1, title: 'Breaking news.mp3' });
		const result = await n8n.execute(flows.getAll.id);
		expect(errorOf(result)).toBeNull();
		const ids = outputOf(result, 'Trint').map((item) => item.json.id);

		const [insert] = listed.midScanInserts;
		expect(insert).toBeDefined();
		// The shift happened between the first page and the rest (the first answer was skip=0),
		// so every later page saw it.
		expect(insert.answeredBefore).toEqual([0]);
		const newestFirst = seeded.map((item) => item.id).reverse();
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.filter((id) => id === insert.item.id).length).toBeLessThanOrEqual(1);
		expect(ids.filter((id) => id !== insert.item.id)).toEqual(newestFirst);

		// Pages asked ahead start on the last entry of the page before (0, 999, 1998, …). The insert
		// shifted page 999 by one, so it did not start with page 0's last entry: the list was read
		// again from 949 and on from there. Each request once; the three pages asked ahead on the
		// old grid are dropped, and at most three are asked past the end: no more than the three
		// needed pages, the realigned one and 2 × 3.
		const list = listed.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/transcripts'));
		const skips = list.map((request) => Number(request.query.skip));
		expect(new Set(skips).size).toBe(skips.length);
		expect(skips).toEqual(expect.arrayContaining([0, 999, 949]));
		expect(skips.length).toBeLessThanOrEqual(3 + 1 + 2 * (DEFAULT_PARALLEL - 1));
		expect(list.every((request) => request.query.limit === String(PAGE))).toBe(true);
		// More than one page was asked for before the first came back: the pages really overlapped.
		expect(Math.max(...list.map((request) => request.inFlight))).toBeGreaterThan(1);
	});
});

describe('Transcript → Get Many, Return All, pages answered out of order around an insert', () => {
	test('page 1998 answered before the new transcript, page 999 after it: the move is noticed, the list read again from 949, every one of the 2,500 once', async () => {
		listed.clearRequests();
		listed.injectFault({ path: '/transcripts/', query: { skip: 999 }, kind: 'delay', delayMs: 1500, times: 1 });
		listed.insertDuringList({ afterListAnswers: 3, title: 'Late breaking.mp3' });
		const result = await n8n.execute(flows.getAll.id);
		expect(errorOf(result)).toBeNull();
		const ids = outputOf(result, 'Trint').map((item) => item.json.id);
		const insert = listed.midScanInserts[listed.midScanInserts.length - 1];
		expect(insert?.item.title).toBe('Late breaking.mp3');
		// The case where a transcript would fall between two pages: a later page cut before the
		// insert, an earlier one after it.
		expect(insert.answeredBefore).not.toContain(999);
		expect(insert.answeredBefore).toContain(1998);
		expect(new Set(ids).size).toBe(ids.length);
		// The list also holds the transcript the test before created; only the 2,500 are checked.
		const original = new Set(seeded.map((item) => item.id));
		expect(ids.filter((id) => original.has(id))).toEqual(seeded.map((item) => item.id).reverse());
		const skips = listed.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/transcripts')).map((request) => Number(request.query.skip));
		expect(skips).toContain(949);
		expect(new Set(skips).size).toBe(skips.length);
	});
});

describe('Transcript → Upload, Batch Concurrency 4, Continue On Fail', () => {
	test('20 files: a 500 after storing is not resent and says what to check, a 429 is resent once and lowers the concurrency; 20 outputs in order, each file stored once', async () => {
		uploads.reset();
		uploads.injectFault({ path: '/', method: 'POST', query: { filename: fileName(FAILS_AFTER_STORING) }, kind: 'processed', status: 500, bodyStyle: 'json' });
		uploads.injectFault({ path: '/', method: 'POST', query: { filename: fileName(RATE_LIMITED) }, status: 429, retryAfter: 1 });
		const result = await n8n.execute(flows.uploadBatch.id);
		const items = outputOf(result, 'Trint');

		// One output per input file, in input order, each paired with its input item.
		expect(items).toHaveLength(FILES);
		expect(items.map((item) => item.pairedItem)).toEqual(Array.from({ length: FILES }, (_, index) => ({ item: index })));
		const failed = items[FAILS_AFTER_STORING - 1].json;
		expect(failed.error).toMatch(/500/);
		expect(failed.description).toMatch(/Trint may have received the file before the failure, so the node did not send it again/);
		expect(failed.description).toMatch(/Check Trint .* before you upload it again, so that it is not transcribed and billed twice/);
		const stored = new Map(uploads.uploads.map((upload) => [upload.filename, upload.trintId]));
		items.forEach((item, index) => {
			if (index === FAILS_AFTER_STORING - 1) return;
			expect(item.json.error).toBeUndefined();
			expect(item.json.title).toBe(fileName(index + 1));
			expect(item.json.trintId).toBe(stored.get(fileName(index + 1)));
		});

		// At the mock: every file stored exactly once with its own bytes; the 500 one sent once
		// (Trint has it although the node was told 500), the 429 one sent twice.
		const counts = uploads.uploadCounts();
		for (let number = 1; number <= FILES; number++) {
			expect([fileName(number), counts[fileName(number)].stored, counts[fileName(number)].sha256]).toEqual([fileName(number), 1, [sha256(fileBytes(number))]]);
		}
		expect(counts[fileName(FAILS_AFTER_STORING)]).toMatchObject({ received: 1, statuses: [500] });
		expect(counts[fileName(RATE_LIMITED)]).toMatchObject({ received: 2, statuses: [429, 200] });
		expect(uploads.uploads).toHaveLength(FILES);

		// Up to 4 uploads were under way at once before the 429, at most 2 once the uploads
		// already running when it came back had finished.
		const sent = uploads.requests.filter((request) => request.method === 'POST' && request.path === '/');
		const limited = sent.find((request) => request.status === 429);
		const before = sent.filter((request) => request.time <= limited.time);
		// Uploads that may have started before the node took in the 429 (allowing it a few round
		// trips) are let finish; every upload that arrives after the last of them has ended
		// (the resent one among them) runs at the lowered concurrency.
		const stale = sent.filter((request) => request.time <= limited.endTime + 3 * ROUND_TRIP_MS);
		const settled = Math.max(...stale.map((request) => request.endTime));
		const after = sent.filter((request) => request.time > settled);
		expect(Math.max(...before.map((request) => request.inFlight))).toBeGreaterThan(1);
		expect(uploads.concurrency.max).toBeLessThanOrEqual(4);
		expect(after.length).toBeGreaterThan(0);
		expect(Math.max(...after.map((request) => request.inFlight))).toBeLessThanOrEqual(2);
		// And n8n shows the user why, on the node's output.
		const hints = result.data.data.resultData.runData.Trint[0].hints ?? [];
		expect(hints.map((hint) => hint.message).join(' ')).toMatch(/Batch Concurrency was lowered from 4 to 2 during this run because the server answered 429/);
	});
});

describe('secrets', () => {
	test('no key or secret in the log, the run outputs or the database of n8n', async () => {
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS });
		expect(report.scanned.places).toBeGreaterThan(2);
		expect(report.hits).toEqual([]);
	});
});
