'use strict';
// The pure rules behind the Trint triggers: which transcripts the polling trigger reports as new
// (and what it remembers), and the secret token of the webhook trigger's callback URL.
const { applyListing, readSeenState, SEEN_STATE_VERSION, DEFAULT_PRUNE_AFTER_MISSES } = require('../../dist/nodes/Trint/trigger/seenTranscripts');
const { newToken, withToken, withoutToken, tokenOf, tokenFromQuery, tokensMatch, hideToken } = require('../../dist/nodes/Trint/trigger/callbackToken');

const SCOPE = 'trintApi:cred1|drive:|folder:';
const options = { scope: SCOPE, maxSeen: 1000 };
const ids = (prefix, count) => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

/** Runs listings one after the other, as consecutive polls; returns every poll's new IDs. */
function polls(listings, opts = options, start) {
	let state = start;
	const emitted = [];
	for (const listing of listings) {
		const outcome = applyListing(state, { complete: true, ...listing }, opts);
		state = outcome.state;
		emitted.push(outcome.newIds);
	}
	return { state, emitted };
}

describe('polling trigger: seen transcripts', () => {
	test('the first poll records what exists and reports nothing', () => {
		const outcome = applyListing(undefined, { ids: ids('a', 50), complete: true }, options);
		expect(outcome.recordedOnly).toBe(true);
		expect(outcome.newIds).toEqual([]);
		expect(outcome.state.seen).toHaveLength(50);
		expect(outcome.state.version).toBe(SEEN_STATE_VERSION);
	});

	test('each new transcript is reported exactly once over many polls', () => {
		const { emitted } = polls([{ ids: ['a', 'b'] }, { ids: ['c', 'a', 'b'] }, { ids: ['a', 'c', 'b'] }, { ids: ['d', 'e', 'a', 'b', 'c'] }, { ids: ['e', 'd', 'c', 'b', 'a'] }]);
		expect(emitted).toEqual([[], ['c'], [], ['d', 'e'], []]);
	});

	test('does not depend on any order: shuffled listings report the same new IDs', () => {
		const base = ids('t', 200);
		const shuffled = (list) => [...list].sort(() => Math.random() - 0.5);
		const { emitted } = polls([{ ids: shuffled(base) }, { ids: shuffled([...base, 'n1', 'n2']) }, { ids: shuffled([...base, 'n1', 'n2', 'n3']) }]);
		expect(emitted[0]).toEqual([]);
		expect([...emitted[1]].sort()).toEqual(['n1', 'n2']);
		expect(emitted[2]).toEqual(['n3']);
	});

	test('an ID listed twice (shifted between pages) counts once', () => {
		const { emitted } = polls([{ ids: ['a'] }, { ids: ['b', 'a', 'b'] }]);
		expect(emitted[1]).toEqual(['b']);
	});

	test('a transcript removed from Trint is forgotten only after several complete listings miss it', () => {
		let { state } = polls([{ ids: ['a', 'b', 'c'] }]);
		for (let miss = 1; miss < DEFAULT_PRUNE_AFTER_MISSES; miss++) {
			const outcome = applyListing(state, { ids: ['a', 'c'], complete: true }, options);
			expect(outcome.newIds).toEqual([]);
			expect(outcome.state.seen).toContain('b');
			expect(outcome.state.missing).toEqual({ b: miss });
			state = outcome.state;
		}
		const last = applyListing(state, { ids: ['a', 'c'], complete: true }, options);
		expect(last.forgotten).toEqual(['b']);
		expect(last.state.seen).toEqual(['a', 'c']);
		expect(last.state.missing).toEqual({});
	});

	test('a transcript that slipped through one listing and comes back is not reported again', () => {
		let { state } = polls([{ ids: ['a', 'b', 'c'] }]);
		state = applyListing(state, { ids: ['a', 'c'], complete: true }, options).state; // b slipped between pages
		const back = applyListing(state, { ids: ['a', 'b', 'c'], complete: true }, options);
		expect(back.newIds).toEqual([]);
		expect(back.state.missing).toEqual({});
	});

	test('a listing that was not read to its end forgets nothing', () => {
		let { state } = polls([{ ids: ['a', 'b', 'c'] }]);
		for (let poll = 0; poll < DEFAULT_PRUNE_AFTER_MISSES + 2; poll++) {
			const outcome = applyListing(state, { ids: ['a'], complete: false }, options);
			expect(outcome.forgotten).toEqual([]);
			state = outcome.state;
		}
		expect(state.seen).toEqual(['a', 'b', 'c']);
		expect(state.missing).toEqual({});
	});

	test('partial listings keep earlier miss counts, and clear them for IDs seen again', () => {
		let { state } = polls([{ ids: ['a', 'b', 'c'] }]);
		state = applyListing(state, { ids: ['a'], complete: true }, options).state;
		expect(state.missing).toEqual({ b: 1, c: 1 });
		state = applyListing(state, { ids: ['c'], complete: false }, options).state;
		expect(state.missing).toEqual({ b: 1 });
	});

	test('the record is bounded: the IDs recorded longest ago go first', () => {
		const small = { scope: SCOPE, maxSeen: 5 };
		let { state } = polls([{ ids: ['a', 'b', 'c', 'd'] }], small);
		const outcome = applyListing(state, { ids: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], complete: false }, small);
		expect(outcome.newIds).toEqual(['e', 'f', 'g']);
		expect(outcome.state.seen).toEqual(['c', 'd', 'e', 'f', 'g']);
		expect(outcome.forgotten).toEqual(['a', 'b']);
		state = outcome.state;
		// 100 polls of 3 new transcripts each never grow it past the bound.
		for (let poll = 0; poll < 100; poll++) state = applyListing(state, { ids: ids(`p${poll}-`, 3), complete: false }, small).state;
		expect(state.seen).toHaveLength(5);
	});

	test('a first listing larger than the bound keeps its last IDs', () => {
		const outcome = applyListing(undefined, { ids: ids('x', 10), complete: true }, { scope: SCOPE, maxSeen: 4 });
		expect(outcome.state.seen).toEqual(['x6', 'x7', 'x8', 'x9']);
	});

	test('a changed scope (credential, Shared Drive, folder) records afresh instead of flooding', () => {
		const { state } = polls([{ ids: ['a', 'b'] }]);
		const outcome = applyListing(state, { ids: ['x', 'y', 'z'], complete: true }, { scope: 'trintApi:cred1|drive:D|folder:', maxSeen: 1000 });
		expect(outcome.recordedOnly).toBe(true);
		expect(outcome.newIds).toEqual([]);
		expect(outcome.state.seen).toEqual(['x', 'y', 'z']);
	});

	test('a state survives a JSON round trip (static data) and garbage is not taken for one', () => {
		const { state } = polls([{ ids: ['a', 'b'] }, { ids: ['a'] }]);
		const stored = JSON.parse(JSON.stringify(state));
		expect(readSeenState(stored)).toEqual(state);
		expect(readSeenState({})).toBeUndefined();
		expect(readSeenState(null)).toBeUndefined();
		expect(readSeenState({ version: 99, scope: SCOPE, seen: [] })).toBeUndefined();
		expect(readSeenState({ version: SEEN_STATE_VERSION, scope: SCOPE, seen: ['a', 5, ''], missing: { a: 'x', b: 2 } })).toEqual({
			version: SEEN_STATE_VERSION,
			scope: SCOPE,
			seen: ['a'],
			missing: { b: 2 },
		});
	});

	test('10,000 known transcripts and a new one: one pass, well under a second', () => {
		const known = ids('k', 10000);
		const large = { scope: SCOPE, maxSeen: 20000 };
		const { state } = polls([{ ids: known }], large);
		const started = Date.now();
		const outcome = applyListing(state, { ids: [...known, 'new'], complete: true }, large);
		expect(outcome.newIds).toEqual(['new']);
		expect(Date.now() - started).toBeLessThan(1000);
	});
});

describe('webhook trigger: callback token', () => {
	test('new tokens are 40 random letters and digits', () => {
		const tokens = new Set(Array.from({ length: 200 }, () => newToken()));
		expect(tokens.size).toBe(200);
		for (const token of tokens) expect(token).toMatch(/^[0-9A-Za-z]{40}$/);
	});

	test('the token rides in the query string and can be read back and removed', () => {
		const url = withToken('http://127.0.0.1:5678/webhook/abc/webhook', 'Secret123');
		expect(url).toBe('http://127.0.0.1:5678/webhook/abc/webhook?token=Secret123');
		expect(tokenOf(url)).toBe('Secret123');
		expect(withoutToken(url)).toBe('http://127.0.0.1:5678/webhook/abc/webhook');
		expect(withToken(url, 'Other')).toBe('http://127.0.0.1:5678/webhook/abc/webhook?token=Other');
		expect(tokenOf(withToken('https://n8n.example.com/webhook/x', 'a b&c=d'))).toBe('a b&c=d');
		expect(tokenOf(undefined)).toBe('');
		expect(tokenOf('not a url')).toBe('');
	});

	test('only the exact token matches', () => {
		const token = 'AbCdEfGh0123456789AbCdEfGh0123456789AbCd';
		expect(tokensMatch(token, token)).toBe(true);
		expect(tokensMatch(token.slice(0, -1), token)).toBe(false);
		expect(tokensMatch(`${token}x`, token)).toBe(false);
		expect(tokensMatch(`${token.slice(0, -1)}e`, token)).toBe(false);
		expect(tokensMatch(token.toLowerCase(), token)).toBe(false);
		expect(tokensMatch('', token)).toBe(false);
		expect(tokensMatch('', '')).toBe(false); // no expected token: nothing is accepted
		expect(tokensMatch('anything', '')).toBe(false);
	});

	test('the request token is read from the query; a repeated parameter is refused', () => {
		expect(tokenFromQuery({ token: 'abc' })).toBe('abc');
		expect(tokenFromQuery({ token: ['abc', 'abc'] })).toBe('');
		expect(tokenFromQuery({})).toBe('');
		expect(tokenFromQuery(undefined)).toBe('');
	});

	test('error texts lose the token, plain or URL-encoded', () => {
		expect(hideToken('PUT https://x/webhook?token=s3cr3t failed', 's3cr3t')).toBe('PUT https://x/webhook?token=*** failed');
		expect(hideToken('token=a%20b', 'a b')).toBe('token=***');
		expect(hideToken('nothing here', '')).toBe('nothing here');
	});
});
