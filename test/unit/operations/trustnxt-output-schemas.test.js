'use strict';
// The output schemas the editor shows before a run (nodes/TrustNxt/__schema__/v<version>/...),
// checked against what each operation really outputs, at every version of the node, so they
// cannot drift: every key an output carries is declared with its type, and every declared key
// shows up in some output. The schema files are found the way n8n finds them (n8n-core's
// resolver, exact version, in the built dist/ that ships). In-process against the TrustNXT mock.
const fs = require('node:fs');
const path = require('node:path');
const { resolveOutputSchemaPath } = require('n8n-core');

const { startTrustNxtMock, sampleJpeg } = require('../../mocks/trustnxt-mock');
const b = require('../../helpers/c2pa-build');
const { TrustNxt, C2PA_FIXTURES, trustNxtCredentials, runTrustNxt } = require('./setup');

const NODE_DIR = path.resolve(__dirname, '../../../dist/nodes/TrustNxt');
const VERSIONS = new TrustNxt().description.version;
const fixture = (relative) => fs.readFileSync(path.join(C2PA_FIXTURES, relative));

function schemaOf(version, resource, operation) {
	const file = resolveOutputSchemaPath({ nodeDir: NODE_DIR, version, resource, operation });
	expect([version, resource, operation, fs.existsSync(file)]).toEqual([version, resource, operation, true]);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const typeOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Where `value` does not fit `schema` (types, array items, object properties), as readable paths. */
function misfits(schema, value, at) {
	const allowed = [schema.type].flat();
	const actual = typeOf(value);
	if (!allowed.includes(actual)) return [`${at}: ${actual}, declared ${allowed.join('|')}`];
	if (actual === 'array' && schema.items) return value.flatMap((entry, index) => misfits(schema.items, entry, `${at}[${index}]`));
	if (actual === 'object' && schema.properties) {
		return Object.entries(value).flatMap(([key, entry]) => (schema.properties[key] ? misfits(schema.properties[key], entry, `${at}.${key}`) : [`${at}.${key}: not declared`]));
	}
	return [];
}

/** Every output fits the schema, and every top-level key the schema declares appears in some output. */
function expectSchemaMatches(version, resource, operation, outputs) {
	const schema = schemaOf(version, resource, operation);
	const label = `v${version} ${resource}/${operation}`;
	expect([label, outputs.flatMap((json, index) => misfits(schema, json, `output ${index}`))]).toEqual([label, []]);
	const seen = new Set(outputs.flatMap((json) => Object.keys(json)));
	expect([label, Object.keys(schema.properties).filter((key) => !seen.has(key))]).toEqual([label, []]);
}

let tnxt;
let signed;
beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	signed = (await tnxt.protectBytes(sampleJpeg(16 * 1024, 'schemas'), { filename: 'signed.jpg', metadata: { title: 'Signed' } })).buffer;
});
afterAll(async () => tnxt?.close());
beforeEach(() => tnxt.reset());

const fileItem = (bytes, fileName, mimeType = 'image/jpeg') => ({ json: {}, binary: { data: { data: bytes.toString('base64'), fileName, mimeType } } });

async function outputs(typeVersion, parameters, items, credentials = trustNxtCredentials(tnxt)) {
	const result = await runTrustNxt(credentials, parameters, { items, typeVersion });
	expect(result.error).toBeUndefined();
	for (const item of result.items) expect(item.json.error).toBeUndefined();
	return result.items.map((item) => item.json);
}

test('every version has a schema folder n8n finds for every operation, and no folder for a version the node lacks', () => {
	const folders = fs.readdirSync(path.join(NODE_DIR, '__schema__')).sort();
	expect(folders).toEqual(VERSIONS.map((version) => `v${version}${'.0'.repeat(3 - String(version).split('.').length)}`).sort());
	for (const version of VERSIONS) {
		for (const [resource, operation] of [['asset', 'protect'], ['asset', 'inspect'], ['asset', 'readContentCredentials'], ['usage', 'get']]) schemaOf(version, resource, operation);
	}
});

describe.each(VERSIONS)('version %s', (typeVersion) => {
	test('Read Content Credentials: embedded, none, remote, could not read, not a known format', async () => {
		const files = [
			fileItem(fixture('with-manifest/c2pa-ts-trustnxt-icon-signed-timestamp.jpg'), 'icon.jpg'),
			fileItem(fixture('with-manifest/c2pa-ts-amazon-titan-g1.png'), 'titan.png', 'image/png'),
			fileItem(fixture('without-manifest/c2pa-ts-trustnxt-icon.png'), 'plain.png', 'image/png'),
			fileItem(b.jpeg([b.jpegXmpSegment('https://manifests.example/abc.c2pa')]), 'remote.jpg'),
			fileItem(fixture('malformed/c2pa-rs-id3v23_compression_underflow.mp3'), 'broken.mp3', 'audio/mpeg'),
			fileItem(Buffer.from('plain words'), 'notes.txt', 'text/plain'),
		];
		const json = await outputs(typeVersion, { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' }, files, {});
		expect(json.map((entry) => entry.manifestLocation)).toEqual(['embedded', 'embedded', 'none', 'remote', 'unknown', 'unknown']);
		expectSchemaMatches(typeVersion, 'asset', 'readContentCredentials', json);
	});

	test('Inspect: sent (with checksum and manifest store) and answered locally', async () => {
		const inspect = (extra) => ({ resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {}, ...extra });
		const sent = await outputs(typeVersion, inspect({ includeManifestStore: true, options: { addChecksums: true } }), [fileItem(signed, 'signed.jpg')]);
		const local = await outputs(typeVersion, inspect({ options: { skipWhenNoCredentials: true } }), [fileItem(sampleJpeg(8 * 1024, 'plain'), 'plain.jpg')]);
		expect(local[0].billed).toBe(false);
		expectSchemaMatches(typeVersion, 'asset', 'inspect', [...sent, ...local]);
	});

	test('Protect (with checksums and metadata) and Usage → Get', async () => {
		const protectedJson = await outputs(typeVersion, { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: { title: 'T', creator: 'C', doNotTrain: true }, options: { addChecksums: true } }, [fileItem(sampleJpeg(8 * 1024, 'p'), 'p.jpg')]);
		expectSchemaMatches(typeVersion, 'asset', 'protect', protectedJson);
		tnxt.setLimits({ protectCalls: 10, inspectCalls: null });
		const usage = await outputs(typeVersion, { resource: 'usage', operation: 'get' }, [{ json: {} }]);
		expectSchemaMatches(typeVersion, 'usage', 'get', usage);
	});
});
