'use strict';
// Trint → Translation: Get Many Languages, Create (with and without waiting), Get Many, Delete,
// in-process against the Trint mock's translation API over real sockets.
const { byId } = require('../fake-n8n');
const { TRANSLATION_LANGUAGES } = require('../../mocks/trint-mock');
const { useFastTrintMock, trintCredentials, runTrint, requestsTo, expectNoSecrets, expectTrintAuth, expectPaired, TRINT_SECRETS } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
}, (mock) => {
	mock.translationOmitStatus = false;
});

const create = (source, language, extra = {}) => ({ resource: 'translation', operation: 'create', transcriptId: byId(source.id), targetLanguage: byId(language), waitForTranslation: false, options: {}, ...extra });
const translationOf = (source, language) => trint.translationsOf(source.id).translations.find((entry) => entry.language === language);

describe('Translation → Get Many Languages', () => {
	test('one item per language Trint offers, from the translation host', async () => {
		const { items, error, ctx } = await runTrint(credentials, { resource: 'translation', operation: 'getLanguages', options: {} });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(TRANSLATION_LANGUAGES);
		expect(items.every((item) => item.pairedItem.item === 0)).toBe(true);
		expect(ctx.hints).toEqual([]);
		const [request] = requestsTo(trint, 'GET', '/translation/translation-languages');
		expectTrintAuth(request);
	});

	test('a list in an unknown form: the transcription languages, each item and the run warned', async () => {
		trint.injectFault({ path: '/translation/translation-languages', kind: 'not-array' });
		const { items, ctx } = await runTrint(credentials, { resource: 'translation', operation: 'getLanguages', options: {} });
		expect(items.length).toBeGreaterThan(50);
		expect(items.every((item) => /unknown form/.test(item.json.warning))).toBe(true);
		expect(ctx.hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/unknown form/) })]);
	});

	test('Custom URLs without a Translation Base URL: an error naming the credential field, nothing sent', async () => {
		const { error } = await runTrint(trintCredentials(trint, { translationBaseUrl: '' }), { resource: 'translation', operation: 'getLanguages', options: {} });
		expect(error.message).toBe('The Trint credential has no "Translation Base URL"');
		expect(trint.requests).toHaveLength(0);
	});
});

describe('Translation → Create', () => {
	test('asks for the translation with the JSON body, additional fields merged last; outputs the new translation', async () => {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		const { items, error } = await runTrint(credentials, create(source, 'fr', { options: { additionalBodyFields: '{"sourceLanguage": "en"}' } }));
		expect(error).toBeUndefined();
		const made = translationOf(source, 'fr');
		expect(items).toEqual([
			{
				json: { ...made, trintId: made.transcriptId, sourceTranscriptId: source.id, editorUrl: null },
				pairedItem: { item: 0 },
			},
		]);
		const [request] = requestsTo(trint, 'POST', '/translation');
		expect(request.json).toEqual({ transcriptId: source.id, languageCode: 'fr', sourceLanguage: 'en' });
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expectTrintAuth(request);
	});

	test('Wait for Translation: COMPLETE at once; without a status, the translated Trint\'s export decides', async () => {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		const done = await runTrint(credentials, create(source, 'de', { waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 1 }));
		expect(done.items[0].json).toMatchObject({ language: 'de', status: 'COMPLETE', sourceTranscriptId: source.id });
		trint.translationOmitStatus = true;
		const quiet = await runTrint(credentials, create(source, 'es', { waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 1 }));
		const translatedId = quiet.items[0].json.trintId;
		expect(quiet.items[0].json.status).toBeUndefined();
		expect(requestsTo(trint, 'GET', `/export/json/${translatedId}`)).toHaveLength(1);
	});

	test('bad input is refused by field name before any call; Trint\'s 400 and a FAILED translation are errors per item', async () => {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		const empty = await runTrint(credentials, create(source, ''));
		expect(empty.error.message).toBe('"Target Language" is empty');
		const json = await runTrint(credentials, create(source, 'fr', { options: { additionalBodyFields: '{not json' } }));
		expect(json.error.message).toBe('"Additional Body Fields (JSON)" is not valid JSON');
		expect(trint.requests).toHaveLength(0);

		trint.failTranslations('it');
		const { items } = await runTrint(credentials, (index) => create(source, index ? 'it' : 'xx', { waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 1 }), {
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(items[0].json.error).toMatch(/HTTP 400/);
		expect(items[1].json.error).toMatch(new RegExp(`Trint could not translate ${source.id} into "it" \\(translation [\\w-]+ FAILED\\)`));
		expectPaired(items, [0, 1]);
		expectNoSecrets(items, TRINT_SECRETS);
	});
});

describe('Translation → Get Many', () => {
	test('the translations of a transcript, asked for with the transcriptId query', async () => {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		await runTrint(credentials, create(source, 'fr'));
		await runTrint(credentials, create(source, 'de'));
		trint.clearRequests();
		const { items, error } = await runTrint(credentials, { resource: 'translation', operation: 'getAll', transcriptId: byId(source.id), options: {} });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(
			trint.translationsOf(source.id).translations.map((entry) => ({ ...entry, trintId: entry.transcriptId, sourceTranscriptId: source.id, editorUrl: null })),
		);
		expect(items.map((item) => item.json.language)).toEqual(['fr', 'de']);
		expectPaired(items, [0, 0]);
		const [request] = requestsTo(trint, 'GET', '/translation');
		expect(request.query).toEqual({ transcriptId: source.id });
		expectTrintAuth(request);
	});

	test('a transcript the key cannot see: Trint\'s 403 as the pack\'s error', async () => {
		const { error } = await runTrint(credentials, { resource: 'translation', operation: 'getAll', transcriptId: byId('AAAAAAAAAAAAAAAAAAAAAA'), options: {} });
		expect(error.message).toMatch(/HTTP 403/);
		expectNoSecrets(error, TRINT_SECRETS);
	});
});

describe('Translation → Delete', () => {
	test('deletes one translation (ID in body and query) and lists what remains', async () => {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		await runTrint(credentials, create(source, 'fr'));
		await runTrint(credentials, create(source, 'de'));
		const french = translationOf(source, 'fr');
		trint.clearRequests();
		const { items, error } = await runTrint(credentials, { resource: 'translation', operation: 'delete', transcriptId: byId(french.transcriptId), options: {} });
		expect(error).toBeUndefined();
		const german = translationOf(source, 'de');
		expect(items).toEqual([
			{
				json: { deleted: true, trintId: french.transcriptId, sourceTranscriptId: source.id, remainingTranslations: [{ ...german, trintId: german.transcriptId, sourceTranscriptId: source.id, editorUrl: null }] },
				pairedItem: { item: 0 },
			},
		]);
		const [request] = requestsTo(trint, 'DELETE', '/translation');
		expect(request.query).toEqual({ transcriptId: french.transcriptId });
		expect(request.json).toEqual({ transcriptId: french.transcriptId });
		expectTrintAuth(request);
		expect(trint.translationsOf(source.id).translations.map((entry) => entry.language)).toEqual(['de']);
	});

	test('an empty Translation is refused by name; a server fault is the pack\'s error item', async () => {
		const empty = await runTrint(credentials, { resource: 'translation', operation: 'delete', transcriptId: byId(''), options: {} });
		expect(empty.error.message).toBe('"Translation" is empty');
		expect(trint.requests).toHaveLength(0);
		trint.injectFault({ path: '/translation', method: 'DELETE', status: 500 });
		const { items } = await runTrint(credentials, { resource: 'translation', operation: 'delete', transcriptId: byId('AAAAAAAAAAAAAAAAAAAAAA'), options: {} }, { continueOnFail: true });
		expect(items[0].json.error).toBe('Trint: HTTP 500');
		expect(items[0].json.description).toMatch(/^Trint said: "500 Internal Server Error"\./);
		expect(items[0].json.description).toMatch(/This is usually temporary: run the workflow again later/);
		expectPaired(items, [0]);
	});
});
