'use strict';
// The ordered page scheduler (nodes/shared/pages.ts) against the Trint mock over real sockets:
// several pages in flight, pages handed out strictly in order, the end found at the first short
// page with at most `parallel − 1` requests past it, failures surfaced only for pages needed, and
// the caller's own checks (repeats, a server that ignores skip or limit) still possible.
const http = require('node:http');
const { pagesInOrder, clampParallelPageRequests, MAX_PARALLEL_PAGE_REQUESTS } = require('../../dist/nodes/shared/pages');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');

const AUTH = `Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** GET /transcripts/ as a page fetcher; rejects on anything but 200. Counts requests in flight. */
function pageFetcher(mock, { limitAsked = (limit) => limit } = {}) {
	const stats = { inFlight: 0, maxInFlight: 0, asked: [] };
	const fetchPage = (skip, limit) =>
		new Promise((resolve, reject) => {
			stats.asked.push({ skip, limit });
			stats.inFlight++;
			stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
			const req = http.get(`${mock.origin}/transcripts/?limit=${limitAsked(limit)}&skip=${skip}`, { agent, headers: { authorization: AUTH } }, (res) => {
				// A response cut midway settles the page as failed, as n8n's helpers would.
				res.on('error', (error) => {
					stats.inFlight--;
					reject(error);
				});
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					stats.inFlight--;
					const text = Buffer.concat(chunks).toString('utf8');
					if (res.statusCode !== 200) reject(Object.assign(new Error(`page at skip=${skip} → ${res.statusCode}`), { skip, status: res.statusCode }));
					else resolve(JSON.parse(text));
				});
			});
			req.on('error', (error) => {
				stats.inFlight--;
				reject(error);
			});
		});
	return { fetchPage, stats };
}

async function collect(iterable) {
	const pages = [];
	for await (const page of iterable) pages.push(page);
	return pages;
}

const listRequests = (mock) => mock.requests.filter((entry) => entry.path.replace(/\/+$/, '') === '/transcripts');

let mock;
const unhandled = [];
const onUnhandled = (reason) => unhandled.push(reason);

beforeAll(async () => {
	process.on('unhandledRejection', onUnhandled);
	mock = await startTrintMock({ processingMs: 0 });
	mock.seedTranscripts(1050, { titlePrefix: 'Paged ' });
});
afterAll(async () => {
	process.off('unhandledRejection', onUnhandled);
	agent.destroy();
	await mock.close();
});
beforeEach(() => {
	mock.clearFaults();
	mock._server.clearRequests();
	mock._server.setLatency(0);
});
afterEach(() => {
	expect(unhandled).toEqual([]);
});

async function sequentialIds() {
	const { fetchPage } = pageFetcher(mock);
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 100, parallel: 1 }));
	return pages.flatMap((page) => page.entries.map((entry) => entry.id));
}

test('parallel pages come out in list order, every entry once, the same as one by one', async () => {
	const expected = await sequentialIds();
	expect(expected).toHaveLength(1050);
	expect(new Set(expected).size).toBe(1050);
	mock._server.clearRequests();
	// The delay makes requests overlap, so out-of-order completion is possible and ordering is tested.
	mock._server.setLatency(40);
	const { fetchPage, stats } = pageFetcher(mock);
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 100, parallel: 4 }));
	expect(pages.map((page) => page.skip)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
	expect(pages.every((page) => page.limit === 100)).toBe(true);
	expect(pages.flatMap((page) => page.entries.map((entry) => entry.id))).toEqual(expected);
	expect(stats.maxInFlight).toBe(4);
});

test('the end is the first short page; at most parallel − 1 requests go past it', async () => {
	for (const parallel of [1, 2, 6]) {
		mock._server.clearRequests();
		const { fetchPage, stats } = pageFetcher(mock);
		const pages = await collect(pagesInOrder({ fetchPage, pageSize: 100, parallel }));
		expect(pages).toHaveLength(11);
		expect(pages[10].entries).toHaveLength(50);
		// 11 pages hold the list; the scheduler had the next parallel − 1 pages under way.
		const pastEnd = stats.asked.filter((page) => page.skip > 1000);
		expect(pastEnd.length).toBeLessThanOrEqual(parallel - 1);
		expect(stats.asked.length).toBe(11 + pastEnd.length);
		expect(stats.maxInFlight).toBeLessThanOrEqual(parallel);
	}
});

test('a list that ends exactly on a page boundary ends with the empty page', async () => {
	const { fetchPage, stats } = pageFetcher(mock);
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 150, parallel: 3 }));
	expect(pages.map((page) => page.entries.length)).toEqual([150, 150, 150, 150, 150, 150, 150, 0]);
	expect(stats.asked.filter((page) => page.skip > 1050).length).toBeLessThanOrEqual(2);
});

test('a maximum count trims the last page and asks nothing beyond it', async () => {
	const { fetchPage, stats } = pageFetcher(mock);
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 100, maxCount: 250, parallel: 6 }));
	expect(stats.asked).toEqual([
		{ skip: 0, limit: 100 },
		{ skip: 100, limit: 100 },
		{ skip: 200, limit: 50 },
	]);
	expect(pages.map((page) => page.entries.length)).toEqual([100, 100, 50]);
	const rest = await collect(pagesInOrder({ fetchPage, pageSize: 100, maxCount: 30, startSkip: 1040, parallel: 6 }));
	expect(rest.map((page) => [page.skip, page.limit, page.entries.length])).toEqual([[1040, 30, 10]]);
	expect(await collect(pagesInOrder({ fetchPage, pageSize: 100, maxCount: 0, parallel: 6 }))).toEqual([]);
});

test('a failed page that lies past the end is ignored, without an unhandled rejection', async () => {
	mock._server.faults.add({ path: '/transcripts', query: { skip: '1100' }, status: 500, times: 0 });
	mock._server.faults.add({ path: '/transcripts', query: { skip: '1200' }, kind: 'reset', times: 0 });
	const { fetchPage, stats } = pageFetcher(mock);
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 100, parallel: 4 }));
	expect(pages.flatMap((page) => page.entries)).toHaveLength(1050);
	expect(stats.asked.some((page) => page.skip === 1100)).toBe(true);
	// Let the ignored failures settle before afterEach looks for unhandled rejections.
	await new Promise((resolve) => setTimeout(resolve, 50));
});

test('a failed page that is needed is thrown when its turn comes, after the pages before it', async () => {
	mock._server.faults.add({ path: '/transcripts', query: { skip: '300' }, status: 500, times: 0 });
	mock._server.setLatency(20);
	const { fetchPage } = pageFetcher(mock);
	const seen = [];
	let failure;
	try {
		for await (const page of pagesInOrder({ fetchPage, pageSize: 100, parallel: 5 })) seen.push(page.skip);
	} catch (error) {
		failure = error;
	}
	expect(seen).toEqual([0, 100, 200]);
	expect(failure).toMatchObject({ skip: 300, status: 500 });
	await new Promise((resolve) => setTimeout(resolve, 80));
});

test('a caller that stops early leaves no more than the pages already asked for', async () => {
	mock._server.setLatency(20);
	const { fetchPage, stats } = pageFetcher(mock);
	for await (const page of pagesInOrder({ fetchPage, pageSize: 100, parallel: 3 })) {
		if (page.skip === 100) break;
	}
	// Pages 0 and 100 taken; while the caller held page 100, 200 and 300 were under way (its page
	// counts as one of the three); nothing asked after it stopped, and the loop ended only once
	// those two had answered.
	expect(stats.asked.map((page) => page.skip)).toEqual([0, 100, 200, 300]);
	expect(stats.inFlight).toBe(0);
	await new Promise((resolve) => setTimeout(resolve, 80));
	expect(stats.asked).toHaveLength(4);
	expect(listRequests(mock)).toHaveLength(4);
});

test('with one page at a time, nothing is asked while the caller holds a page', async () => {
	const { fetchPage, stats } = pageFetcher(mock);
	for await (const page of pagesInOrder({ fetchPage, pageSize: 100, parallel: 1 })) {
		expect(stats.asked.map((asked) => asked.skip)).toEqual(Array.from({ length: page.skip / 100 + 1 }, (_, index) => index * 100));
		if (page.skip === 200) break;
	}
	expect(stats.asked.map((page) => page.skip)).toEqual([0, 100, 200]);
});

test('a server that ignores limit: the longer page is taken whole and the next page follows it', async () => {
	mock.setListQuirk('oversized'); // every page 7 longer than asked
	const { fetchPage } = pageFetcher(mock);
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 100, parallel: 4 }));
	const ids = pages.flatMap((page) => page.entries.map((entry) => entry.id));
	// Each page starts where the one before ended: no overlap, no gap.
	for (let index = 1; index < pages.length; index++) expect(pages[index].skip).toBe(pages[index - 1].skip + pages[index - 1].entries.length);
	expect(ids).toHaveLength(1050);
	expect(new Set(ids).size).toBe(1050);
});

test('a server that ignores skip is still seen by the caller, which can stop', async () => {
	mock.setListQuirk('ignore-skip');
	const { fetchPage, stats } = pageFetcher(mock);
	const seen = new Set();
	let stoppedAt;
	try {
		for await (const page of pagesInOrder({ fetchPage, pageSize: 100, parallel: 4 })) {
			const fresh = page.entries.filter((entry) => !seen.has(entry.id));
			for (const entry of page.entries) seen.add(entry.id);
			if (fresh.length === 0) throw Object.assign(new Error('same transcripts again'), { skip: page.skip });
		}
	} catch (error) {
		stoppedAt = error.skip;
	}
	expect(stoppedAt).toBe(100);
	expect(seen.size).toBe(100);
	expect(stats.asked.length).toBeLessThanOrEqual(2 + 4);
	await new Promise((resolve) => setTimeout(resolve, 50));
});

test('a transcript created while paging shows up as a repeat the caller drops, nothing lost', async () => {
	mock.setListQuirk('shift'); // pages after the first start one earlier, as after an insert
	const { fetchPage } = pageFetcher(mock);
	const seen = new Set();
	let repeats = 0;
	for await (const page of pagesInOrder({ fetchPage, pageSize: 100, parallel: 4 })) {
		for (const entry of page.entries) {
			if (seen.has(entry.id)) repeats++;
			seen.add(entry.id);
		}
	}
	expect(seen.size).toBe(1050);
	expect(repeats).toBeGreaterThan(0);
});

test('parallel is clamped to 1..6', () => {
	expect(MAX_PARALLEL_PAGE_REQUESTS).toBe(6);
	expect([undefined, 0, -3, 'x', 1, 2.7, 6, 7, 100].map(clampParallelPageRequests)).toEqual([1, 1, 1, 1, 1, 2, 6, 6, 6]);
});

test('the first page is asked alone: a list that ends on it costs one request, whatever the parallel setting', async () => {
	const { fetchPage, stats } = pageFetcher(mock);
	// From 600 on, fewer than a page (1000) are left.
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 1000, parallel: 6, startSkip: 600 }));
	expect(pages).toHaveLength(1);
	expect(pages[0].entries.length).toBeLessThan(1000);
	expect(stats.asked).toEqual([{ skip: 600, limit: 1000 }]);
	expect(listRequests(mock)).toHaveLength(1);
});

test('once the first page comes back full, the next pages are asked together', async () => {
	mock._server.setLatency(20);
	const { fetchPage, stats } = pageFetcher(mock);
	const pages = await collect(pagesInOrder({ fetchPage, pageSize: 300, parallel: 4 }));
	expect(pages.flatMap((page) => page.entries)).toHaveLength(1050);
	expect(stats.asked[0]).toEqual({ skip: 0, limit: 300 });
	expect(stats.maxInFlight).toBe(4);
});
