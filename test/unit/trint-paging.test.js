'use strict';
// Get Many, the transcript picker and the polling trigger read Trint's list through one page
// iterator. Each keeps its own rule when the server misbehaves: pages longer than asked for are
// skipped past, an entry repeated by a shifting list comes out once, and a server that ignores
// `skip` stops Get Many with an error while the picker and the poller stop at their page caps.
// In-process, real sockets, the Trint mock.
const { expectReadAhead } = require('./read-ahead');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { runTrint, trintListSearch } = require('./operations/setup');
const engine = require('../engine/harness');

let trint;
let credentials;
beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
});
afterAll(async () => trint?.close());
beforeEach(() => {
	trint.reset();
	credentials = { trintApi: { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret } };
});

const pages = () => trint.requests.filter((request) => request.path.replace(/\/$/, '') === '/transcripts');
const skips = () => pages().map((request) => request.query.skip);

async function getMany(extra = {}) {
	const parameters = { authentication: 'keyAndSecret', resource: 'transcript', operation: 'getAll', returnAll: true, filters: {}, options: {}, ...extra };
	const { items, error } = await runTrint(credentials, parameters, { continueOnFail: true });
	if (error) throw error;
	return items;
}

/** One poll of the trigger in n8n-core's PollContext, `staticData` as the node's static data. */
const poll = (parameters, staticData, mode = 'trigger') => engine.poll('trintNewTranscriptTrigger', { parameters, credentials, staticData, mode });

const POLL = { authentication: 'keyAndSecret', sharedDrive: { __rl: true, mode: 'list', value: '' }, folder: { __rl: true, mode: 'list', value: '' }, options: {} };

describe('Get Many', () => {
	test('pages longer than asked for are taken whole and skipped past', async () => {
		const seeded = trint.seedTranscripts(2100);
		trint.setListQuirk('oversized');
		const items = await getMany({ options: { parallelRequests: 1 } });
		expect(items.map((item) => item.json.id).sort()).toEqual(seeded.map((entry) => entry.id).sort());
		expect(skips()).toEqual(['0', '1007', '2014']);
	});

	test('pages longer than asked for, read 4 at a time: each transcript once, the pages asked beyond a long page dropped', async () => {
		const seeded = trint.seedTranscripts(2100);
		trint.setListQuirk('oversized');
		const items = await getMany();
		expect(items.map((item) => item.json.id).sort()).toEqual(seeded.map((entry) => entry.id).sort());
		expect(new Set(skips()).size).toBe(skips().length);
	});

	test('an entry repeated by a shifting list comes out once', async () => {
		const seeded = trint.seedTranscripts(2100);
		trint.setListQuirk('shift');
		const items = await getMany();
		expect(items).toHaveLength(seeded.length);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(seeded.length);
	});

	test('a server that ignores skip: an error after the repeated page, nothing output twice', async () => {
		trint.seedTranscripts(2100);
		trint.setListQuirk('ignore-skip');
		const items = await getMany();
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/same transcripts again for skip=\d+/);
		// Pages read ahead start on the last entry of the page before (0, 999, …); page 999 does not
		// start with entry 999, so it is asked again from 949, which repeats the whole first page.
		expectReadAhead(skips(), ['0', '999', '949']);
	});

	test('Limit asks for no more than it needs, then stops', async () => {
		trint.seedTranscripts(2100);
		const items = await getMany({ returnAll: false, limit: 1500 });
		expect(items).toHaveLength(1500);
		expect(pages().map((request) => [request.query.skip, request.query.limit])).toEqual([['0', '1000'], ['1000', '500']]);
	});
});

describe('the transcript picker', () => {
	test('a server that ignores skip: five pages, each transcript once, and a token to go on', async () => {
		trint.seedTranscripts(1500);
		trint.setListQuirk('ignore-skip');
		const page = await trintListSearch(credentials, 'searchTranscripts', {}, 'no title matches this');
		expect(page.results).toEqual([]);
		expect(skips()).toEqual(['0', '1000', '2000', '3000', '4000']);
		expect(page.paginationToken).toBe('5000');
	});
});

describe('the polling trigger', () => {
	test('a server that ignores skip: reading stops at "Max Pages per Poll", each transcript recorded once', async () => {
		trint.seedTranscripts(1500);
		trint.setListQuirk('ignore-skip');
		const staticData = {};
		expect(await poll({ ...POLL, options: { maxPages: 3 } }, staticData)).toBeNull();
		// Nothing is asked beyond "Max Pages per Poll" (3000 positions), even with pages read ahead;
		// the repeated page (asked again from 949) ends the reading.
		const asked = pages().map((request) => [Number(request.query.skip), Number(request.query.limit)]);
		expect(asked.every(([skip, limit]) => skip + limit <= 3000)).toBe(true);
		expect(asked.map(([skip]) => skip).sort((x, y) => x - y)).toEqual([0, 949, 999, 1998, 2997]);
		expect(staticData.seen).toHaveLength(1000);
		expect(new Set(staticData.seen).size).toBe(1000);
	});

	test('an entry repeated by a shifting list is emitted once', async () => {
		trint.seedTranscripts(1500);
		const staticData = {};
		await poll(POLL, staticData);
		const added = trint.addTranscript({ title: 'New', created: new Date(Date.now() + 60000).toISOString() });
		trint.setListQuirk('shift');
		const result = await poll(POLL, staticData);
		expect(result[0].map((item) => item.json.id)).toEqual([added.id]);
	});
});
