'use strict';
// Trint → Translation: Get Many Languages, Create (with and without waiting), Get Many, Delete,
// in-process against the Trint mock's translation API over real sockets. The mock refuses the
// names the node once guessed (languageCode, transcriptId), as Trint's reference implies.
const { TRANSLATION_LANGUAGES } = require('../../mocks/trint-mock');
const { Trint, useFastTrintMock, trintCredentials, runTrint, requestsTo, expectNoSecrets, expectTrintAuth, expectPaired, TRINT_SECRETS, byId, listSearch, EMPTY_BY_EXPRESSION } = require('./setup');

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
const asOutput = (entry, source) => ({ ...entry, trintId: entry.transcriptId, sourceTranscriptId: source.id, editorUrl: null });
const remove = (extra) => ({ resource: 'translation', operation: 'delete', options: {}, ...extra });

/** A field of one operation as the editor shows it. */
function fieldOf(operation, name) {
	return new Trint().description.properties.filter(
		(property) => property.name === name && property.displayOptions?.show?.resource?.includes('translation') && property.displayOptions?.show?.operation?.includes(operation),
	);
}

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
		// Trint's documented names: targetLanguage for the language, fileId for the source Trint.
		expect(request.json).toEqual({ fileId: source.id, targetLanguage: 'fr', sourceLanguage: 'en' });
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

	test('each field has its own hint: the source transcript says what becomes of it, the language where its codes come from', () => {
		const [transcript] = fieldOf('create', 'transcriptId');
		const [language] = fieldOf('create', 'targetLanguage');
		expect(transcript.hint).not.toBe(language.hint);
		expect(transcript.hint).toMatch(/original.*stays/i);
		expect(language.hint).toMatch(/Get Many Languages/);
	});

	test('bad input is refused by field name before any call; Trint\'s 400 and a FAILED translation are errors per item', async () => {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		const empty = await runTrint(credentials, create(source, EMPTY_BY_EXPRESSION));
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
	test('the translations of a transcript, asked for with the fileId query', async () => {
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
		expect(request.query).toEqual({ fileId: source.id });
		expectTrintAuth(request);
	});

	test('a transcript the key cannot see: Trint\'s 403 as the pack\'s error', async () => {
		const { error } = await runTrint(credentials, { resource: 'translation', operation: 'getAll', transcriptId: byId('AAAAAAAAAAAAAAAAAAAAAA'), options: {} });
		expect(error.message).toMatch(/HTTP 403/);
		expectNoSecrets(error, TRINT_SECRETS);
	});
});

describe('Translation → Delete', () => {
	async function family(...languages) {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		for (const language of languages) await runTrint(credentials, create(source, language));
		trint.clearRequests();
		return source;
	}

	test('One Translation: checks the ID is a translation, deletes it (fileId in body and query), outputs what went and what remains', async () => {
		const source = await family('fr', 'de');
		const french = translationOf(source, 'fr');
		const german = translationOf(source, 'de');
		const { items, error } = await runTrint(credentials, remove({ transcriptId: byId(french.transcriptId) }));
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: {
					deleted: true,
					trintId: french.transcriptId,
					language: 'fr',
					sourceTranscriptId: source.id,
					deletedTranslations: [asOutput(french, source)],
					remainingTranslations: [asOutput(german, source)],
				},
				pairedItem: { item: 0 },
			},
		]);
		const [check] = requestsTo(trint, 'GET', '/translation');
		expect(check.query).toEqual({ fileId: french.transcriptId });
		const [request] = requestsTo(trint, 'DELETE', '/translation');
		expect(request.query).toEqual({ fileId: french.transcriptId });
		expect(request.json).toEqual({ fileId: french.transcriptId });
		expectTrintAuth(request);
		expect(trint.translationsOf(source.id).translations.map((entry) => entry.language)).toEqual(['de']);
	});

	test('One Translation with its Source Transcript: checked against that source\'s list; a translation of another source is refused naming both fields', async () => {
		const source = await family('fr');
		const other = await family('it');
		const french = translationOf(source, 'fr');
		const italian = translationOf(other, 'it');
		const wrong = await runTrint(credentials, remove({ sourceTranscriptId: byId(source.id), transcriptId: byId(italian.transcriptId) }));
		expect(wrong.error.message).toBe(`"Translation" ${italian.transcriptId} is not a translation of "Source Transcript" ${source.id}`);
		expect(requestsTo(trint, 'DELETE', '/translation')).toHaveLength(0);
		const { items, error } = await runTrint(credentials, remove({ sourceTranscriptId: byId(source.id), transcriptId: byId(french.transcriptId) }));
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ deleted: true, trintId: french.transcriptId, sourceTranscriptId: source.id, remainingTranslations: [] });
		expect(requestsTo(trint, 'GET', '/translation').map((request) => request.query)).toEqual([{ fileId: source.id }, { fileId: source.id }]);
		expect(trint.translationsOf(other.id).translations).toHaveLength(1);
	});

	test('an original (source) transcript as the Translation is refused naming the field and what it would delete; nothing is deleted', async () => {
		const source = await family('fr', 'de');
		const { error } = await runTrint(credentials, remove({ transcriptId: byId(source.id) }));
		expect(error.message).toBe(`"Translation" ${source.id} is an original (source) transcript, not a translation`);
		expect(error.description).toMatch(/all 2 of its translations \(fr, de\)/);
		expect(error.description).toMatch(/"Delete" to "All Translations of a Source"/);
		const asSource = await runTrint(credentials, remove({ sourceTranscriptId: byId(source.id), transcriptId: byId(source.id) }));
		expect(asSource.error.message).toBe(`"Translation" ${source.id} is an original (source) transcript, not a translation`);
		expect(requestsTo(trint, 'DELETE', '/translation')).toHaveLength(0);
		expect(trint.translationsOf(source.id).translations).toHaveLength(2);
	});

	test('All Translations of a Source: deletes each translation of the source, lists them, and the source stays', async () => {
		const source = await family('fr', 'de');
		const before = trint.translationsOf(source.id).translations;
		const { items, error } = await runTrint(credentials, remove({ scope: 'allOfSource', sourceTranscriptId: byId(source.id) }));
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: { deleted: true, sourceTranscriptId: source.id, deletedTranslations: before.map((entry) => asOutput(entry, source)), remainingTranslations: [] },
				pairedItem: { item: 0 },
			},
		]);
		const [request] = requestsTo(trint, 'DELETE', '/translation');
		expect(request.json).toEqual({ fileId: source.id });
		expect(trint.getTranscript(source.id)).toBeDefined();
		expect(trint.translationsOf(source.id).translations).toEqual([]);
		const none = await runTrint(credentials, remove({ scope: 'allOfSource', sourceTranscriptId: byId(source.id) }));
		expect(none.items[0].json).toEqual({ deleted: false, sourceTranscriptId: source.id, deletedTranslations: [], remainingTranslations: [] });
	});

	test('Trint answers but still lists the translation: an error, never deleted: true', async () => {
		const source = await family('fr');
		const french = translationOf(source, 'fr');
		trint.injectFault({ path: '/translation', method: 'DELETE', status: 200, body: trint.translationsOf(source.id) });
		const { error } = await runTrint(credentials, remove({ transcriptId: byId(french.transcriptId) }));
		expect(error.message).toBe(`Trint answered the deletion of translation ${french.transcriptId} but still lists it`);
	});

	test('an empty Translation or Source Transcript is refused by name; a server fault is the pack\'s error item', async () => {
		const empty = await runTrint(credentials, remove({ transcriptId: byId(EMPTY_BY_EXPRESSION) }));
		expect(empty.error.message).toBe('"Translation" is empty');
		const noSource = await runTrint(credentials, remove({ scope: 'allOfSource', sourceTranscriptId: byId(EMPTY_BY_EXPRESSION) }));
		expect(noSource.error.message).toBe('"Source Transcript" is empty');
		expect(trint.requests).toHaveLength(0);
		const source = await family('fr');
		trint.injectFault({ path: '/translation', method: 'DELETE', status: 500 });
		const { items } = await runTrint(credentials, remove({ transcriptId: byId(translationOf(source, 'fr').transcriptId) }), { continueOnFail: true });
		expect(items[0].json.error).toBe('Trint: HTTP 500');
		expect(items[0].json.description).toMatch(/^Trint said: "500 Internal Server Error"\./);
		expect(items[0].json.description).toMatch(/This is usually temporary: run the workflow again later/);
		expectPaired(items, [0]);
	});

	test('the Translation picker lists only the translations of the chosen Source Transcript; without one it says to choose it', async () => {
		const source = await family('fr', 'de');
		const other = trint.addTranscript({ title: 'Other.mp3' });
		const search = (parameters, filter) => listSearch(Trint, 'searchTranslations', { parameters: { authentication: 'keyAndSecret', resource: 'translation', operation: 'delete', ...parameters }, credentials }, filter);
		const { results } = await search({ sourceTranscriptId: byId(source.id) });
		expect(results).toEqual([
			{ name: 'French (fr) – COMPLETE', value: translationOf(source, 'fr').transcriptId },
			{ name: 'German (de) – COMPLETE', value: translationOf(source, 'de').transcriptId },
		]);
		expect(results.map((result) => result.value)).not.toContain(source.id);
		expect(results.map((result) => result.value)).not.toContain(other.id);
		expect((await search({ sourceTranscriptId: byId(source.id) }, 'germ')).results.map((result) => result.name)).toEqual(['German (de) – COMPLETE']);
		const [request] = requestsTo(trint, 'GET', '/translation');
		expect(request.query).toEqual({ fileId: source.id });
		expectTrintAuth(request);
		await expect(search({})).rejects.toThrow('Choose the "Source Transcript" first: Trint lists translations per source transcript');
	});

	test('the fields say which ID each one takes', () => {
		const [translationField] = fieldOf('delete', 'transcriptId');
		expect(translationField.displayName).toBe('Translation');
		expect(translationField.description).toMatch(/translated transcript.*not the original/);
		expect(translationField.modes.find((mode) => mode.name === 'list').typeOptions.searchListMethod).toBe('searchTranslations');
		const scope = fieldOf('delete', 'scope')[0];
		expect(scope.options.map((option) => option.value)).toEqual(['translation', 'allOfSource']);
		expect(scope.default).toBe('translation');
	});
});
