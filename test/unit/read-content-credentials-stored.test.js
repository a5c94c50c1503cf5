'use strict';
// TrustNXT → Read Content Credentials on files kept in n8n's binary store (filesystem mode), run
// in-process: the file is read as a stream from the store, and when n8n recorded the exact size on
// the item (`bytes`), the store's metadata file is not read at all (one file read per item saved).
// Without `bytes`, the size comes from the store's metadata as before. The same inside a real
// n8n: test/e2e/c2pa-local.test.js.
const fs = require('node:fs');
const path = require('node:path');

const { runTrustNxt } = require('./operations/setup');
const b = require('../helpers/c2pa-build');

const FIXTURES = b.FIXTURES;
const SIGNED = path.join(FIXTURES, 'with-manifest', 'c2pa-rs-C.jpg');
const PLAIN = path.join(FIXTURES, 'without-manifest', 'c2pa-rs-IMG_0003.jpg');
const READ = { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' };

/** An item whose file n8n's binary data service keeps on disk; without `bytes` as older n8n stored it. */
function storedItem(file, { withBytes, property = 'data', bytes = fs.readFileSync(file) }) {
	const binary = { data: bytes, fileName: path.basename(file), mimeType: 'image/jpeg', fileExtension: 'jpg' };
	if (!withBytes) binary.bytes = null;
	return { json: {}, binary: { [property]: binary } };
}

/** Read Content Credentials on stored files: the output, and the service's reads (streams, metadata). */
async function readStored(items) {
	const { items: output, error, ctx } = await runTrustNxt({}, READ, { items, binaryDataMode: 'filesystem' });
	return { output, error, reads: ctx.binaryData, inputItems: ctx.inputItems };
}

test('with `bytes` on the item: read from the stream, no metadata read, same answers', async () => {
	const items = [storedItem(SIGNED, { withBytes: true }), storedItem(PLAIN, { withBytes: true })];
	const { output, error, reads, inputItems } = await readStored(items);
	expect(error).toBeUndefined();
	expect(inputItems[0].binary.data).toMatchObject({ id: expect.stringMatching(/^filesystem-v2:/), bytes: fs.statSync(SIGNED).size });
	expect(reads.metadata).toBe(0);
	expect(reads.streams).toBe(2);
	expect(reads.buffers).toBe(0);
	expect(output[0].json).toMatchObject({ hasContentCredentials: true, manifestLocation: 'embedded', fileSize: fs.statSync(SIGNED).size, fileName: 'c2pa-rs-C.jpg', validated: false });
	expect(output[0].json.bytesRead).toBeLessThan(fs.statSync(SIGNED).size);
	expect(output[1].json).toMatchObject({ hasContentCredentials: false, manifestLocation: 'none', fileSize: fs.statSync(PLAIN).size });
	// The file goes on untouched, and each output is paired with its input.
	expect(output[0].binary).toEqual(inputItems[0].binary);
	expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

	// Without `bytes` (older n8n, or a binary made elsewhere): the store's metadata gives the size.
	const older = [storedItem(SIGNED, { withBytes: false }), storedItem(PLAIN, { withBytes: false })];
	const again = await readStored(older);
	expect(again.error).toBeUndefined();
	expect(again.inputItems[0].binary.data.bytes).toBeUndefined();
	expect(again.reads.metadata).toBe(2);
	const strip = (json) => ({ ...json });
	expect(again.output.map((item) => strip(item.json))).toEqual(output.map((item) => strip(item.json)));
});

test('a missing field or an empty stored file still gets the errors that name the field', async () => {
	const first = await readStored([storedItem(SIGNED, { withBytes: true, property: 'other' })]);
	expect(first.error?.message).toMatch(/No binary property "data"/);
	const second = await readStored([storedItem(SIGNED, { withBytes: true, bytes: Buffer.alloc(0) })]);
	expect(second.inputItems[0].binary.data.bytes).toBe(0);
	expect(second.error?.message).toMatch(/empty/);
});
