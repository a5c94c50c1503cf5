'use strict';
// TrustNXT → Usage → Get, in-process against the TrustNXT mock over real sockets.
const { TRUSTNXT_FIXTURES } = require('../../mocks/trustnxt-mock');
const { useTrustNxtMock, trustNxtCredentials, runTrustNxt, requestsTo, expectNoSecrets, expectTrustNxtAuth, expectPaired, TRUSTNXT_SECRETS } = require('./setup');

let tnxt;
let credentials;
useTrustNxtMock((mock, fresh) => {
	tnxt = mock;
	credentials = fresh;
});

const usage = (options = {}) => ({ resource: 'usage', operation: 'get', options });

test('the period\'s counters flattened, with limits and what remains; one item per input item', async () => {
	tnxt.usage.protectCalls = 3;
	tnxt.usage.inspectCalls = 12;
	tnxt.setLimits({ protectCalls: 10, inspectCalls: null });
	const { items, error } = await runTrustNxt(credentials, usage(), { items: [{ json: {} }, { json: {} }] });
	expect(error).toBeUndefined();
	expectPaired(items, [0, 1]);
	const now = new Date();
	expect(items[0].json).toEqual({
		periodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().replace('.000', ''),
		periodEnd: expect.stringMatching(/^\d{4}-\d\d-\d\dT23:59:59Z$/),
		protectCalls: 3,
		protectLimit: 10,
		protectRemaining: 7,
		inspectCalls: 12,
		inspectLimit: null,
		inspectRemaining: null,
		protectUnlimited: false,
		inspectUnlimited: true,
	});
	expect(items[1].json).toEqual(items[0].json);
	const requests = requestsTo(tnxt, 'GET', '/v1/usage');
	expect(requests).toHaveLength(2);
	requests.forEach(expectTrustNxtAuth);
	expect(requests[0].query).toEqual({});
});

test('bad input: a Timeout that cannot be meant is refused by name, nothing sent', async () => {
	const { error } = await runTrustNxt(credentials, usage({ timeout: -1 }));
	expect(error.message).toBe('"Timeout (Seconds)" must be a positive number');
	expect(tnxt.requests).toHaveLength(0);
});

test('a revoked key: the pack\'s 401 with advice, per item with Continue On Fail, no key or secret in it', async () => {
	const revoked = trustNxtCredentials(tnxt, { apiKey: TRUSTNXT_FIXTURES.revokedKey });
	const { items } = await runTrustNxt(revoked, usage(), { continueOnFail: true });
	expect(items[0].json.error).toBe('Usage: TrustNXT answered HTTP 401');
	expect(items[0].json.description).toMatch(/^TrustNXT said: "this API key has been revoked"\./);
	expect(items[0].json.description).toMatch(/^TrustNXT said: "this API key has been revoked"\. TrustNXT did not accept the API key/);
	expectPaired(items, [0]);
	expectNoSecrets(items, [TRUSTNXT_FIXTURES.revokedKey, ...TRUSTNXT_SECRETS]);
});

test('a 500 from the service: the pack\'s error', async () => {
	tnxt.injectFault({ path: '/v1/usage', status: 500 });
	const { error } = await runTrustNxt(credentials, usage());
	expect(error.message).toBe('Usage: TrustNXT answered HTTP 500');
	expect(error.description).toMatch(/^TrustNXT said: "Internal Server Error"\./);
	expect(error.description).toMatch(/run the workflow again later/);
	expectNoSecrets(error, TRUSTNXT_SECRETS);
});
