'use strict';
// Transcript → Get Many, Return All, when a transcript is created while the pages are read and
// the pages' answers come back out of order (which parallel requests allow). In-process against
// the Trint mock over real sockets.
const { runTrint, useFastTrintMock } = require('./setup');

describe('Transcript → Get Many, Return All, a transcript created mid-scan', () => {
	let trint;
	let credentials;
	useFastTrintMock((mock, creds) => {
		trint = mock;
		credentials = creds;
	});
	const getAll = (parallelRequests) => ({ resource: 'transcript', operation: 'getAll', returnAll: true, options: { parallelRequests } });
	const missingOf = (seeded, items) => {
		const ids = new Set(items.map((item) => item.json.id));
		return seeded.filter((entry) => !ids.has(entry.id)).map((entry) => entry.title);
	};

	test('one page after the other: the shifted page repeats one entry, output once, nothing lost', async () => {
		const seeded = trint.seedTranscripts(2500);
		trint.injectFault({ path: '/transcripts/', query: { skip: 1000 }, kind: 'delay', delayMs: 300 });
		trint.insertDuringList({ afterListAnswers: 1 });
		const { items, error } = await runTrint(credentials, getAll(1));
		expect(error).toBeUndefined();
		expect(missingOf(seeded, items)).toEqual([]);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(items.length);
	});

	// Page 1998 is answered before the transcript is created and page 999 after it. Without the
	// overlap check page 999 would end one entry earlier than it should, page 1998 would still
	// start where it always did, and the transcript between them would be in neither. Page 999
	// starts one entry late, so the list is read again from further back.
	test('several pages at once, answered out of order around the insert: every transcript is still output', async () => {
		const seeded = trint.seedTranscripts(2500);
		trint.injectFault({ path: '/transcripts/', query: { skip: 999 }, kind: 'delay', delayMs: 300 });
		// Pages 0, 1998 and one past the end answer at once; the transcript is created before the
		// delayed page 999 is answered.
		trint.insertDuringList({ afterListAnswers: 3 });
		const { items, error } = await runTrint(credentials, getAll(4));
		expect(error).toBeUndefined();
		expect(trint.midScanInserts[0].answeredBefore).toEqual(expect.arrayContaining([0, 1998]));
		expect(trint.midScanInserts[0].answeredBefore).not.toContain(999);
		expect(missingOf(seeded, items)).toEqual([]);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(items.length);
		// The move was noticed: page 999 was asked again from 50 back.
		const skips = trint.requests.filter((request) => request.path.startsWith('/transcripts')).map((request) => Number(request.query.skip));
		expect(skips).toContain(949);
	});
});
