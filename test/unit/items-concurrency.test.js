'use strict';
// The per-item runner with Batch Concurrency (nodes/shared/items.ts), over real sockets: every
// handler sends its item's request through the pack's request layer (sendWithRetry) to a small
// server that answers after a per-item delay, counts requests in flight, and can answer 429 or
// fail chosen items. The runner must keep input order and pairing, honour Continue On Fail per
// item, call each handler exactly once, and lower its concurrency after a 429.
const http = require('node:http');
const { NodeApiError } = require('n8n-workflow');
const { runForEachItem, runItemsConcurrently, clampBatchConcurrency, MAX_BATCH_CONCURRENCY } = require('../../dist/nodes/shared/items');
const { sendWithRetry } = require('../../dist/nodes/shared/request');
const engine = require('../engine/harness');

let server;
let origin;
const state = { inFlight: 0, maxInFlight: 0, hits: new Map(), timeline: [], rateLimited: new Set(), failing: new Set() };

function resetServer() {
	Object.assign(state, { inFlight: 0, maxInFlight: 0, hits: new Map(), timeline: [], rateLimited: new Set(), failing: new Set() });
}

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://x');
		const item = Number(url.searchParams.get('item'));
		const ms = Number(url.searchParams.get('ms') || 0);
		state.hits.set(item, (state.hits.get(item) ?? 0) + 1);
		state.inFlight++;
		state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
		state.timeline.push({ item, inFlight: state.inFlight });
		setTimeout(() => {
			state.inFlight--;
			if (state.rateLimited.delete(item)) {
				res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
				res.end('{"message":"slow down"}');
				return;
			}
			const status = state.failing.has(item) ? 500 : 200;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ item, status }));
		}, ms);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${server.address().port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(resetServer);

/** n8n-core's ExecuteContext for a Trint node with `count` input items; `warnings`: what it logged as warnings since. */
async function context({ count, continueOnFail = false }) {
	const ctx = await engine.executeContext('trint', { items: Array.from({ length: count }, (_, index) => ({ json: { index } })), continueOnFail });
	const first = engine.logged.length;
	Object.defineProperty(ctx, 'warnings', { get: () => engine.logged.slice(first).filter((entry) => entry.level === 'warn').map((entry) => entry.message) });
	return ctx;
}

/** A handler that asks the server about its item (later items answer sooner) and counts its calls. */
function itemHandler(ctx, { msOf = (index) => 60 - (index % 4) * 15, outputs = 1 } = {}) {
	const calls = new Map();
	const handler = async (itemIndex) => {
		calls.set(itemIndex, (calls.get(itemIndex) ?? 0) + 1);
		const outcome = await sendWithRetry(ctx, async () => ({ method: 'GET', url: `${origin}/work?item=${itemIndex}&ms=${msOf(itemIndex)}`, json: true }), { resend: 'billed' });
		if (outcome.response.statusCode !== 200) {
			throw new NodeApiError(ctx.getNode(), { message: 'server error' }, { message: `Item ${itemIndex} failed: the server answered ${outcome.response.statusCode}`, description: 'Check the file', httpCode: String(outcome.response.statusCode), itemIndex });
		}
		return Array.from({ length: outputs }, (_, n) => ({ json: { item: outcome.response.body.item, n } }));
	};
	return { handler, calls };
}

test('N at a time: output in input order, each item paired, each handler called once', async () => {
	const ctx = await context({ count: 13 });
	const { handler, calls } = itemHandler(ctx, { outputs: 2 });
	const output = await runForEachItem(ctx, handler, { concurrency: 4 });
	expect(output).toHaveLength(26);
	expect(output.map((item) => item.json.item)).toEqual(Array.from({ length: 13 }, (_, index) => [index, index]).flat());
	expect(output.map((item) => item.pairedItem.item)).toEqual(output.map((item) => item.json.item));
	expect(output.map((item) => item.json.n)).toEqual(Array.from({ length: 13 }, () => [0, 1]).flat());
	expect(state.maxInFlight).toBe(4);
	expect([...calls.values()].every((value) => value === 1)).toBe(true);
	expect([...state.hits.values()].every((value) => value === 1)).toBe(true);
	expect(ctx.hints).toEqual([]);
});

test('concurrency 1 (the default) is the one-by-one loop', async () => {
	const ctx = await context({ count: 5 });
	const { handler } = itemHandler(ctx, { msOf: () => 10 });
	const output = await runForEachItem(ctx, handler);
	expect(output.map((item) => item.json.item)).toEqual([0, 1, 2, 3, 4]);
	expect(state.maxInFlight).toBe(1);
});

test('Continue On Fail: a failed item becomes its error item in place', async () => {
	const ctx = await context({ count: 9, continueOnFail: true });
	state.failing.add(2);
	state.failing.add(7);
	const { handler, calls } = itemHandler(ctx);
	const output = await runForEachItem(ctx, handler, { concurrency: 3 });
	expect(output).toHaveLength(9);
	expect(output.map((item) => item.pairedItem.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
	for (const index of [2, 7]) {
		expect(output[index].json).toEqual({ error: `Item ${index} failed: the server answered 500`, description: 'Check the file', httpCode: '500' });
	}
	expect(output.filter((item) => item.json.error)).toHaveLength(2);
	expect([...calls.values()].every((value) => value === 1)).toBe(true);
	// A 500 on a billed call is not sent again by anyone.
	expect(state.hits.get(2)).toBe(1);
});

test('without Continue On Fail the lowest failed item is thrown and no new item starts', async () => {
	const ctx = await context({ count: 20 });
	state.failing.add(3);
	state.failing.add(1);
	const { handler, calls } = itemHandler(ctx, { msOf: (index) => (index === 1 ? 80 : 20) });
	let failure;
	try {
		await runForEachItem(ctx, handler, { concurrency: 4 });
	} catch (error) {
		failure = error;
	}
	expect(failure).toBeInstanceOf(NodeApiError);
	expect(failure.message).toBe('Item 1 failed: the server answered 500');
	expect(failure.context.itemIndex).toBe(1);
	// Item 3 failed first (20 ms): items already started finished, nothing after that started.
	expect(calls.size).toBeLessThan(20);
	expect([...calls.values()].every((value) => value === 1)).toBe(true);
});

test('a 429 lowers the concurrency for the rest of the run and says so; the item is resent by the request layer only', async () => {
	const ctx = await context({ count: 24 });
	state.rateLimited.add(5);
	const { handler, calls } = itemHandler(ctx, { msOf: () => 30 });
	const { output, report } = await runItemsConcurrently(ctx, handler, 4);
	expect(output.map((item) => item.json.item)).toEqual(Array.from({ length: 24 }, (_, index) => index));
	expect(report).toEqual({ requested: 4, final: 2 });
	// Item 5's handler ran once; its request was sent twice (the 429, then the resend the request layer makes).
	expect(calls.get(5)).toBe(1);
	expect(state.hits.get(5)).toBe(2);
	expect([...calls.values()].every((value) => value === 1)).toBe(true);
	// Once item 5's answer came back, no more than 2 requests were in flight again.
	const resent = state.timeline.findIndex((entry, index) => entry.item === 5 && index > state.timeline.findIndex((first) => first.item === 5));
	const afterLowering = state.timeline.slice(resent + 1);
	expect(afterLowering.length).toBeGreaterThan(5);
	expect(Math.max(...afterLowering.map((entry) => entry.inFlight))).toBeLessThanOrEqual(2);
	expect(ctx.warnings).toEqual(['Batch Concurrency lowered from 4 to 2 for the rest of this run: the server answered 429 (too many requests)']);
	expect(ctx.hints).toEqual([
		{
			message: 'Batch Concurrency was lowered from 4 to 2 during this run because the server answered 429 (too many requests). Set Batch Concurrency to 2 to stay within the account\'s rate limit.',
			type: 'warning',
			location: 'outputPane',
		},
	]);
});

test('repeated 429s keep halving down to one at a time', async () => {
	const ctx = await context({ count: 30 });
	for (const index of [2, 9, 16]) state.rateLimited.add(index);
	const { handler } = itemHandler(ctx, { msOf: () => 15 });
	const { output, report } = await runItemsConcurrently(ctx, handler, 6);
	expect(output.map((item) => item.json.item)).toEqual(Array.from({ length: 30 }, (_, index) => index));
	expect(report.requested).toBe(6);
	expect(report.final).toBe(1);
	expect(ctx.warnings.length).toBeGreaterThanOrEqual(2);
	const lastQuarter = state.timeline.slice(-6);
	expect(Math.max(...lastQuarter.map((entry) => entry.inFlight))).toBe(1);
});

test('Batch Concurrency is clamped to 1..6', () => {
	expect(MAX_BATCH_CONCURRENCY).toBe(6);
	expect([undefined, 0, -1, 'x', 1, 3.9, 6, 12].map(clampBatchConcurrency)).toEqual([1, 1, 1, 1, 1, 3, 6, 6]);
});
