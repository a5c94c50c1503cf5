'use strict';
// The two Trint triggers inside a real n8n (`n8n start`), installed from the packed tarball:
// - Trint Trigger (webhook): registration with the mock Trint on activation (PUT), events from the
//   mock start one execution each, calls without the secret token get 401 and start nothing, the
//   registration survives a restart without a second PUT, deactivation removes it (DELETE), test
//   mode ("Listen for test event") registers and removes n8n's test URL, manual setup makes no
//   API call.
// - Trint New Transcript Trigger (polling): a test run shows the newest transcript; activation
//   records what exists; polls on n8n's real schedule and a poll at n8n's restart emit every new
//   transcript exactly once.
const { N8nInstance, packPack, outputOf, freePort, sandboxCredentials, SANDBOX_CREDENTIAL_IDS, sleep, waitFor } = require('./harness');
const { startTrintMock } = require('../mocks/trint-mock');
const { TYPES } = require('./workflows');
const { scanForSecrets } = require('./secrets');

jest.setTimeout(20 * 60 * 1000);

const TRIGGER = 'Trint Trigger';
const POLLER = 'New Transcripts';
const CREDENTIAL = {
	keyAndSecret: { trintApi: { id: SANDBOX_CREDENTIAL_IDS.trintApi, name: 'Trint sandbox (Key ID & Secret)' } },
	legacyKey: { trintLegacyApi: { id: SANDBOX_CREDENTIAL_IDS.trintLegacyApi, name: 'Trint sandbox (legacy API key)' } },
};
const MANUAL_TOKEN = 'manual-setup-token-7Gq2Lx9Vb4Rt';

const ID = {
	complete: 'trigCompleteHook',
	withText: 'trigWithTextHook',
	manual: 'trigManualSetup1',
	testMode: 'trigTestModeHook',
	poll: 'trigPollNewTrint',
};
const WEBHOOK_ID = {
	complete: '5d1c0b7a-0001-4a8e-9b1f-7e2d3c4b5a61',
	withText: '5d1c0b7a-0002-4a8e-9b1f-7e2d3c4b5a62',
	manual: '5d1c0b7a-0003-4a8e-9b1f-7e2d3c4b5a63',
	testMode: '5d1c0b7a-0004-4a8e-9b1f-7e2d3c4b5a64',
};

function webhookWorkflow(key, name, parameters, auth = 'keyAndSecret') {
	return {
		id: ID[key],
		name,
		active: false,
		nodes: [
			{
				id: `${ID[key]}-trigger`,
				name: TRIGGER,
				type: TYPES.trintTrigger,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID[key],
				parameters: { authentication: auth, ...parameters },
				credentials: CREDENTIAL[auth],
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const pollWorkflow = {
	id: ID.poll,
	name: 'Trint: new transcripts (polling)',
	active: false,
	nodes: [
		{
			id: `${ID.poll}-trigger`,
			name: POLLER,
			type: TYPES.trintNewTranscriptTrigger,
			typeVersion: 1,
			position: [0, 0],
			parameters: { authentication: 'keyAndSecret', pollTimes: { item: [{ mode: 'everyMinute' }] }, options: {} },
			credentials: CREDENTIAL.keyAndSecret,
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

let trint;
let n8n;
let port;
const timings = {};
const RUN_OUTPUTS = [];

const productionUrl = (key) => `${n8n.baseUrl}/webhook/${WEBHOOK_ID[key]}/webhook`;
/** Every token the triggers registered, for the leak check at the end. */
const TOKENS = new Set();
function callbackRequests(method) {
	const requests = trint.requests.filter((request) => request.path.replace(/\/$/, '') === '/callbacks/transcript');
	for (const request of requests) if (request.json?.callbackUrl) TOKENS.add(tokenIn(request.json.callbackUrl));
	return requests.filter((request) => !method || request.method === method);
}
/** The URL (with token) Trint holds for a workflow, found by its webhook path. */
const registeredUrl = (key) => [...trint.callbacks.keys()].find((url) => url.includes(`/webhook/${WEBHOOK_ID[key]}/`));
const registeredUrls = (key) => [...trint.callbacks.keys()].filter((url) => url.includes(WEBHOOK_ID[key]));
const tokenIn = (url) => new URL(url).searchParams.get('token');

async function executions(workflowId) {
	const list = await n8n.listExecutions({ workflowId });
	for (const execution of list) RUN_OUTPUTS.push(execution.data?.resultData ?? execution.data);
	return list;
}

/** Waits until the workflow has `count` finished executions; returns them (oldest first). */
async function finishedExecutions(workflowId, count, timeoutMs = 30000) {
	return waitFor(
		async () => {
			const list = await executions(workflowId);
			const done = list.filter((execution) => execution.finished || ['success', 'error', 'crashed'].includes(execution.status));
			return done.length >= count && done.length === list.length ? list : null;
		},
		{ timeoutMs, what: `${count} execution(s) of ${workflowId}` },
	);
}

/** Asserts that no new execution appears within `quietMs`. */
async function expectNoNewExecutions(workflowId, known, quietMs = 3000) {
	await sleep(quietMs);
	expect(await executions(workflowId)).toHaveLength(known);
}

async function post(url, body) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	return { status: response.status, text };
}

function removeFromMock(id) {
	// The mock has no "delete a Trint" (the API has none); drop it the way a user deleting it in
	// the web app would look to the list endpoint.
	if (typeof trint.removeTranscript === 'function') return trint.removeTranscript(id);
	trint._records = trint._records.filter((record) => record.id !== id);
	trint._byId.delete(id);
	trint._listCache.clear();
	return undefined;
}

beforeAll(async () => {
	const started = Date.now();
	trint = await startTrintMock({ port: 0, processingMs: 0 });
	trint.seedTranscripts(12, { titlePrefix: 'Existing ' });
	const tarball = await packPack();
	n8n = await N8nInstance.create({ tarball });
	await n8n.importCredentials(sandboxCredentials({ trintOrigin: trint.origin }));
	await n8n.importWorkflows([
		webhookWorkflow('complete', 'Trint Trigger: transcript complete', { registration: 'api', events: ['TRANSCRIPT_COMPLETE'], tokenSource: 'random' }),
		webhookWorkflow(
			'withText',
			'Trint Trigger: complete or verified, with transcript',
			{ registration: 'api', events: ['TRANSCRIPT_VERIFIED', 'TRANSCRIPT_COMPLETE'], tokenSource: 'random', fetchTranscript: true, simplify: true },
			'legacyKey',
		),
		webhookWorkflow('manual', 'Trint Trigger: manual setup', { registration: 'manual', events: ['TRANSCRIPT_COMPLETE'], token: MANUAL_TOKEN }),
		webhookWorkflow('testMode', 'Trint Trigger: test mode', { registration: 'api', events: ['TRANSCRIPT_NEW_VERSION'], tokenSource: 'random' }),
		pollWorkflow,
	]);
	await n8n.activate([ID.complete, ID.withText, ID.manual]);
	port = await freePort();
	const startAt = Date.now();
	await n8n.start({ port });
	timings.firstStartMs = Date.now() - startAt;
	timings.setupMs = Date.now() - started;
});

afterAll(async () => {
	try {
		await n8n?.destroy();
	} finally {
		await trint?.close();
		process.stderr.write(`[triggers timings] ${JSON.stringify(timings)}\n`);
	}
});

describe('Trint Trigger (webhook) in a real n8n', () => {
	test('activation registered each production URL, with a secret token and the chosen events', () => {
		const puts = callbackRequests('PUT');
		expect(puts).toHaveLength(2);
		const complete = puts.find((request) => request.json.callbackUrl.includes(WEBHOOK_ID.complete));
		const withText = puts.find((request) => request.json.callbackUrl.includes(WEBHOOK_ID.withText));
		expect(complete.status).toBe(200);
		expect(complete.json.callbackUrl).toMatch(new RegExp(`^${productionUrl('complete').replace(/[.]/g, '\\.')}\\?token=[0-9A-Za-z]{40}$`));
		expect(complete.json.callbackSubscriptions).toEqual(['TRANSCRIPT_COMPLETE']);
		expect(withText.json.callbackSubscriptions).toEqual(['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED']);
		// Two triggers, two different tokens; the legacy-key workflow registered with the legacy key.
		expect(tokenIn(complete.json.callbackUrl)).not.toBe(tokenIn(withText.json.callbackUrl));
		expect(withText.headers['api-key']).toBeDefined();
		expect(complete.headers.authorization).toMatch(/^Basic /);
		// Manual setup made no call; the test-mode workflow is not active.
		expect(registeredUrls('manual')).toEqual([]);
		expect(registeredUrls('testMode')).toEqual([]);
		expect(trint.callbacks.size).toBe(2);
	});

	test('Trint fires TRANSCRIPT_COMPLETE: one execution each, with the payload (and the transcript where enabled)', async () => {
		const transcript = trint.addTranscript({ title: 'board-meeting.mp3', metadata: 'job-77' });
		const fired = Date.now();
		const deliveries = await trint.fireEvent({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: transcript.id });
		timings.completeDeliveryMs = Date.now() - fired;
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);

		const [plain] = await finishedExecutions(ID.complete, 1);
		timings.eventToExecutionDoneMs = Date.now() - fired;
		expect(plain.mode).toBe('webhook');
		expect(plain.status).toBe('success');
		expect(outputOf(plain, TRIGGER).map((item) => item.json)).toEqual([
			{ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: transcript.id, title: 'board-meeting.mp3', user: 'user@example.com', metadata: 'job-77' },
		]);

		const [rich] = await finishedExecutions(ID.withText, 1);
		const [item] = outputOf(rich, TRIGGER);
		expect(item.json).toMatchObject({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: transcript.id, metadata: 'job-77' });
		expect(item.json.transcript.trintId).toBe(transcript.id);
		expect(item.json.transcript.title).toBe('board-meeting.mp3');
		expect(item.json.transcript.text.length).toBeGreaterThan(50);
		expect(item.json.transcript.paragraphs[0]).toEqual(expect.objectContaining({ text: expect.any(String), startTime: expect.any(Number) }));
		expect(item.json.transcriptError).toBeUndefined();
		const exportCall = trint.requests.find((request) => request.path === `/export/json/${transcript.id}`);
		expect(exportCall.headers['api-key']).toBeDefined();
	});

	test('calls without the right token get 401 and start nothing', async () => {
		const valid = registeredUrl('complete');
		const payload = { eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA', title: 'forged.mp3', user: 'mallory@example.com' };
		const noToken = await post(productionUrl('complete'), payload);
		const wrongToken = await post(`${productionUrl('complete')}?token=${'A'.repeat(40)}`, payload);
		const otherTriggersToken = await post(`${productionUrl('complete')}?token=${tokenIn(registeredUrl('withText'))}`, payload);
		const almost = await post(valid.slice(0, -1), payload);
		expect([noToken.status, wrongToken.status, otherTriggersToken.status, almost.status]).toEqual([401, 401, 401, 401]);
		expect(noToken.text).not.toContain(tokenIn(valid));
		await expectNoNewExecutions(ID.complete, 1);
	});

	test('an event the user did not choose is acknowledged with 200 and dropped', async () => {
		const response = await post(registeredUrl('complete'), { eventType: 'TRANSCRIPT_VERIFIED', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA', title: 'x', user: 'user@example.com' });
		expect(response.status).toBe(200);
		await expectNoNewExecutions(ID.complete, 1);
		// The workflow that chose it runs; the one that did not is not even called by Trint.
		const transcript = trint.addTranscript({ title: 'verified.mp3' });
		const deliveries = await trint.fireEvent({ eventType: 'TRANSCRIPT_VERIFIED', transcriptId: transcript.id });
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].url).toBe(registeredUrl('withText'));
		const list = await finishedExecutions(ID.withText, 2);
		expect(outputOf(list[1], TRIGGER)[0].json).toMatchObject({ eventType: 'TRANSCRIPT_VERIFIED', transcriptId: transcript.id });
		expect(await executions(ID.complete)).toHaveLength(1);
	});

	test('manual setup: no API call, the URL with the user\'s token works, without it 401', async () => {
		const url = `${productionUrl('manual')}?token=${encodeURIComponent(MANUAL_TOKEN)}`;
		const payload = { eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA', title: 'pasted.mp3', user: 'user@example.com' };
		expect((await post(productionUrl('manual'), payload)).status).toBe(401);
		expect((await post(url, payload)).status).toBe(200);
		const [run] = await finishedExecutions(ID.manual, 1);
		expect(outputOf(run, TRIGGER)[0].json).toEqual(payload);
		expect(callbackRequests().some((request) => request.json?.callbackUrl?.includes(WEBHOOK_ID.manual))).toBe(false);
	});

	test('test mode ("Listen for test event"): the test URL is registered, the event runs once, the URL is removed', async () => {
		trint.clearRequests();
		const listen = await n8n.rest('POST', `/rest/workflows/${ID.testMode}/run`, { triggerToStartFrom: { name: TRIGGER } });
		expect(listen.data).toEqual({ waitingForWebhook: true });
		const [put] = callbackRequests('PUT');
		expect(put.json.callbackUrl).toMatch(new RegExp(`/webhook-test/${WEBHOOK_ID.testMode}/webhook\\?token=[0-9A-Za-z]{40}$`));
		expect(put.json.callbackSubscriptions).toEqual(['TRANSCRIPT_NEW_VERSION']);

		const forged = await post(put.json.callbackUrl.replace(/\?token=.*$/, ''), { eventType: 'TRANSCRIPT_NEW_VERSION', transcriptId: 'x', title: 'x', user: 'x' });
		expect(forged.status).toBe(401); // and the listener keeps waiting for the real event

		const transcript = trint.addTranscript({ title: 'new-version.mp3' });
		const deliveries = await trint.fireEvent({ eventType: 'TRANSCRIPT_NEW_VERSION', transcriptId: transcript.id });
		expect(deliveries).toEqual([{ url: put.json.callbackUrl, status: 200 }]);
		const [run] = await finishedExecutions(ID.testMode, 1);
		expect(run.mode).toBe('manual');
		expect(outputOf(run, TRIGGER)[0].json).toEqual({ eventType: 'TRANSCRIPT_NEW_VERSION', transcriptId: transcript.id, title: 'new-version.mp3', user: 'user@example.com' });
		const [removed] = await waitFor(() => {
			const deletes = callbackRequests('DELETE');
			return deletes.length ? deletes : null;
		}, { what: 'the DELETE of the test URL' });
		expect(removed.json.callbackUrl).toBe(put.json.callbackUrl);
		expect(removed.status).toBe(204);
		expect(registeredUrls('testMode')).toEqual([]);
	});

	test('a restart of n8n keeps the registration: no second PUT, same token, events still arrive', async () => {
		const before = registeredUrl('complete');
		trint.clearRequests();
		await n8n.stop();
		const started = Date.now();
		await n8n.start({ port });
		timings.restartMs = Date.now() - started;
		expect(callbackRequests()).toEqual([]);
		expect(registeredUrls('complete')).toEqual([before]);
		const transcript = trint.addTranscript({ title: 'after-restart.mp3' });
		const deliveries = await trint.fireEvent({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: transcript.id });
		expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);
		const list = await finishedExecutions(ID.complete, 2);
		expect(outputOf(list[1], TRIGGER)[0].json.transcriptId).toBe(transcript.id);
	});

	test('deactivation removes the URL (DELETE); re-activation registers a new token and leaves no stale URL', async () => {
		const first = registeredUrl('complete');
		trint.clearRequests();
		await n8n.rest('POST', `/rest/workflows/${ID.complete}/deactivate`, {});
		n8n.activated.delete(ID.complete);
		const [removed] = await waitFor(() => (callbackRequests('DELETE').length ? callbackRequests('DELETE') : null), { what: 'DELETE on deactivation' });
		expect(removed.json).toEqual({ callbackUrl: first });
		expect(removed.status).toBe(204);
		expect(registeredUrls('complete')).toEqual([]);
		expect((await post(first, { eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'x', title: 'x', user: 'x' })).status).toBe(404); // n8n: no such webhook

		trint.clearRequests();
		await n8n.activate(ID.complete);
		const puts = callbackRequests('PUT');
		expect(puts).toHaveLength(1);
		const second = puts[0].json.callbackUrl;
		expect(second).not.toBe(first);
		expect(second.startsWith(`${productionUrl('complete')}?token=`)).toBe(true);
		expect(registeredUrls('complete')).toEqual([second]);
		expect((await post(first, { eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'x', title: 'x', user: 'x' })).status).toBe(401); // the old token is dead
		await expectNoNewExecutions(ID.complete, 2, 1500);

		trint.clearRequests();
		await n8n.rest('POST', `/rest/workflows/${ID.complete}/deactivate`, {});
		n8n.activated.delete(ID.complete);
		await waitFor(() => callbackRequests('DELETE').length === 1, { what: 'second DELETE' });
		expect(registeredUrls('complete')).toEqual([]);
		expect([...trint.callbacks.keys()]).toEqual([registeredUrl('withText')]);
	});
});

describe('Trint New Transcript Trigger (polling) in a real n8n', () => {
	const listCalls = () => trint.requests.filter((request) => request.path.replace(/\/$/, '') === '/transcripts' && request.method === 'GET');
	const idsOf = (execution) => outputOf(execution, POLLER).map((item) => item.json.id);
	let emittedSoFar = [];

	/** Waits for the next poll (a list call after `since`), then for it to finish. */
	async function nextPoll(since, timeoutMs) {
		await waitFor(() => listCalls().some((request) => request.time > since), { timeoutMs, intervalMs: 500, what: 'the next poll' });
		await sleep(2000); // the poll's execution (if any) is written right after the list call
	}

	test('a test run returns the newest transcript so its fields can be mapped, and records nothing', async () => {
		const newest = trint.addTranscript({ title: 'newest-for-mapping.mp3', created: new Date(Date.now() + 1000).toISOString() });
		const result = await n8n.rest('POST', `/rest/workflows/${ID.poll}/run`, { triggerToStartFrom: { name: POLLER } });
		expect(result.data.executionId).toBeDefined();
		const [run] = await finishedExecutions(ID.poll, 1);
		expect(run.mode).toBe('manual');
		// Trint's record, with the readable names the node adds beside Trint's own.
		const record = trint.getTranscript(newest.id);
		expect(outputOf(run, POLLER).map((item) => item.json)).toEqual([{ ...record, sharedDriveId: record.workspaceId ?? null, durationSeconds: record.duration / 1000 }]);
	});

	test('activation records what exists and starts nothing', async () => {
		const since = Date.now();
		await n8n.activate(ID.poll);
		expect(listCalls().some((request) => request.time >= since)).toBe(true);
		await expectNoNewExecutions(ID.poll, 1);
	});

	test('poll on n8n\'s schedule: the transcripts added since are emitted, once', async () => {
		const added = [trint.addTranscript({ title: 'poll-1a.mp3' }), trint.addTranscript({ title: 'poll-1b.mp3' })];
		const since = Date.now();
		await nextPoll(since, 75000);
		timings.firstScheduledPollAfterMs = Date.now() - since;
		const list = await finishedExecutions(ID.poll, 2);
		expect(list[1].mode).toBe('trigger');
		expect(idsOf(list[1]).sort()).toEqual(added.map((item) => item.id).sort());
		emittedSoFar = idsOf(list[1]);
	});

	test('a restart of n8n between polls: the poll at start emits only what is new, nothing again', async () => {
		await n8n.stop();
		const added = [trint.addTranscript({ title: 'while-down-a.mp3' }), trint.addTranscript({ title: 'while-down-b.mp3' })];
		removeFromMock(emittedSoFar[0]); // someone deletes a transcript meanwhile
		const since = Date.now();
		await n8n.start({ port });
		await nextPoll(since, 30000);
		const list = await finishedExecutions(ID.poll, 3);
		expect(idsOf(list[2]).sort()).toEqual(added.map((item) => item.id).sort());
		emittedSoFar.push(...idsOf(list[2]));
	});

	test('the next scheduled poll after the restart emits just the newest; nothing was ever emitted twice', async () => {
		const added = trint.addTranscript({ title: 'poll-3.mp3' });
		const since = Date.now();
		await nextPoll(since, 75000);
		const list = await finishedExecutions(ID.poll, 4);
		expect(idsOf(list[3])).toEqual([added.id]);
		const all = list.slice(1).flatMap(idsOf);
		expect(all).toHaveLength(5);
		expect(new Set(all).size).toBe(all.length);
		expect(list.map((execution) => execution.status)).toEqual(['success', 'success', 'success', 'success']);
	});
});

describe('the example workflows (examples/) run as shipped', () => {
	const example = (file) => JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'examples', file), 'utf8'));
	const webhookExample = example('trint-webhook-trigger.json');
	const pollingExample = example('trint-polling-trigger.json');

	beforeAll(async () => {
		await n8n.importWorkflows([webhookExample, pollingExample]);
	});

	test('webhook example: published, a finished upload runs it and "Summary" counts the words', async () => {
		await n8n.activate(webhookExample.id);
		const url = [...trint.callbacks.keys()].find((entry) => entry.includes(webhookExample.nodes[0].webhookId));
		expect(url).toMatch(/\?token=[0-9A-Za-z]{40}$/);
		const transcript = trint.addTranscript({ title: 'example.mp3', processingMs: 300 });
		const [run] = await finishedExecutions(webhookExample.id, 1);
		const [summary] = outputOf(run, 'Summary');
		expect(summary.json).toMatchObject({ trintId: transcript.id, title: 'example.mp3' });
		expect(summary.json.words).toBeGreaterThan(10);
		await n8n.rest('POST', `/rest/workflows/${webhookExample.id}/deactivate`, {});
		n8n.activated.delete(webhookExample.id);
		await waitFor(() => ![...trint.callbacks.keys()].some((entry) => entry.includes(webhookExample.nodes[0].webhookId)), { what: 'the example\'s URL to be removed' });
	});

	test('polling example: a test run exports the newest transcript as text', async () => {
		const newest = trint.addTranscript({ title: 'example-newest.mp3', created: new Date(Date.now() + 120000).toISOString() });
		await n8n.rest('POST', `/rest/workflows/${pollingExample.id}/run`, { triggerToStartFrom: { name: 'New Transcripts' } });
		const [run] = await finishedExecutions(pollingExample.id, 1);
		const [exported] = outputOf(run, 'Export Text');
		expect(exported.json.trintId).toBe(newest.id);
		expect(exported.json.text.length).toBeGreaterThan(20);
	});
});

describe('secrets', () => {
	test('no secret token, key or secret appears in n8n\'s log or in any run output', () => {
		callbackRequests();
		const tokens = [...TOKENS].filter(Boolean);
		expect(tokens.length).toBeGreaterThanOrEqual(4); // two production, one test-mode, one re-activation
		const outputs = RUN_OUTPUTS.filter((output) => output !== undefined);
		const log = n8n.logText();
		const serialized = JSON.stringify(outputs);
		expect(tokens.filter((token) => log.includes(token) || serialized.includes(token))).toEqual([]);
		// Keys and secrets of the credentials: not in the log, the outputs or n8n's database.
		expect(scanForSecrets(n8n, { texts: outputs }).hits).toEqual([]);
	});
});
