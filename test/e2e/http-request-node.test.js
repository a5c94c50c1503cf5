'use strict';
// The escape hatches, in one real n8n started from the packed tarball with its SSRF protection on
// (the mocks' 127.0.0.1 allowed, the rest of 127.0.0.0/8 blocked as n8n blocks it by default):
// - each credential's "<name> HTTP Request" entry is in what n8n serves to the editor, and shows in
//   the nodes panel (Chromium, screenshot kept in docs/);
// - n8n's HTTP Request node with each credential (Predefined Credential Type) sends exactly the
//   headers the pack's nodes send, seen at the mock, with no secret in the output or the saved
//   execution;
// - an Upload from a URL that the protection blocks, directly or after a redirect, says so and
//   sends nothing to the source;
// - the sandbox credential reaches the translation API (its Translation Base URL is set).
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf, sandboxCredentials, SANDBOX_CREDENTIAL_IDS } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { startTrustNxtMock, TRUSTNXT_FIXTURES } = require('../mocks/trustnxt-mock');
const { chainWorkflow, trintNode } = require('./workflows');
const { scanForSecrets } = require('./secrets');
const { launchBrowser } = require('./browser/environment');
const { EditorSession } = require('./browser/session');

jest.setTimeout(20 * 60 * 1000);

const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'http-request-entries.png');
const ENTRIES = {
	trintApi: 'Trint API',
	trintLegacyApi: 'Trint Legacy API',
	trustNxtApi: 'TrustNXT API',
};
const NO_SECRET_ID = 'tnxtNoSecret0001';

let trint;
let tnxt;
let blockedSource;
let redirector;
let n8n;
let credentials;
const flows = {};
const runs = {};
const RUN_OUTPUTS = [];

/** A loopback server on `host` that records every request and answers with `handler`. */
function recordingServer(host, handler) {
	const requests = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method, url: req.url, headers: req.headers });
		handler(req, res);
	});
	return new Promise((resolve) => {
		server.listen(0, host, () => {
			const origin = `http://${host}:${server.address().port}`;
			resolve({ origin, requests, close: () => new Promise((done) => server.close(done)) });
		});
	});
}

/** n8n's HTTP Request node authenticated by one of the pack's credentials, as the panel entry adds it. */
function httpRequestNode(credentialType, credential, url) {
	return {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'GET', url, authentication: 'predefinedCredentialType', nodeCredentialType: credentialType, options: {} },
		credentials: { [credentialType]: { id: credential.id, name: credential.name } },
	};
}

const urlUpload = (sourceUrl) => ({ resource: 'transcript', operation: 'upload', source: 'url', sourceUrl, language: 'en', waitForTranscription: false });

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0, translationMs: 0 });
	tnxt = await startTrustNxtMock({ port: 0 });
	// 127.0.0.2 is loopback like the mocks, but outside the range this n8n allows.
	blockedSource = await recordingServer('127.0.0.2', (req, res) => {
		res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': '4' });
		res.end('ID3!');
	});
	redirector = await recordingServer('127.0.0.1', (req, res) => {
		res.writeHead(302, { location: `${blockedSource.origin}/private/interview.mp3?token=abc` });
		res.end();
	});

	credentials = sandboxCredentials({ trintOrigin: trint.origin, trustnxtOrigin: tnxt.origin });
	const byType = Object.fromEntries(credentials.map((credential) => [credential.type, credential]));
	const noSecret = { id: NO_SECRET_ID, name: 'TrustNXT without secret', type: 'trustNxtApi', data: { apiKey: TRUSTNXT_FIXTURES.apiKey, baseUrl: tnxt.origin } };
	credentials.push(noSecret);

	flows.trintApi = chainWorkflow('httpKey', [httpRequestNode('trintApi', byType.trintApi, `${trint.origin}/transcripts/?limit=1&skip=0`)]);
	flows.trintLegacyApi = chainWorkflow('httpLegacy', [httpRequestNode('trintLegacyApi', byType.trintLegacyApi, `${trint.origin}/transcripts/?limit=1&skip=0`)]);
	flows.trustNxtApi = chainWorkflow('httpTnxt', [httpRequestNode('trustNxtApi', byType.trustNxtApi, `${tnxt.origin}/v1/usage`)]);
	flows.trustNxtNoSecret = chainWorkflow('httpTnxtNoSec', [httpRequestNode('trustNxtApi', noSecret, `${tnxt.origin}/v1/usage`)]);
	const sandboxKey = { credential: byType.trintApi, continueOnFail: true };
	flows.languages = chainWorkflow('langs', [trintNode('Languages', { resource: 'translation', operation: 'getLanguages' }, sandboxKey)]);
	flows.blockedDirect = chainWorkflow('ssrfDirect', [trintNode('Upload', urlUpload(`${blockedSource.origin}/private/interview.mp3?token=abc`), sandboxKey)]);
	flows.blockedRedirect = chainWorkflow('ssrfRedirect', [trintNode('Upload', urlUpload(`${redirector.origin}/share/interview.mp3`), sandboxKey)]);
	flows.allowed = chainWorkflow('ssrfAllowed', [trintNode('Upload', urlUpload(trint.mediaUrl('interview.mp3', { type: 'audio/mpeg', bytes: 4096 })), sandboxKey)]);

	n8n = await N8nInstance.create({
		tarball: await packPack(),
		env: { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' },
	});
	await n8n.importCredentials(credentials);
	await n8n.importWorkflows(Object.values(flows));
	// All runs in one n8n process; the mocks record what each sent.
	const keys = Object.keys(flows);
	const batch = await n8n.executeBatch(keys.map((key) => flows[key].id));
	RUN_OUTPUTS.push(batch.stdout, batch.stderr);
	keys.forEach((key, index) => {
		runs[key] = batch[index];
		RUN_OUTPUTS.push(JSON.stringify(batch[index].data));
	});
	await n8n.start();
	await n8n.setupOwner();
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
	await tnxt?.close();
	await blockedSource?.close();
	await redirector?.close();
});

/** The requests a mock received from the workflow `key` (each ran once, in order, alone). */
function requestsTo(mock, pathPrefix) {
	return mock.requests.filter((request) => request.path.startsWith(pathPrefix));
}

describe('"<name> HTTP Request" entries', () => {
	test('the credential types n8n serves to the editor carry each entry, not hidden', async () => {
		const types = await n8n.rest('GET', '/types/credentials.json');
		for (const [name, entryName] of Object.entries(ENTRIES)) {
			const type = types.find((candidate) => candidate.name === name);
			expect({ name, entry: type?.httpRequestNode }).toEqual({
				name,
				entry: { name: entryName, docsUrl: expect.stringMatching(/^https:\/\/(dev\.trint\.com|developer\.trustnxt\.com)\//), apiBaseUrlPlaceholder: expect.stringMatching(/^https:\/\//) },
			});
			// n8n marks entries of credentials that a node of the same package uses as hidden;
			// these are such credentials.
			expect(type.supportedNodes.length).toBeGreaterThan(0);
		}
	});

	test('the nodes panel lists "Trint API", "Trint Legacy API" and "TrustNXT API" as HTTP requests (Chromium)', async () => {
		const browser = await launchBrowser();
		try {
			const editor = new EditorSession(browser.context, { baseUrl: n8n.baseUrl, owner: n8n.owner });
			const page = await editor.open();
			await editor.login();
			await editor.openWorkflow(flows.trintApi.id, 2);
			await page.click('[data-test-id=node-creator-plus-button]');
			const bar = await editor.see(page.locator('[data-test-id=node-creator-search-bar]'), 'the node creator\'s search bar');
			const items = page.locator('[data-test-id=node-creator-item-name]');
			const wanted = Object.values(ENTRIES);
			// The panel's search is fuzzy; the query that lists the three entries nearest the top
			// makes the screenshot (the others are printed, to see how n8n ranks them).
			let best;
			for (const query of ['API', 'T API', 'tAPI', 'tr api']) {
				await bar.first().fill(query);
				await editor.see(items, `a result for "${query}"`);
				await page.waitForTimeout(500);
				const names = await items.allInnerTexts();
				const last = Math.max(...wanted.map((entry) => names.indexOf(entry)));
				process.stdout.write(`[http-request] "${query}": ${JSON.stringify(names.slice(0, 25))}\n`);
				if (wanted.every((entry) => names.includes(entry)) && (!best || last < best.last)) best = { query, last };
			}
			expect(best).toBeDefined();
			await bar.first().fill(best.query);
			for (const entry of wanted) {
				await editor.see(page.locator('[data-test-id=node-creator-item-name]', { hasText: new RegExp(`^${entry}$`) }), `the entry "${entry}"`);
			}
			expect(await items.allInnerTexts()).toEqual(expect.arrayContaining(wanted));
			await page.setViewportSize({ width: 1440, height: Math.min(2400, Math.max(900, 260 + (best.last + 2) * 62)) });
			await page.locator('[data-test-id=node-creator-item-name]', { hasText: /^TrustNXT API$/ }).first().scrollIntoViewIfNeeded();
			await page.waitForTimeout(500);
			fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
			await page.screenshot({ path: SCREENSHOT });
			process.stdout.write(`[http-request] screenshot ${SCREENSHOT}\n`);
		} finally {
			await browser.close();
		}
	});
});

describe('n8n\'s HTTP Request node with each credential sends what the nodes send', () => {
	const basic = `Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`;

	test('Trint API: HTTP Basic (Key ID and Key Secret), no api-key', () => {
		expect(errorOf(runs.trintApi)).toBeNull();
		// The sandbox account has no Trints yet: Trint's list answers [], so the node ran without items.
		expect(outputOf(runs.trintApi, 'HTTP Request')).toEqual([]);
		const sent = requestsTo(trint, '/transcripts/').filter((request) => request.headers.authorization === basic);
		expect(sent).toHaveLength(1);
		expect(sent[0].headers['api-key']).toBeUndefined();
	});

	test('Trint Legacy API: the api-key header, no Authorization', () => {
		expect(errorOf(runs.trintLegacyApi)).toBeNull();
		const sent = requestsTo(trint, '/transcripts/').filter((request) => request.headers['api-key'] !== undefined);
		expect(sent).toHaveLength(1);
		expect(sent[0].headers['api-key']).toBe(TRINT_FIXTURES.legacyKey);
		expect(sent[0].headers.authorization).toBeUndefined();
	});

	test('TrustNXT API: X-API-Key and X-API-Secret; without a secret no X-API-Secret at all', () => {
		expect(errorOf(runs.trustNxtApi)).toBeNull();
		expect(errorOf(runs.trustNxtNoSecret)).toBeNull();
		expect(outputOf(runs.trustNxtApi, 'HTTP Request')[0].json).toHaveProperty('protectCalls');
		const sent = requestsTo(tnxt, '/v1/usage');
		expect(sent).toHaveLength(2);
		const [withSecret, withoutSecret] = sent;
		expect([withSecret.headers['x-api-key'], withSecret.headers['x-api-secret']]).toEqual([TRUSTNXT_FIXTURES.apiKey, TRUSTNXT_FIXTURES.apiSecret]);
		expect(withoutSecret.headers['x-api-key']).toBe(TRUSTNXT_FIXTURES.apiKey);
		expect(Object.keys(withoutSecret.headers)).not.toContain('x-api-secret');
		for (const request of sent) expect(request.headers.authorization).toBeUndefined();
	});
});

describe('Upload from a URL under n8n\'s SSRF protection', () => {
	test('a blocked source: the error says so, keeps n8n\'s explanation, and the source received nothing', () => {
		const [item] = outputOf(runs.blockedDirect, 'Upload');
		expect(item.json.error).toMatch(/^"Source URL": http:\/\/127\.0\.0\.2:\d+\/private\/interview\.mp3 is blocked by this n8n's SSRF protection settings$/);
		const description = JSON.stringify(item.json);
		expect(description).toMatch(/restricted IP address/);
		expect(description).toMatch(/administrator to allow the host/);
		expect(description).not.toMatch(/token=abc/);
		expect(blockedSource.requests).toHaveLength(0);
	});

	test('blocked after a redirect: the error names the redirect hop; the source received nothing', () => {
		const [item] = outputOf(runs.blockedRedirect, 'Upload');
		expect(item.json.error).toBe(
			`"Source URL": the redirect from ${redirector.origin}/share/interview.mp3 to ${blockedSource.origin}/private/interview.mp3 (redirect 1 of at most 5) is blocked by this n8n's SSRF protection settings`,
		);
		expect(redirector.requests).toHaveLength(1);
		expect(blockedSource.requests).toHaveLength(0);
	});

	test('an allowed source still uploads; Trint received only that upload', () => {
		expect(errorOf(runs.allowed)).toBeNull();
		const [item] = outputOf(runs.allowed, 'Upload');
		expect(item.json.error).toBeUndefined();
		expect(trint.requests.filter((request) => request.method === 'POST' && request.path === '/')).toHaveLength(1);
	});
});

test('the sandbox\'s Trint credential reaches the translation API (Translation Base URL set)', () => {
	const items = outputOf(runs.languages, 'Languages');
	expect(items.filter((item) => item.json.error)).toEqual([]);
	expect(items.length).toBeGreaterThan(0);
	expect(requestsTo(trint, '/translation').length).toBeGreaterThan(0);
	expect(credentials.find((credential) => credential.id === SANDBOX_CREDENTIAL_IDS.trintApi).data.translationBaseUrl).toBe(`${trint.origin}/translation`);
});

test('no key or secret in the runs\' output, the saved executions, the database or the log', () => {
	const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS });
	expect(report.scanned.places).toBeGreaterThan(3);
	expect(report.hits).toEqual([]);
});
