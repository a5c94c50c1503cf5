'use strict';
// The two Trint triggers' own methods (register/remove, webhook, poll) driven with small stand-ins
// for n8n's contexts against the Trint mock on loopback: every rule at unit-test speed. The same
// behaviour inside a real n8n is proven in test/e2e/triggers.test.js.
const { expectReadAhead } = require('./read-ahead');
const { TrintTrigger } = require('../../dist/nodes/Trint/TrintTrigger.node');
const { TrintNewTranscriptTrigger } = require('../../dist/nodes/Trint/TrintNewTranscriptTrigger.node');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');

const WEBHOOK_URL = 'http://127.0.0.1:5678/webhook/0f3c2a9e-1111-4222-8333-444455556666/webhook';
let trint;
let credentials;

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
	credentials = { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret };
});
afterAll(async () => trint?.close());
beforeEach(() => trint.reset());

/** What n8n's request helper does for this pack: credential auth, query, JSON body, full response. */
async function httpRequest(credentialType, options) {
	const url = new URL(options.url);
	for (const [key, value] of Object.entries(options.qs ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
	const headers = { ...(options.headers ?? {}) };
	if (credentialType === 'trintApi') headers.authorization = `Basic ${Buffer.from(`${credentials.keyId}:${credentials.keySecret}`).toString('base64')}`;
	let body;
	if (options.body !== undefined) {
		body = options.json ? JSON.stringify(options.body) : options.body;
		if (options.json) headers['content-type'] = 'application/json';
	}
	const response = await fetch(url, { method: options.method, headers, body, redirect: 'manual' });
	const text = await response.text();
	let parsed = text;
	if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
	return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: parsed };
}

function baseContext({ parameters, staticData, mode = 'trigger' }) {
	return {
		getNode: () => ({ id: 'n1', name: 'Trigger', type: 'x', typeVersion: 1, position: [0, 0], parameters, credentials: { trintApi: { id: 'cred1', name: 'Trint' } } }),
		getNodeParameter: (name, fallback) => {
			const value = name.split('.').reduce((object, key) => (object && typeof object === 'object' ? object[key] : undefined), parameters);
			if (value === undefined) return fallback;
			return value && typeof value === 'object' && value.__rl ? value.value : value;
		},
		getWorkflowStaticData: () => staticData,
		getCredentials: async () => credentials,
		getMode: () => mode,
		helpers: {
			httpRequestWithAuthentication: (type, options) => httpRequest(type, options),
			httpRequest: (options) => httpRequest(undefined, options),
		},
	};
}

/** The same context without any credential on the node, as a manual-setup node may be. */
function withoutCredential(ctx) {
	const node = ctx.getNode();
	return { ...ctx, getNode: () => ({ ...node, credentials: undefined }) };
}

function hookContext(parameters, staticData, webhookUrl = WEBHOOK_URL) {
	return { ...baseContext({ parameters, staticData }), getNodeWebhookUrl: () => webhookUrl };
}

function webhookContext(parameters, staticData, { query = {}, body = {} } = {}) {
	const response = { statusCode: undefined, body: undefined };
	const res = {
		status(code) {
			response.statusCode = code;
			return this;
		},
		json(payload) {
			response.body = payload;
			return this;
		},
	};
	const ctx = { ...baseContext({ parameters, staticData }), getRequestObject: () => ({ query }), getResponseObject: () => res, getBodyData: () => body };
	return { ctx, response };
}

const trigger = new TrintTrigger();
const hooks = trigger.webhookMethods.default;
const API = { authentication: 'keyAndSecret', registration: 'api', events: ['TRANSCRIPT_COMPLETE'], tokenSource: 'random', fetchTranscript: false };
const callbackRequests = () => trint.requests.filter((request) => request.path.startsWith('/callbacks/transcript'));

async function activate(parameters, staticData, webhookUrl) {
	const ctx = hookContext(parameters, staticData, webhookUrl);
	if (!(await hooks.checkExists.call(ctx))) await hooks.create.call(ctx);
}

describe('Trint Trigger: the token fields say what the node does', () => {
	const properties = new TrintTrigger().description.properties;

	test('the choice and the text fields have distinct labels; the text field has one label in both setups', () => {
		const source = properties.find((property) => property.name === 'tokenSource');
		expect(source.displayName).toBe('Secret Token Source');
		expect(source.options.map((option) => option.name)).toEqual(['Generate Automatically', 'Set My Own']);
		const tokenFields = properties.filter((property) => property.name === 'token');
		expect(tokenFields).toHaveLength(2);
		expect(tokenFields.map((field) => field.displayName)).toEqual(['Secret Token', 'Secret Token']);
		expect(tokenFields.map((field) => field.displayOptions.show.registration[0]).sort()).toEqual(['api', 'manual']);
	});

	test('"Generate Automatically" describes when a new token is made, and the behaviour matches', async () => {
		const generate = properties.find((property) => property.name === 'tokenSource').options.find((option) => option.value === 'random');
		expect(generate.description).toMatch(/new one whenever the n8n URL or this choice changes or the workflow was deactivated; when only the events change, the token is kept/);
		expect(generate.description).not.toMatch(/each time the workflow is activated/);
		const staticData = {};
		await activate(API, staticData);
		const first = staticData.callbackUrl;
		// Only the events change: kept.
		await activate({ ...API, events: ['TRANSCRIPT_VERIFIED'] }, staticData);
		expect(staticData.callbackUrl).toBe(first);
		// The token source changes to custom and back: a new random token.
		await activate({ ...API, tokenSource: 'custom', token: 'a-token-of-my-own-choice' }, staticData);
		await activate(API, staticData);
		expect(staticData.callbackUrl).not.toBe(first);
		// The n8n URL changes: a new token.
		const second = staticData.callbackUrl;
		await activate(API, staticData, 'https://n8n.example.com/webhook/0f3c2a9e-1111-4222-8333-444455556666/webhook');
		expect(new URL(staticData.callbackUrl).searchParams.get('token')).not.toBe(new URL(second).searchParams.get('token'));
	});
});

describe('Trint Trigger: registration', () => {
	test('activation registers the webhook URL with a random token and the chosen events', async () => {
		const staticData = {};
		await activate({ ...API, events: ['TRANSCRIPT_VERIFIED', 'TRANSCRIPT_COMPLETE'] }, staticData);
		const [put] = callbackRequests();
		expect(put.method).toBe('PUT');
		expect(put.json.callbackUrl).toMatch(new RegExp(`^${WEBHOOK_URL.replace(/[.?]/g, '\\$&')}\\?token=[0-9A-Za-z]{40}$`));
		expect(put.json.callbackSubscriptions.sort()).toEqual(['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED']);
		expect(staticData.callbackUrl).toBe(put.json.callbackUrl);
		expect([...trint.callbacks.keys()]).toEqual([put.json.callbackUrl]);
	});

	test('checkExists trusts what was recorded: no second PUT for the same URL and events', async () => {
		const staticData = {};
		await activate(API, staticData);
		trint.clearRequests();
		expect(await hooks.checkExists.call(hookContext(API, staticData))).toBe(true);
		expect(callbackRequests()).toHaveLength(0);
	});

	test('changed events re-register the same URL (same token); a changed n8n URL replaces the old one', async () => {
		const staticData = {};
		await activate(API, staticData);
		const first = staticData.callbackUrl;
		await activate({ ...API, events: ['TRANSCRIPT_NEW_VERSION'] }, staticData);
		expect(staticData.callbackUrl).toBe(first);
		expect(trint.callbacks.get(first)).toEqual(['TRANSCRIPT_NEW_VERSION']);

		trint.clearRequests();
		await activate(API, staticData, 'https://n8n.example.com/webhook/0f3c2a9e-1111-4222-8333-444455556666/webhook');
		expect(callbackRequests().map((request) => request.method)).toEqual(['DELETE', 'PUT']);
		expect(callbackRequests()[0].json.callbackUrl).toBe(first);
		expect([...trint.callbacks.keys()]).toEqual([staticData.callbackUrl]);
		expect(staticData.callbackUrl).toMatch(/^https:\/\/n8n\.example\.com\/webhook\//);
	});

	test('deactivation removes the URL; activating again uses a new token and leaves one registration', async () => {
		const staticData = {};
		await activate(API, staticData);
		const first = staticData.callbackUrl;
		await hooks.delete.call(hookContext(API, staticData));
		expect(staticData.callbackUrl).toBeUndefined();
		expect(trint.callbacks.size).toBe(0);
		await activate(API, staticData);
		expect(staticData.callbackUrl).not.toBe(first);
		expect([...trint.callbacks.keys()]).toEqual([staticData.callbackUrl]);
	});

	test('a URL Trint no longer knows (404) counts as removed', async () => {
		const staticData = { callbackUrl: `${WEBHOOK_URL}?token=gone`, events: ['TRANSCRIPT_COMPLETE'], tokenSource: 'random' };
		expect(await hooks.delete.call(hookContext(API, staticData))).toBe(true);
		expect(callbackRequests()[0].status).toBe(404);
		expect(staticData.callbackUrl).toBeUndefined();
	});

	test('a failed removal keeps the record, so the next activation cleans up; errors never show the token', async () => {
		const staticData = {};
		await activate(API, staticData);
		const token = new URL(staticData.callbackUrl).searchParams.get('token');
		trint.injectFault({ path: '/callbacks/transcript/', status: 500, times: 1, bodyStyle: 'json' });
		let error;
		try {
			await hooks.delete.call(hookContext(API, staticData));
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeDefined();
		expect(`${error.message} ${error.description}`).not.toContain(token);
		expect(staticData.callbackUrl).toContain(token);
	});

	test('a token of your own is used as given, and must be long enough', async () => {
		const staticData = {};
		const own = 'my-own-secret-token-1234';
		await activate({ ...API, tokenSource: 'custom', token: own }, staticData);
		expect(new URL(staticData.callbackUrl).searchParams.get('token')).toBe(own);
		await expect(activate({ ...API, tokenSource: 'custom', token: 'short' }, {})).rejects.toThrow(/at least 16 characters/);
	});

	test('manual setup makes no API call at all', async () => {
		const staticData = {};
		const manual = { ...API, registration: 'manual', token: 'manual-secret-token-0001' };
		await activate(manual, staticData);
		await hooks.delete.call(hookContext(manual, staticData));
		expect(trint.requests).toHaveLength(0);
	});
});

describe('Trint Trigger: a credential only where a step calls Trint', () => {
	const description = new TrintTrigger().description;

	test('no credential type is required (manual setup makes no calls); each is shown for its Authentication', () => {
		expect(description.credentials.map((credential) => [credential.name, credential.required])).toEqual([
			['trintApi', false],
			['trintLegacyApi', false],
		]);
		expect(description.credentials.map((credential) => credential.displayOptions.show.authentication[0])).toEqual(['keyAndSecret', 'legacyKey']);
	});

	test('manual setup without a credential activates, accepts an event and deactivates, with no call to Trint', async () => {
		const staticData = {};
		const manual = { ...API, registration: 'manual', token: 'manual-secret-token-0001' };
		const hook = withoutCredential(hookContext(manual, staticData));
		expect(await hooks.checkExists.call(hook)).toBe(true);
		expect(await hooks.create.call(hook)).toBe(true);
		const { ctx } = webhookContext(manual, staticData, { query: { token: 'manual-secret-token-0001' }, body: { eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA' } });
		const result = await trigger.webhook.call(withoutCredential(ctx));
		expect(result.workflowData[0][0].json).toMatchObject({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA' });
		expect(await hooks.delete.call(hook)).toBe(true);
		expect(trint.requests).toHaveLength(0);
	});

	test('automatic setup without a credential is refused before any call, naming the field and the way out', async () => {
		const attempt = hooks.create.call(withoutCredential(hookContext(API, {})));
		await expect(attempt).rejects.toThrow('No Trint credential selected');
		await attempt.catch((error) => {
			expect(error.description).toMatch(/Credential to connect with/);
			expect(error.description).toMatch(/Webhook Setup.*Manual/);
		});
		expect(trint.requests).toHaveLength(0);
	});

	test('Include Transcript without a credential: the event still starts the run, with transcriptError saying why', async () => {
		const manual = { ...API, registration: 'manual', token: 'manual-secret-token-0001', fetchTranscript: true };
		const { ctx, response } = webhookContext(manual, {}, { query: { token: 'manual-secret-token-0001' }, body: { eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA' } });
		const result = await trigger.webhook.call(withoutCredential(ctx));
		expect(response.statusCode).toBe(200);
		const item = result.workflowData[0][0].json;
		expect(item.transcript).toBeUndefined();
		expect(item.transcriptError.message).toBe('No Trint credential selected');
		expect(item.transcriptError.description).toMatch(/Include Transcript/);
		expect(trint.requests).toHaveLength(0);
	});

	test('texts name the buttons n8n shows, and the manual notice uses only markup a notice renders', () => {
		const help = JSON.stringify(description.triggerPanel);
		expect(help).not.toMatch(/Listen for test event/);
		expect(help).toMatch(/Execute step/);
		const notice = description.properties.find((property) => property.name === 'manualSetupNotice').displayName;
		// n8n's notice keeps only <a>, <ul> and <li>; anything else would show as nothing.
		expect(notice.match(/<\/?([a-z]+)/g).map((tag) => tag.replace(/[</]/g, '')).filter((tag) => !['a', 'ul', 'li'].includes(tag))).toEqual([]);
		expect(notice).toMatch(/no credential is needed/);
		expect(notice).toMatch(/href="https:\/\/app\.trint\.com\/account\/api"/);
		for (const field of description.properties.filter((property) => property.name === 'token')) expect(field.hint).toMatch(/Required.*Execute step/);
	});
});

describe('Trint Trigger: incoming calls', () => {
	async function registered(parameters = API) {
		const staticData = {};
		await activate(parameters, staticData);
		return { staticData, token: new URL(staticData.callbackUrl).searchParams.get('token') };
	}
	const event = (eventType = 'TRANSCRIPT_COMPLETE', transcriptId = 'RDOnOc0pRpaJ89CuBP3beA') => ({ eventType, transcriptId, title: 'interview.mp3', user: 'user@example.com', metadata: 'job-42' });

	test('a call with the token starts the workflow with the payload, nothing else', async () => {
		const { staticData, token } = await registered();
		const { ctx } = webhookContext(API, staticData, { query: { token }, body: event() });
		const result = await trigger.webhook.call(ctx);
		expect(result.workflowData).toEqual([[{ json: event() }]]);
		expect(JSON.stringify(result)).not.toContain(token);
	});

	test.each([
		['no token', {}],
		['a wrong token', { token: 'x'.repeat(40) }],
		['the token twice', { token: ['a', 'b'] }],
	])('%s: 401 and no workflow run', async (_label, query) => {
		const { staticData } = await registered();
		const { ctx, response } = webhookContext(API, staticData, { query, body: event() });
		const result = await trigger.webhook.call(ctx);
		expect(response.statusCode).toBe(401);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	test('without a registration on record, a random-token trigger accepts nothing', async () => {
		const { ctx, response } = webhookContext(API, {}, { query: { token: '' }, body: event() });
		expect(await trigger.webhook.call(ctx)).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});

	test('an event not chosen is acknowledged (200) and dropped', async () => {
		const { staticData, token } = await registered();
		const { ctx, response } = webhookContext(API, staticData, { query: { token }, body: event('TRANSCRIPT_VERIFIED') });
		const result = await trigger.webhook.call(ctx);
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toEqual({ received: true, ignored: true });
		expect(response.statusCode).toBeUndefined(); // n8n sends the 200
	});

	test('a body that is no Trint event is refused with 400', async () => {
		const { staticData, token } = await registered();
		const { ctx, response } = webhookContext(API, staticData, { query: { token }, body: { hello: 'world' } });
		expect(await trigger.webhook.call(ctx)).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
	});

	test('with "Include Transcript", Trint is answered first and the run gets the text', async () => {
		const withText = { ...API, fetchTranscript: true, simplify: true };
		const { staticData, token } = await registered(withText);
		const transcript = trint.addTranscript({ title: 'interview.mp3' });
		const { ctx, response } = webhookContext(withText, staticData, { query: { token }, body: event('TRANSCRIPT_COMPLETE', transcript.id) });
		const result = await trigger.webhook.call(ctx);
		expect(response.statusCode).toBe(200);
		expect(result.noWebhookResponse).toBe(true);
		const [[item]] = result.workflowData;
		expect(item.json.transcriptId).toBe(transcript.id);
		expect(item.json.transcript.trintId).toBe(transcript.id);
		expect(item.json.transcript.text.length).toBeGreaterThan(20);
		expect(Array.isArray(item.json.transcript.paragraphs)).toBe(true);
	});

	test('"Include Transcript" without simplifying passes Trint\'s JSON export', async () => {
		const raw = { ...API, fetchTranscript: true, simplify: false };
		const { staticData, token } = await registered(raw);
		const transcript = trint.addTranscript({ title: 'raw.mp3' });
		const { ctx } = webhookContext(raw, staticData, { query: { token }, body: event('TRANSCRIPT_COMPLETE', transcript.id) });
		const [[item]] = (await trigger.webhook.call(ctx)).workflowData;
		expect(Object.keys(item.json.transcript)).toEqual(expect.arrayContaining(['trintId', 'title', 'words', 'speakers', 'paragraphs']));
	});

	test('a transcript that cannot be fetched does not lose the event: the run says why', async () => {
		const withText = { ...API, fetchTranscript: true };
		const { staticData, token } = await registered(withText);
		const { ctx } = webhookContext(withText, staticData, { query: { token }, body: event('TRANSCRIPT_COMPLETE', 'AAAAAAAAAAAAAAAAAAAAAA') });
		const [[item]] = (await trigger.webhook.call(ctx)).workflowData;
		expect(item.json.transcriptId).toBe('AAAAAAAAAAAAAAAAAAAAAA');
		expect(item.json.transcript).toBeUndefined();
		expect(item.json.transcriptError.message).toMatch(/403/);
	});

	test('manual setup checks the token you set', async () => {
		const manual = { ...API, registration: 'manual', token: 'manual-secret-token-0001' };
		const accepted = webhookContext(manual, {}, { query: { token: 'manual-secret-token-0001' }, body: event() });
		expect((await trigger.webhook.call(accepted.ctx)).workflowData).toHaveLength(1);
		const refused = webhookContext(manual, {}, { query: { token: 'manual-secret-token-0002' }, body: event() });
		await trigger.webhook.call(refused.ctx);
		expect(refused.response.statusCode).toBe(401);
	});
});

describe('Trint New Transcript Trigger: poll', () => {
	const poller = new TrintNewTranscriptTrigger();
	const POLL = { authentication: 'keyAndSecret', sharedDrive: { __rl: true, mode: 'list', value: '' }, folder: { __rl: true, mode: 'list', value: '' }, options: {} };
	const poll = (staticData, parameters = POLL, mode = 'trigger') => poller.poll.call(baseContext({ parameters, staticData, mode }));
	const idsOf = (result) => (result ? result[0].map((item) => item.json.id) : []);

	test('first poll records, later polls emit each new transcript once, oldest first', async () => {
		trint.seedTranscripts(30);
		const staticData = {};
		expect(await poll(staticData)).toBeNull();
		expect(staticData.seen).toHaveLength(30);
		const a = trint.addTranscript({ title: 'A', created: new Date(Date.now() + 1000).toISOString() });
		const b = trint.addTranscript({ title: 'B', created: new Date(Date.now() + 2000).toISOString() });
		const emitted = await poll(staticData);
		expect(idsOf(emitted)).toEqual([a.id, b.id]);
		// The same readable fields as Transcript Get Many: durationSeconds, sharedDriveId.
		for (const item of emitted[0]) {
			expect(item.json.durationSeconds).toBeCloseTo(item.json.duration / 1000, 6);
			expect(item.json).toHaveProperty('sharedDriveId', item.json.workspaceId ?? null);
		}
		expect(await poll(staticData)).toBeNull();
		const c = trint.addTranscript({ title: 'C' });
		expect(idsOf(await poll(JSON.parse(JSON.stringify(staticData))))).toEqual([c.id]); // as reloaded from the database
	});

	test('a test run returns the newest transcript and records nothing', async () => {
		trint.seedTranscripts(5);
		const newest = trint.addTranscript({ title: 'Newest', created: new Date(Date.now() + 60000).toISOString() });
		const staticData = {};
		const result = await poll(staticData, POLL, 'manual');
		expect(idsOf(result)).toEqual([newest.id]);
		expect(staticData).toEqual({});
	});

	test('a test run on an empty account says so', async () => {
		await expect(poll({}, POLL, 'manual')).rejects.toThrow(/No transcripts found/);
	});

	test('reads every page (1000 each) of a large account', async () => {
		trint.seedTranscripts(2500);
		const staticData = {};
		await poll(staticData);
		const pages = trint.requests.filter((request) => request.path.startsWith('/transcripts'));
		// Four pages in flight by default, each after the first starting on the last entry of the page
		// before it: at most three asked past the short page that ends the list.
		expectReadAhead(pages.map((request) => request.query.skip), ['0', '999', '1998']);
		expect(pages.every((request) => request.query.limit === '1000')).toBe(true);
		expect(staticData.seen).toHaveLength(2500);
	});

	test('"Assume Newest First" stops at the first page with a known transcript', async () => {
		trint.seedTranscripts(2500);
		const parameters = { ...POLL, options: { assumeNewestFirst: true } };
		const staticData = {};
		await poll(staticData, parameters);
		trint.clearRequests();
		const fresh = trint.addTranscript({ title: 'fresh', created: new Date(Date.now() + 5000).toISOString() });
		expect(idsOf(await poll(staticData, parameters))).toEqual([fresh.id]);
		expect(trint.requests.filter((request) => request.path.startsWith('/transcripts'))).toHaveLength(1);
	});

	test('"Max Pages per Poll" caps the reading; out-of-range values are refused', async () => {
		trint.seedTranscripts(2500);
		const staticData = {};
		await poll(staticData, { ...POLL, options: { maxPages: 2 } });
		expect(staticData.seen).toHaveLength(2000);
		await expect(poll({}, { ...POLL, options: { maxPages: 0 } })).rejects.toThrow(/Max Pages per Poll/);
	});

	test('watches a Shared Drive folder', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const folder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		trint.seedTranscripts(3, { workspaceId: drive._id, folderId: folder._id });
		trint.seedTranscripts(3);
		const parameters = { ...POLL, sharedDrive: { __rl: true, mode: 'id', value: drive._id }, folder: { __rl: true, mode: 'id', value: folder._id } };
		const staticData = {};
		await poll(staticData, parameters);
		expect(staticData.seen).toHaveLength(3);
		const inFolder = trint.addTranscript({ workspaceId: drive._id, folderId: folder._id, title: 'in folder' });
		trint.addTranscript({ title: 'personal' });
		expect(idsOf(await poll(staticData, parameters))).toEqual([inFolder.id]);
		const last = trint.requests[trint.requests.length - 1];
		expect(last.query).toMatchObject({ sharedDriveId: drive._id, folderId: folder._id });
	});

	test('watches a personal folder without a Shared Drive, as Get Many lists it (filtered on folderId)', async () => {
		const folder = trint.addFolder({ name: 'Drafts' });
		trint.seedTranscripts(1100);
		trint.seedTranscripts(2, { folderId: folder._id });
		const parameters = { ...POLL, folder: { __rl: true, mode: 'id', value: folder._id } };
		const staticData = {};
		expect(await poll(staticData, parameters)).toBeNull();
		expect(staticData.seen).toHaveLength(2);
		const inFolder = trint.addTranscript({ folderId: folder._id, title: 'new draft' });
		trint.addTranscript({ title: 'loose' });
		trint.clearRequests();
		expect(idsOf(await poll(staticData, parameters))).toEqual([inFolder.id]);
		const pages = trint.requests.filter((request) => request.path.startsWith('/transcripts'));
		expectReadAhead(pages.map((request) => request.query.skip), ['0', '999']);
		expect(pages.every((request) => request.query.folderId === undefined && request.query.sharedDriveId === undefined)).toBe(true);
		const [test] = (await poll({}, parameters, 'manual'))[0];
		expect(test.json.id).toBe(inFolder.id);
	});

	test('changing the watched drive records afresh instead of emitting the whole drive', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		trint.seedTranscripts(4, { workspaceId: drive._id });
		trint.seedTranscripts(4);
		const staticData = {};
		await poll(staticData);
		expect(await poll(staticData, { ...POLL, sharedDrive: { __rl: true, mode: 'id', value: drive._id } })).toBeNull();
	});

	test('Trint errors surface as errors and leave the record untouched', async () => {
		trint.seedTranscripts(3);
		const staticData = {};
		await poll(staticData);
		const before = JSON.stringify(staticData);
		trint.addTranscript({ title: 'later' });
		trint.injectFault({ path: '/transcripts/', status: 403, times: 1 });
		await expect(poll(staticData)).rejects.toThrow(/403/);
		expect(JSON.stringify(staticData)).toBe(before);
		expect(idsOf(await poll(staticData))).toHaveLength(1);
	});
});
