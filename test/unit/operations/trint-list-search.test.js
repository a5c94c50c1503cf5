'use strict';
// The Trint node's resource-locator searches ("From List"), called through the node class as
// n8n's editor calls them, against the Trint mock over real sockets.
const { TRANSLATION_LANGUAGES } = require('../../mocks/trint-mock');
const { useFastTrintMock, Trint, requestsTo, expectNoSecrets, expectTrintAuth, TRINT_SECRETS, byId, listSearch } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
});

const search = (method, parameters = {}, filter, token) => listSearch(Trint, method, { parameters: { authentication: 'keyAndSecret', ...parameters }, credentials }, filter, token);

test('the node offers exactly these searches', () => {
	expect(Object.keys(new Trint().methods.listSearch).sort()).toEqual(['searchFolders', 'searchSharedDrives', 'searchStories', 'searchTranscripts', 'searchTranslationLanguages', 'searchTranslations']);
});

describe('searchTranscripts', () => {
	test('page by page with a token; names are titles, links follow the credential\'s Web App URL', async () => {
		credentials.trintApi.webAppUrl = 'https://app.eu.trint.com';
		const seeded = trint.seedTranscripts(1500);
		const first = await search('searchTranscripts');
		expect(first.results).toHaveLength(1000);
		expect(first.paginationToken).toBe('1000');
		const newest = seeded[seeded.length - 1];
		expect(first.results[0]).toEqual({ name: newest.title, value: newest.id, url: `https://app.eu.trint.com/editor/${newest.id}` });
		const second = await search('searchTranscripts', {}, undefined, first.paginationToken);
		expect(second.results).toHaveLength(500);
		expect(second.paginationToken).toBeUndefined();
		expect(new Set([...first.results, ...second.results].map((result) => result.value)).size).toBe(1500);
		const pages = requestsTo(trint, 'GET', '/transcripts');
		expect(pages.map((request) => request.query)).toEqual([{ limit: '1000', skip: '0' }, { limit: '1000', skip: '1000' }]);
		pages.forEach(expectTrintAuth);
	});

	test('a title filter (any case); the Shared Drive chosen in the node lists that drive', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const wanted = trint.addTranscript({ title: 'Budget Hearing.mp3', workspaceId: drive._id, owner: 'someone-else' });
		trint.addTranscript({ title: 'Sports round-up.mp3', workspaceId: drive._id });
		const { results } = await search('searchTranscripts', { filters: { sharedDrive: byId(drive._id) } }, 'budget hearing');
		expect(results).toEqual([{ name: 'Budget Hearing.mp3', value: wanted.id }]);
		expect(requestsTo(trint, 'GET', '/transcripts')[0].query.sharedDriveId).toBe(drive._id);
	});

	test('a wrong key: the pack\'s 401 error, without the key', async () => {
		credentials.trintApi.keySecret = 'wrong-secret-value';
		const error = await search('searchTranscripts').catch((caught) => caught);
		expect(error.message).toMatch(/HTTP 401/);
		expectNoSecrets(error, ['wrong-secret-value', ...TRINT_SECRETS]);
	});
});

describe('searchStories', () => {
	test('only the STORY items of the list, with a title filter', async () => {
		trint.seedTranscripts(30);
		const evening = trint.addTranscript({ title: 'Evening story', fileType: 'STORY' });
		const morning = trint.addTranscript({ title: 'Morning story', fileType: 'STORY' });
		trint.addTranscript({ title: 'Evening story captions', fileType: 'CAPTION' });
		trint.addTranscript({ title: 'Evening story interview.mp3' });
		const { results } = await search('searchStories');
		expect(results.map((result) => result.value).sort()).toEqual([evening.id, morning.id].sort());
		expect((await search('searchStories', {}, 'EVENING')).results).toEqual([{ name: 'Evening story', value: evening.id }]);
	});
});

describe('searchFolders', () => {
	test('the personal drive\'s folders, or those of the Shared Drive chosen in any of the node\'s places', async () => {
		const drafts = trint.addFolder({ name: 'Drafts' });
		trint.addFolder({ name: 'Published' });
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const desk = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		expect((await search('searchFolders')).results.map((result) => result.name)).toEqual(['Drafts', 'Published']);
		expect((await search('searchFolders', {}, 'DRAF')).results).toEqual([{ name: 'Drafts', value: drafts._id }]);
		// Each place with the Resource and Operation that show it (n8n finds the field by them).
		const places = [
			{ resource: 'folder', operation: 'getAll', sharedDrive: byId(drive._id) },
			{ resource: 'transcript', operation: 'getAll', filters: { sharedDrive: byId(drive._id) } },
			{ resource: 'folder', operation: 'create', options: { sharedDrive: byId(drive._id) } },
		];
		for (const parameters of places) {
			expect((await search('searchFolders', parameters)).results).toEqual([{ name: 'Desk', value: desk._id }]);
		}
		expect(requestsTo(trint, 'GET', '/folders').map((request) => request.query['workspace-id'])).toEqual([undefined, undefined, drive._id, drive._id, drive._id]);
	});

	test('an answer that is not a list is an error naming what was read', async () => {
		trint.injectFault({ path: '/folders/', kind: 'not-array' });
		await expect(search('searchFolders')).rejects.toThrow(/folders/);
	});
});

describe('searchSharedDrives', () => {
	test('every drive, archived ones included and labelled; a name filter', async () => {
		const newsroom = trint.addSharedDrive({ name: 'Newsroom' });
		const old = trint.addSharedDrive({ name: 'Old desk', archived: true });
		expect((await search('searchSharedDrives')).results).toEqual([
			{ name: 'Newsroom', value: newsroom._id },
			{ name: 'Old desk (archived)', value: old._id },
		]);
		expect((await search('searchSharedDrives', {}, 'old')).results).toEqual([{ name: 'Old desk (archived)', value: old._id }]);
		expect(requestsTo(trint, 'GET', '/workspaces').map((request) => request.query)).toEqual([{ 'include-archived': 'true' }, { 'include-archived': 'true' }]);
	});
});

describe('searchTranslationLanguages', () => {
	test('Trint\'s translation languages as "Name (code)", filtered by name or code', async () => {
		const { results } = await search('searchTranslationLanguages');
		expect(results).toEqual(TRANSLATION_LANGUAGES.map((language) => ({ name: `${language.languageName} (${language.languageCode})`, value: language.languageCode })));
		expect((await search('searchTranslationLanguages', {}, 'GERM')).results).toEqual([{ name: 'German (de)', value: 'de' }]);
		expect((await search('searchTranslationLanguages', {}, 'ja')).results).toEqual([{ name: 'Japanese (ja)', value: 'ja' }]);
		requestsTo(trint, 'GET', '/translation/translation-languages').forEach(expectTrintAuth);
	});

	test('an unreadable list: the transcription languages, each marked as not confirmed', async () => {
		trint.injectFault({ path: '/translation/translation-languages', kind: 'not-array' });
		const { results } = await search('searchTranslationLanguages');
		expect(results.length).toBeGreaterThan(50);
		expect(results.every((result) => / – not confirmed as a translation language$/.test(result.name))).toBe(true);
	});
});
