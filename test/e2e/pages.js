'use strict';
// What the list requests of a Return All (or a polling trigger's scan) must look like now that
// the pack asks for several pages at once (Parallel Requests, default 4): every page the list
// needs asked once, nothing repeated, and at most parallel − 1 pages asked past the end. Pages
// asked ahead start on the last entry of the page before (0, 999, 1998, … for pages of 1000), so
// a list that moves between two answers is noticed. The order in which concurrent requests reach
// the mock is not fixed, so skips are compared as a set.

const DEFAULT_PARALLEL = 4;

/**
 * `requests`: the mock's log entries of GET /transcripts/. `total`: how many entries the list
 * holds. Checks the page size, that each needed page (skip 0, pageSize, ... up to the short one)
 * was asked exactly once, and that no more than `parallel − 1` requests went past the end (each
 * a further page, also asked once).
 */
function expectListPages(requests, { total, pageSize = 1000, parallel = DEFAULT_PARALLEL }) {
	// The last needed page is the first short one.
	const step = parallel > 1 ? pageSize - 1 : pageSize;
	const needed = parallel > 1 ? Math.max(1, Math.floor((total - 1) / step) + 1) : Math.floor(total / pageSize) + 1;
	const skips = requests.map((request) => Number(request.query.skip ?? 0));
	expect(requests.map((request) => request.query.limit)).toEqual(requests.map(() => String(pageSize)));
	expect([...skips].sort((a, b) => a - b)).toEqual(skips.length ? [...Array(skips.length).keys()].map((page) => page * step) : []);
	expect(skips.length).toBeGreaterThanOrEqual(needed);
	expect(skips.length).toBeLessThanOrEqual(needed + parallel - 1);
	return { needed, extra: skips.length - needed };
}

module.exports = { expectListPages, DEFAULT_PARALLEL };
