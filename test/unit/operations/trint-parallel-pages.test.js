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

	// KNOWN BUG (reported, not fixed here): with Parallel Requests above 1, page 2000 can be
	// answered before the transcript is created and page 1000 after it. Page 1000 then ends one
	// entry earlier than it would have, page 2000 still starts where it always did, and the
	// transcript between them (list position 1999 before the insert) is in neither: it is lost
	// without any error. The shift itself is visible (page 1000 repeats the last entry of page 0),
	// so a fix could ask again for the pages that were already under way when it showed.
	// jest's test.failing passes while the transcript is lost and fails once nothing is.
	test.failing('several pages at once, answered out of order around the insert: every transcript is still output', async () => {
		const seeded = trint.seedTranscripts(2500);
		trint.injectFault({ path: '/transcripts/', query: { skip: 1000 }, kind: 'delay', delayMs: 300 });
		// Pages 0, 2000 and one past the end answer at once; the transcript is created before the
		// delayed page 1000 is answered.
		trint.insertDuringList({ afterListAnswers: 3 });
		const { items, error } = await runTrint(credentials, getAll(4));
		expect(error).toBeUndefined();
		expect(trint.midScanInserts[0].answeredBefore).toEqual(expect.arrayContaining([0, 2000]));
		expect(trint.midScanInserts[0].answeredBefore).not.toContain(1000);
		expect(missingOf(seeded, items)).toEqual([]);
	});
});
