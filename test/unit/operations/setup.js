'use strict';
// What the per-operation tests share: the mocks started in-process on a free port, the
// credentials that point the nodes at them, and the checks every operation test makes on
// what it sent and what it output. Every run is a workflow on n8n-core's own engine
// (test/engine/harness.js): the package loaded as n8n loads it, the credential classes' own
// `authenticate`, n8n's expressions and binary data service; never the nodes' internal modules.
const { Trint } = require('../../../dist/nodes/Trint/Trint.node');
const { TrustNxt } = require('../../../dist/nodes/TrustNxt/TrustNxt.node');
const { startTrintMock, TRINT_FIXTURES } = require('../../mocks/trint-mock');
const { startTrustNxtMock, TRUSTNXT_FIXTURES } = require('../../mocks/trustnxt-mock');
const engine = require('../../engine/harness');

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

/**
 * One TrustNXT mock per test file, reset before each test: `bind` gets the mock and fresh
 * credentials for it; `prepare` sets the mock's per-test knobs after the reset.
 */
function useTrustNxtMock(bind, prepare = () => {}) {
	let mock;
	beforeAll(async () => {
		mock = await startTrustNxtMock({ port: 0 });
	});
	afterAll(async () => mock?.close());
	beforeEach(() => {
		mock.reset();
		prepare(mock);
		bind(mock, trustNxtCredentials(mock));
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
 * Runs the Trint node once in a workflow on n8n's engine, after a node that outputs `items`
 * (default: one empty item; binaries stored through n8n's binary data service in
 * `binaryDataMode`, "default" or "filesystem"). `parameters` is one object or a function of the
 * item index; `typeVersion` the node's version (default 1). Returns { items, error, ctx }: the node's output items, the error it failed with,
 * and ctx.hints (execution hints), ctx.requests (what the credential signed), ctx.binaryData
 * (reads from the binary data service: streams, buffers, metadata).
 */
async function runTrint(credentials, parameters, { items, continueOnFail = false, binaryDataMode, typeVersion } = {}) {
	const withAuth = typeof parameters === 'function' ? (index) => ({ authentication: 'keyAndSecret', ...parameters(index) }) : { authentication: 'keyAndSecret', ...parameters };
	return await engine.runNode('trint', { credentials, parameters: withAuth, items, continueOnFail, binaryDataMode, typeVersion });
}

/** `typeVersion`: the TrustNXT node's version in the workflow (1 unless given). */
async function runTrustNxt(credentials, parameters, { items, continueOnFail = false, binaryDataMode, typeVersion } = {}) {
	return await engine.runNode('trustNxt', { credentials, parameters, items, continueOnFail, binaryDataMode, typeVersion });
}

/** Runs one of the Trint node's list-search methods (a resource locator's "From List") as n8n's editor does. */
async function trintListSearch(credentials, method, parameters = {}, filter, paginationToken) {
	return await engine.listSearch('trint', method, { parameters: { authentication: 'keyAndSecret', ...parameters }, credentials }, filter, paginationToken);
}

/**
 * An empty value as a run gives it to the node: through an expression. A required field left
 * empty in the editor stops n8n before the run starts (the node "has issues"), so the node's own
 * check for an empty value is met when an expression yields nothing.
 */
const EMPTY_BY_EXPRESSION = '={{ "" }}';

/** A resource locator value as the editor stores it: by ID, or in another mode ("url", "list"). */
const byId = (value) => ({ __rl: true, mode: 'id', value });
const locator = (mode, value) => ({ __rl: true, mode, value });

/** An input item with one binary (Buffer bytes), as a node that builds a file outputs it. */
const binaryItem = (bytes, { fileName, mimeType, property = 'data', json = {} }) => ({ json, binary: { [property]: { data: bytes.toString('base64'), fileName, mimeType } } });

/**
 * A binary n8n keeps on disk: a run given one stores its input in n8n's binary data service in
 * filesystem mode, so the node reads it as a stream from a file.
 */
const storedBinary = (bytes, { fileName, mimeType }) => ({ data: Buffer.from(bytes).toString('base64'), fileName, mimeType, [engine.ON_DISK]: true });

/** Streams opened on files n8n keeps on disk, over the whole test file (to prove the streamed path ran). */
const storeStats = {
	get streamsOpened() {
		return engine.binaryReads('filesystem').streams;
	},
};

/** Runs a list-search method of a node class (as the editor does), for tests written against the node class. */
async function listSearch(NodeClass, method, { parameters, credentials }, filter, paginationToken) {
	return await engine.listSearch(new NodeClass().description.name, method, { parameters, credentials }, filter, paginationToken);
}

// Outside jest (the bench reads the credentials from here) there is nothing to clean up.
if (typeof afterAll === 'function') afterAll(() => engine.removeBinaryStorage());

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
	useTrustNxtMock,
	trintCredentials,
	trustNxtCredentials,
	expectNoSecrets,
	expectTrintAuth,
	expectTrustNxtAuth,
	expectPaired,
	runTrint,
	runTrustNxt,
	trintListSearch,
	requestsTo,
	byId,
	locator,
	EMPTY_BY_EXPRESSION,
	binaryItem,
	storedBinary,
	storeStats,
	listSearch,
	/** The bytes of an output binary, in memory or in the binary data service's store. */
	binaryBytes: engine.binaryBytes,
};
