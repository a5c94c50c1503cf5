'use strict';
// The advice in an error depends on what the failed call may have done. A read may simply be
// run again; an upload, a folder creation, a Protect or an Inspect may have been carried out
// (and billed) before the failure, so the error says what to check first and is never sent
// again by the node. Driven in-process over real sockets against the mocks.
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { startTrustNxtMock, TRUSTNXT_FIXTURES, sampleJpeg } = require('../mocks/trustnxt-mock');
const { runTrint, runTrustNxt } = require('./operations/setup');

let trint;
let tnxt;
let trintCredentials;
beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
	tnxt = await startTrustNxtMock({ port: 0 });
	trintCredentials = { trintApi: { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret } };
});
afterAll(async () => {
	await trint?.close();
	await tnxt?.close();
});
beforeEach(() => {
	trint.reset();
	tnxt.reset();
});

const AUDIO = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64 * 1024, 7)]);
const audioItem = () => ({ json: {}, binary: { data: { data: AUDIO.toString('base64'), fileName: 'interview.mp3', mimeType: 'audio/mpeg' } } });

const UPLOAD_ADVICE = /Check Trint \(My Trints, or the Shared Drive and folder you chose\) for the file before you upload it again, so that it is not transcribed and billed twice/;
const FOLDER_ADVICE = /Check whether the folder exists .* before you create it again/;
const READ_ADVICE = /run the workflow again later/;

async function trintRun(parameters, items = [{ json: {} }]) {
	const { items: output, error } = await runTrint(trintCredentials, parameters, { items, continueOnFail: true });
	if (error) throw error;
	return output[0].json;
}

const upload = (options = {}) => ({ authentication: 'keyAndSecret', resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options });
const createFolder = { authentication: 'keyAndSecret', resource: 'folder', operation: 'create', name: 'Interviews', options: {} };
const getMany = { authentication: 'keyAndSecret', resource: 'transcript', operation: 'getAll', returnAll: false, limit: 5, filters: {}, options: {} };
const posts = (path) => trint.requests.filter((request) => request.method === 'POST' && request.path.replace(/(.)\/$/, '$1') === path);

describe('Trint: after a call that may have been processed, the error says what to check', () => {
	test.each([500, 502, 503, 504])('upload answered %i: check Trint for the file, sent once', async (status) => {
		trint.injectFault({ path: '/', method: 'POST', status, times: 0 });
		const json = await trintRun(upload(), [audioItem()]);
		expect(json.error).toMatch(new RegExp(`HTTP ${status}`));
		expect(json.description).toMatch(UPLOAD_ADVICE);
		expect(json.description).not.toMatch(READ_ADVICE);
		expect(posts('/')).toHaveLength(1);
	});

	test.each([500, 502, 503, 504])('folder create answered %i: check whether the folder exists, sent once', async (status) => {
		trint.injectFault({ path: '/folders/', method: 'POST', status, times: 0 });
		const json = await trintRun(createFolder);
		expect(json.error).toMatch(new RegExp(`HTTP ${status}`));
		expect(json.description).toMatch(FOLDER_ADVICE);
		expect(json.description).not.toMatch(READ_ADVICE);
		expect(posts('/folders')).toHaveLength(1);
	});

	test('upload cut off mid-body: check Trint for the file, sent once', async () => {
		trint.injectFault({ path: '/', method: 'POST', kind: 'reset-upload', afterBytes: 1024 });
		const json = await trintRun(upload(), [audioItem()]);
		expect(json.error).toMatch(/broke off/);
		expect(json.description).toMatch(UPLOAD_ADVICE);
		expect(posts('/')).toHaveLength(1);
	});

	test('upload with no answer before the timeout: check Trint for the file, sent once', async () => {
		trint.injectFault({ path: '/', method: 'POST', kind: 'stall' });
		const json = await trintRun(upload({ timeout: 1 }), [audioItem()]);
		expect(json.error).toMatch(/did not answer in time/);
		expect(json.description).toMatch(UPLOAD_ADVICE);
		expect(posts('/')).toHaveLength(1);
	});

	test('folder create cut off before its answer: check whether the folder exists', async () => {
		trint.injectFault({ path: '/folders/', method: 'POST', kind: 'reset', afterBytes: 0 });
		const json = await trintRun(createFolder);
		expect(json.error).toMatch(/broke off/);
		expect(json.description).toMatch(FOLDER_ADVICE);
		expect(posts('/folders')).toHaveLength(1);
	});

	test('folder create answered 200 with an empty or broken body: check, do not repeat', async () => {
		trint.injectFault({ path: '/folders/', method: 'POST', kind: 'empty-body' });
		const empty = await trintRun(createFolder);
		expect(empty.error).toMatch(/empty answer for the new folder/);
		expect(empty.description).toMatch(FOLDER_ADVICE);
		expect(empty.description).not.toMatch(/run the workflow again/);
		trint.injectFault({ path: '/folders/', method: 'POST', kind: 'malformed-json' });
		const broken = await trintRun(createFolder);
		expect(broken.description).toMatch(FOLDER_ADVICE);
	});

	test('a read answered 500 or 502 keeps "run again later" (502 after its retries)', async () => {
		trint.injectFault({ path: '/transcripts/', status: 500 });
		const json = await trintRun(getMany);
		expect(json.description).toMatch(READ_ADVICE);
		expect(json.description).not.toMatch(/before you upload|before you create/);
		trint.injectFault({ path: '/transcripts/', status: 502, times: 0 });
		const again = await trintRun(getMany);
		expect(again.description).toMatch(/on all 3 attempts\. This is usually temporary: run the workflow again later/);
	}, 20000);

	test('a refused upload (4xx) does not claim Trint may have taken the file', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 400 });
		const json = await trintRun(upload(), [audioItem()]);
		expect(json.error).toMatch(/HTTP 400/);
		expect(json.description).not.toMatch(UPLOAD_ADVICE);
	});

	test('a refused connection says nothing reached Trint', async () => {
		const credentials = { trintApi: { ...trintCredentials.trintApi, apiBaseUrl: 'http://127.0.0.1:9', uploadBaseUrl: 'http://127.0.0.1:9' } };
		const { items } = await runTrint(credentials, upload(), { items: [audioItem()], continueOnFail: true });
		expect(items[0].json.description).toMatch(/Nothing reached Trint/);
	}, 20000);
});

describe('TrustNXT: after Protect or Inspect may have been billed, the error says to check Usage', () => {
	const credentials = () => ({ trustNxtApi: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: tnxt.origin } });
	const image = sampleJpeg(20 * 1024, 'advice');
	const imageItem = () => ({ json: {}, binary: { data: { data: image.toString('base64'), fileName: 'photo.jpg', mimeType: 'image/jpeg' } } });
	const protect = { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {} };
	const inspect = { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {} };
	const usage = { resource: 'usage', operation: 'get', options: {} };
	async function tnxtRun(parameters, items = [imageItem()], creds = credentials()) {
		const { items: output, error } = await runTrustNxt(creds, parameters, { items, continueOnFail: true });
		if (error) throw error;
		return output[0].json;
	}
	const tnxtPosts = (path) => tnxt.requests.filter((request) => request.method === 'POST' && request.path === path);

	test.each([500, 502, 504])('Protect answered %i: check protectCalls in Usage first, sent once', async (status) => {
		tnxt.injectFault({ path: '/v1/protect', status, billed: true, times: 0 });
		const json = await tnxtRun(protect);
		expect(json.error).toMatch(new RegExp(`HTTP ${status}`));
		expect(json.description).toMatch(/may have protected the file, and billed the call.*Check Usage → Get first: if "protectCalls" went up/);
		expect(json.description).not.toMatch(/usually temporary/);
		expect(tnxtPosts('/v1/protect')).toHaveLength(1);
	});

	test.each([500, 503])('Inspect answered %i (no Retry-After): check inspectCalls in Usage first, sent once', async (status) => {
		tnxt.injectFault({ path: '/v1/inspect', status, retryAfter: null, billed: true, times: 0 });
		const json = await tnxtRun(inspect);
		expect(json.description).toMatch(/may have inspected the file.*Check Usage → Get first: if "inspectCalls" went up/);
		expect(tnxtPosts('/v1/inspect')).toHaveLength(1);
	});

	test('Protect cut off mid-upload: check Usage first', async () => {
		tnxt.injectFault({ path: '/v1/protect', kind: 'reset-upload', afterBytes: 1024 });
		const json = await tnxtRun(protect);
		expect(json.error).toMatch(/broke off/);
		expect(json.description).toMatch(/Check Usage → Get first: if "protectCalls" went up/);
		expect(tnxtPosts('/v1/protect')).toHaveLength(1);
	});

	test('503 with Retry-After means not processed: retried, then "not billed, run later"', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 503, retryAfter: 0, times: 0 });
		const json = await tnxtRun(protect);
		expect(json.description).toMatch(/not processed or billed in any of the 3 attempts\. Run the workflow again later/);
		expect(tnxtPosts('/v1/protect')).toHaveLength(3);
	}, 20000);

	test('Usage (a free read) answered 500 keeps "run again later"', async () => {
		tnxt.injectFault({ path: '/v1/usage', status: 500 });
		const json = await tnxtRun(usage, [{ json: {} }]);
		expect(json.description).toMatch(READ_ADVICE);
		expect(json.description).not.toMatch(/protectCalls|inspectCalls/);
	});
});

describe('TrustNXT 401: the advice fits the credential', () => {
	const image = sampleJpeg(10 * 1024, 'secret');
	const item = { json: {}, binary: { data: { data: image.toString('base64'), fileName: 'photo.jpg', mimeType: 'image/jpeg' } } };
	const protect = { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {} };
	async function protectWith(credential) {
		return (await runTrustNxt({ trustNxtApi: { baseUrl: tnxt.origin, ...credential } }, protect, { items: [item], continueOnFail: true })).items[0].json;
	}

	test('no secret in the credential and TrustNXT asks for one: add the API Secret', async () => {
		tnxt.requireSecret = true;
		const json = await protectWith({ apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: '' });
		expect(json.error).toMatch(/HTTP 401$/);
		expect(json.description).toMatch(/^TrustNXT said: "API secret required"\./);
		expect(json.description).toMatch(/asks for an API secret and the credential has none/);
		expect(json.description).toMatch(/paste the key's secret into "API Secret"/);
		expect(json.description).not.toMatch(/leave .*empty/i);
		expect(tnxt.requests[0].headers['x-api-secret']).toBeUndefined();
	});

	test('the same credential with the secret added works', async () => {
		tnxt.requireSecret = true;
		const json = await protectWith({ apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret });
		expect(json.assetId).toBeTruthy();
	});

	test('a secret that does not match: check both fields come from the same key', async () => {
		const json = await protectWith({ apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: 'tnxt_secret_wrongwrongwrong' });
		expect(json.description).toMatch(/"API Key" and "API Secret" are from the same key/);
		expect(json.description).not.toMatch(/leave .*empty/i);
	});

	test('a revoked key without a secret: a new key, and its secret if it has one', async () => {
		const json = await protectWith({ apiKey: TRUSTNXT_FIXTURES.revokedKey });
		expect(json.description).toMatch(/did not accept the API key/);
		expect(json.description).toMatch(/if the key came with a secret, paste it into "API Secret"/);
	});
});

describe('TrustNXT 402: usage figures are quoted only when they agree', () => {
	const image = sampleJpeg(10 * 1024, 'limit');
	const item = { json: {}, binary: { data: { data: image.toString('base64'), fileName: 'photo.jpg', mimeType: 'image/jpeg' } } };
	async function protect() {
		const credentials = { trustNxtApi: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: tnxt.origin } };
		const parameters = { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {} };
		return (await runTrustNxt(credentials, parameters, { items: [item], continueOnFail: true })).items[0].json;
	}

	test('402 while the counter shows room left: says the counter disagrees, quotes no figures', async () => {
		tnxt.setLimits({ protectCalls: 1000, inspectCalls: null });
		tnxt.injectFault({ path: '/v1/protect', status: 402 });
		const json = await protect();
		expect(json.httpCode).toBe('402');
		expect(json.description).toMatch(/usage counter \(Usage → Get\) does not show the Protect limit as reached/);
		expect(json.description).not.toMatch(/0 of 1000/);
		expect(json.description).not.toMatch(/\d+ of \d+ Protect calls/);
		expect(json.description).toMatch(/resets after \d{4}-\d\d-\d\dT23:59:59Z/);
	});

	test('402 with no limit reported: no figures either', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 402 });
		const json = await protect();
		expect(json.description).not.toMatch(/of unlimited|\d+ of/);
		expect(json.description).toMatch(/does not show the Protect limit as reached/);
	});

	test('402 with the counter at the limit: the figures are quoted', async () => {
		tnxt.usage.protectCalls = 7;
		tnxt.setLimits({ protectCalls: 7, inspectCalls: null });
		const json = await protect();
		expect(json.description).toMatch(/has used 7 of 7 Protect calls/);
		expect(json.description).not.toMatch(/disagree|does not show/);
	});
});

describe('headlines stay the node\'s own words whatever text the server or the user sends', () => {
	// n8n's error classes swap any headline that contains one of these (case-insensitive) for a
	// generic sentence of their own ("The file or directory does not exist").
	const SYSTEM_WORDS = ['ENOENT', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EACCES', 'EPERM', 'EEXIST', 'getaddrinfo', 'Bad Gateway'];
	const { runTrint, trintCredentials } = require('./operations/setup');

	test.each(SYSTEM_WORDS)('a 500 whose body says %s: the headline is the node\'s, the server text is intact in the description', async (word) => {
		const serverText = `${word}: no such file or directory, open '/x'`;
		trint.injectFault({ path: '/folders/', method: 'POST', status: 500, body: { message: serverText } });
		const { error } = await runTrint(trintCredentials(trint), createFolder);
		expect(error.message).toBe('Trint: HTTP 500');
		expect(error.description).toContain(`"${serverText}"`);
		expect(error.description).toMatch(FOLDER_ADVICE);
	});

	test('a long server text is cut after a whole word, with an ellipsis', async () => {
		const words = Array.from({ length: 60 }, (_, index) => `ENOENT-word${index}`);
		trint.injectFault({ path: '/folders/', method: 'POST', status: 500, body: words.join(' ') });
		const { error } = await runTrint(trintCredentials(trint), createFolder);
		expect(error.message).toBe('Trint: HTTP 500');
		const quoted = /Trint said: "([^"]*)"/.exec(error.description)[1];
		expect(quoted.endsWith('…')).toBe(true);
		expect(quoted.length).toBeLessThanOrEqual(200);
		const kept = quoted.slice(0, -1).split(' ');
		// Every kept word is whole: the cut fell between two words.
		expect(kept).toEqual(words.slice(0, kept.length));
	});

	test('a user\'s value with such a word keeps the field-naming headline', async () => {
		const { error } = await runTrint(trintCredentials(trint), { resource: 'transcript', operation: 'get', transcriptId: { __rl: true, mode: 'id', value: '={{ "ENOENT" }}' }, options: {} });
		expect(error.message).toMatch(/^"Transcript" is "ENOENT"/);
		expect(trint.requests).toHaveLength(0);
	});
});
