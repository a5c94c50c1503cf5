'use strict';
// TrustNXT → Read Content Credentials on files kept in n8n's binary store (filesystem mode), run
// in-process: the file is read as a stream from the store, and when n8n recorded the exact size on
// the item (`bytes`), the store's metadata file is not read at all (one file read per item saved).
// Without `bytes`, the size comes from the store's metadata as before. The same inside a real
// n8n: test/e2e/c2pa-local.test.js.
const fs = require('node:fs');
const path = require('node:path');

const { TrustNxt } = require('../../dist/nodes/TrustNxt/TrustNxt.node');
const { executeContext, run } = require('./fake-n8n');
const b = require('../helpers/c2pa-build');

const FIXTURES = b.FIXTURES;
const SIGNED = path.join(FIXTURES, 'with-manifest', 'c2pa-rs-C.jpg');
const PLAIN = path.join(FIXTURES, 'without-manifest', 'c2pa-rs-IMG_0003.jpg');

/** A context whose binaries live "on disk": ids map to files, streams and metadata reads are counted. */
function storedContext(items, files) {
	const ctx = executeContext({ nodeType: 'trustNxt', parameters: { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' }, items, credentials: {} });
	ctx.metadataReads = 0;
	ctx.streamsOpened = 0;
	ctx.helpers.getBinaryMetadata = async (id) => {
		ctx.metadataReads++;
		return { fileName: path.basename(files[id]), mimeType: 'image/jpeg', fileSize: fs.statSync(files[id]).size };
	};
	ctx.helpers.getBinaryStream = async (id, chunkSize) => {
		ctx.streamsOpened++;
		return fs.createReadStream(files[id], { highWaterMark: chunkSize ?? 64 * 1024 });
	};
	return ctx;
}

function storedItem(id, file, { withBytes }) {
	const binary = { id, fileName: path.basename(file), mimeType: 'image/jpeg', fileExtension: 'jpg', fileSize: '130 kB' };
	if (withBytes) binary.bytes = fs.statSync(file).size;
	return { json: {}, binary: { data: binary } };
}

test('with `bytes` on the item: read from the stream, no metadata read, same answers', async () => {
	const files = { 'filesystem-v2:a': SIGNED, 'filesystem-v2:b': PLAIN };
	const items = [storedItem('filesystem-v2:a', SIGNED, { withBytes: true }), storedItem('filesystem-v2:b', PLAIN, { withBytes: true })];
	const ctx = storedContext(items, files);
	const { items: output, error } = await run(TrustNxt, ctx);
	expect(error).toBeUndefined();
	expect(ctx.metadataReads).toBe(0);
	expect(ctx.streamsOpened).toBe(2);
	expect(output[0].json).toMatchObject({ hasContentCredentials: true, manifestLocation: 'embedded', fileSize: fs.statSync(SIGNED).size, fileName: 'c2pa-rs-C.jpg', validated: false });
	expect(output[0].json.bytesRead).toBeLessThan(fs.statSync(SIGNED).size);
	expect(output[1].json).toMatchObject({ hasContentCredentials: false, manifestLocation: 'none', fileSize: fs.statSync(PLAIN).size });
	// The file goes on untouched, and each output is paired with its input.
	expect(output[0].binary).toBe(items[0].binary);
	expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

	// Without `bytes` (older n8n, or a binary made elsewhere): the store's metadata gives the size.
	const older = [storedItem('filesystem-v2:a', SIGNED, { withBytes: false }), storedItem('filesystem-v2:b', PLAIN, { withBytes: false })];
	const olderCtx = storedContext(older, files);
	const again = await run(TrustNxt, olderCtx);
	expect(again.error).toBeUndefined();
	expect(olderCtx.metadataReads).toBe(2);
	const strip = (json) => ({ ...json });
	expect(again.items.map((item) => strip(item.json))).toEqual(output.map((item) => strip(item.json)));
});

test('a missing field or an empty stored file still gets the errors that name the field', async () => {
	const files = { 'filesystem-v2:a': SIGNED };
	const missing = storedContext([{ json: {}, binary: { other: { id: 'filesystem-v2:a', bytes: 10, mimeType: 'image/jpeg' } } }], files);
	const first = await run(TrustNxt, missing);
	expect(first.error?.message).toMatch(/No binary property "data"/);
	const empty = storedContext([{ json: {}, binary: { data: { id: 'filesystem-v2:a', bytes: 0, mimeType: 'image/jpeg' } } }], files);
	empty.helpers.getBinaryMetadata = async () => ({ fileSize: 0 });
	const second = await run(TrustNxt, empty);
	expect(second.error?.message).toMatch(/empty/);
});
