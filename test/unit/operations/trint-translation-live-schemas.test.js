'use strict';
// The output schemas of Translation and Live Transcript (what n8n's editor previews before a run)
// checked against what the operations really output from the Trint mock: every field an output
// carries is declared with its type, every required field is there, and every declared field is
// carried by some run, so a schema cannot drift from its operation in either direction.
const fs = require('node:fs');
const { readSchema, schemaPath, schemaProblems, neverSeen } = require('../../helpers/output-schema');
const { Trint, useFastTrintMock, runTrint, byId } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
}, (mock) => {
	mock.translationOmitStatus = false;
});

const NODE_VERSION = '1.0.0';

/** The operations the node offers for a resource, from its own description. */
function operationsOf(resource) {
	const selector = new Trint().description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource));
	return selector.options.map((option) => option.value);
}

async function outputsOf(parameters) {
	const { items, error } = await runTrint(credentials, { options: {}, ...parameters });
	expect(error).toBeUndefined();
	return items.map((item) => item.json);
}

/** Each output conforms, and the outputs together carry every declared field. */
function expectSchemaFits(resource, operation, outputs) {
	const schema = readSchema('Trint', NODE_VERSION, resource, operation);
	expect(outputs.length).toBeGreaterThan(0);
	expect({ operation: `${resource}/${operation}`, problems: outputs.flatMap((output) => schemaProblems(schema, output)) }).toEqual({ operation: `${resource}/${operation}`, problems: [] });
	expect({ operation: `${resource}/${operation}`, neverOutput: neverSeen(schema, outputs) }).toEqual({ operation: `${resource}/${operation}`, neverOutput: [] });
}

test('every Translation and Live Transcript operation ships an output schema for node version 1', () => {
	for (const resource of ['translation', 'liveTranscript']) {
		const operations = operationsOf(resource);
		expect(operations.length).toBeGreaterThan(3);
		for (const operation of operations) expect({ operation, exists: fs.existsSync(schemaPath('Trint', NODE_VERSION, resource, operation)) }).toEqual({ operation, exists: true });
	}
});

describe('Translation', () => {
	test('Get Many Languages, from Trint\'s list and from the fallback (with its warning)', async () => {
		const listed = await outputsOf({ resource: 'translation', operation: 'getLanguages' });
		trint.injectFault({ path: '/translation/translation-languages', kind: 'not-array' });
		const fallback = await outputsOf({ resource: 'translation', operation: 'getLanguages' });
		expectSchemaFits('translation', 'getLanguages', [...listed, ...fallback]);
	});

	test('Create, Get Many and Delete (one translation, and all of a source)', async () => {
		const source = trint.addTranscript({ title: 'Interview.mp3' });
		const create = (language, extra = {}) => outputsOf({ resource: 'translation', operation: 'create', transcriptId: byId(source.id), targetLanguage: byId(language), ...extra });
		const created = [...(await create('fr')), ...(await create('de', { waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 1 }))];
		expectSchemaFits('translation', 'create', created);
		expectSchemaFits('translation', 'getAll', await outputsOf({ resource: 'translation', operation: 'getAll', transcriptId: byId(source.id) }));
		const one = await outputsOf({ resource: 'translation', operation: 'delete', transcriptId: byId(created[0].trintId) });
		const all = await outputsOf({ resource: 'translation', operation: 'delete', scope: 'allOfSource', sourceTranscriptId: byId(source.id) });
		expectSchemaFits('translation', 'delete', [...one, ...all]);
	});
});

describe('Live Transcript', () => {
	test('Create Push Stream, Start, Get Status, Stop (by Trint ID and by Stream ID), Wait Until Stopped', async () => {
		const pushed = await outputsOf({ resource: 'liveTranscript', operation: 'createPushStream' });
		expectSchemaFits('liveTranscript', 'createPushStream', pushed);
		const started = await outputsOf({ resource: 'liveTranscript', operation: 'start', streamKey: pushed[0].streamKey, options: { title: 'Council live' } });
		const pulled = await outputsOf({ resource: 'liveTranscript', operation: 'start', streamUrl: 'rtmp://live.example.com/app/stream' });
		expectSchemaFits('liveTranscript', 'start', [...started, ...pulled]);
		const { trintId } = pulled[0];
		expectSchemaFits('liveTranscript', 'getStatus', await outputsOf({ resource: 'liveTranscript', operation: 'getStatus', trintId }));
		const byTrintId = await outputsOf({ resource: 'liveTranscript', operation: 'stop', trintId });
		const byStreamId = await outputsOf({ resource: 'liveTranscript', operation: 'stop', stopBy: 'streamId', streamId: pushed[0].streamKey });
		expectSchemaFits('liveTranscript', 'stop', [...byTrintId, ...byStreamId]);
		expectSchemaFits('liveTranscript', 'waitUntilStopped', await outputsOf({ resource: 'liveTranscript', operation: 'waitUntilStopped', trintId, pollInterval: 10, maxWaitMinutes: 1 }));
	});
});
