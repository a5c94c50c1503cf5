'use strict';
// What the per-operation tests share: the mocks started in-process on a free port, the
// credentials that point the nodes at them, and the checks every operation test makes on
// what it sent and what it output. Everything runs through the nodes' public surface (the
// node class: execute, methods, description), never through their internal modules.
const path = require('node:path');
const { Trint } = require('../../../dist/nodes/Trint/Trint.node');
const { TrustNxt } = require('../../../dist/nodes/TrustNxt/TrustNxt.node');
const { startTrintMock, TRINT_FIXTURES } = require('../../mocks/trint-mock');
const { TRUSTNXT_FIXTURES } = require('../../mocks/trustnxt-mock');
const { executeContext, run } = require('../fake-n8n');

/** Real C2PA files from other implementations, read in place (see SOURCES.md there). */
const { C2PA_FIXTURES } = require('../../helpers/fixtures');

/** A Trint mock that finishes transcriptions, translations and live steps at once. */
async function startFastTrintMock(options = {}) {
	return await startTrintMock({ port: 0, processingMs: 0, translationMs: 0, realtimeStepMs: 0, ...options });
}

/**
 * One fast Trint mock per test file, reset before each test: `bind` gets the mock and fresh
 * credentials for it; `prepare` sets the mock's per-test knobs after the reset.
 */
function useFastTrintMock(bind, prepare = () => {}) {
	let mock;
	beforeAll(async () => {
		mock = await startFastTrintMock();
	});
	afterAll(async () => mock?.close());
	beforeEach(() => {
		mock.reset();
		prepare(mock);
		bind(mock, trintCredentials(mock));
	});
}

function trintCredentials(trint, extra = {}) {
	return {
		trintApi: {
			region: 'custom',
			apiBaseUrl: trint.origin,
			uploadBaseUrl: trint.origin,
			translationBaseUrl: `${trint.origin}/translation`,
			keyId: TRINT_FIXTURES.keyId,
			keySecret: TRINT_FIXTURES.keySecret,
			...extra,
		},
	};
}

function trustNxtCredentials(tnxt, extra = {}) {
	return { trustNxtApi: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: tnxt.origin, ...extra } };
}

/** Values that must never show in an output item, an error or anything the node returns. */
const TRINT_SECRETS = [TRINT_FIXTURES.keySecret, Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')];
const TRUSTNXT_SECRETS = [TRUSTNXT_FIXTURES.apiKey, TRUSTNXT_FIXTURES.apiSecret];

/** Fails when any secret appears in the value (items, an error's message and description). */
function expectNoSecrets(value, secrets) {
	const text = value instanceof Error ? `${value.message} ${value.description ?? ''} ${JSON.stringify(value.context ?? {})}` : JSON.stringify(value);
	for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Basic auth as the mock saw it: present, and with the credential's key pair. */
function expectTrintAuth(request) {
	expect(request.headers.authorization).toBe(`Basic ${TRINT_SECRETS[1]}`);
}

function expectTrustNxtAuth(request) {
	expect(request.headers['x-api-key']).toBe(TRUSTNXT_FIXTURES.apiKey);
	expect(request.headers['x-api-secret']).toBe(TRUSTNXT_FIXTURES.apiSecret);
}

/** Every item paired with the input item it came from, in order. */
function expectPaired(items, indexes) {
	expect(items.map((item) => item.pairedItem)).toEqual(indexes.map((item) => ({ item })));
}

/**
 * Runs the Trint node once; `parameters` is one object or a function of the item index, `items`
 * default to one empty item. Returns { items, error, ctx }.
 */
async function runTrint(credentials, parameters, { items, continueOnFail = false } = {}) {
	const withAuth = (index) => ({ authentication: 'keyAndSecret', ...(typeof parameters === 'function' ? parameters(index) : parameters) });
	const ctx = executeContext({ parameters: withAuth, items, credentials, continueOnFail });
	return { ...(await run(Trint, ctx)), ctx };
}

/** `typeVersion`: the TrustNXT node's version in the workflow (1 unless given). */
async function runTrustNxt(credentials, parameters, { items, continueOnFail = false, typeVersion } = {}) {
	const ctx = executeContext({ nodeType: 'trustNxt', parameters, items, credentials, continueOnFail, ...(typeVersion === undefined ? {} : { typeVersion }) });
	return { ...(await run(TrustNxt, ctx)), ctx };
}

/** The requests a mock saw on one route (a trailing slash does not count). */
function requestsTo(mock, method, route) {
	const wanted = route.replace(/(.)\/$/, '$1');
	return mock.requests.filter((request) => request.method === method && request.path.replace(/(.)\/$/, '$1') === wanted);
}

// The readable names the Trint node puts beside Trint's own: `id` for `_id`, `sharedDriveId` for
// `workspaceId` (null: the personal drive), and the media length in seconds beside `duration`
// (milliseconds).
const driveOutput = (record) => ({ ...record, id: record._id });
const folderOutput = (record) => ({ ...record, id: record._id, sharedDriveId: record.workspaceId ?? null });
const transcriptOutput = (record) => ({ ...record, sharedDriveId: record.workspaceId ?? null, durationSeconds: record.duration / 1000 });

module.exports = {
	driveOutput,
	folderOutput,
	transcriptOutput,
	Trint,
	TrustNxt,
	C2PA_FIXTURES,
	TRINT_FIXTURES,
	TRUSTNXT_FIXTURES,
	TRINT_SECRETS,
	TRUSTNXT_SECRETS,
	startFastTrintMock,
	useFastTrintMock,
	trintCredentials,
	trustNxtCredentials,
	expectNoSecrets,
	expectTrintAuth,
	expectTrustNxtAuth,
	expectPaired,
	runTrint,
	runTrustNxt,
	requestsTo,
};
