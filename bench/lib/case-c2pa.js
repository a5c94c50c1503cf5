'use strict';
// Case 5: Read Content Credentials (local, free). n8n: Read Files from Disk → TrustNXT Read
// Content Credentials, on 1,000 JPEGs (half with a manifest store, half without) and on one
// 1 GiB MP4 whose manifest store sits before the media data (as C2PA writers place it), plus the
// same MP4 with the store after the media data (the worst case for a forward-only read). Reported:
// items/s from the node's executionTime, bytes the reader took from n8n's binary store (summed
// from the items' `bytesRead`), and n8n's RSS growth during the run. Compared with a billed
// Inspect of the same 1,000 JPEGs against the local mock (a round trip with no real network),
// with a billed Inspect against the mock one network round trip away (a proxy holding each request
// 50 ms, 150 ms: the first 100 JPEGs, since each costs the delay), and with the floor: n8n's No
// Operation node passing the same 1,000 binary items on (n8n's own per-item cost).

const fs = require('node:fs');
const path = require('node:path');
const { describe, progress, round, GiB } = require('./util');

// The repository's C2PA test files (test/fixtures/c2pa); BENCH_C2PA_FIXTURES names others.
const FIXTURES = process.env.BENCH_C2PA_FIXTURES || require('../../test/helpers/fixtures').C2PA_FIXTURES;

/** 1,000 JPEG copies: even ones carry a real manifest store, odd ones none. */
function writeJpegs(dir, count) {
	fs.mkdirSync(dir, { recursive: true });
	const signed = fs.readFileSync(path.join(FIXTURES, 'with-manifest', 'c2pa-rs-C.jpg'));
	const plain = fs.readFileSync(path.join(FIXTURES, 'without-manifest', 'c2pa-rs-IMG_0003.jpg'));
	const files = [];
	for (let index = 0; index < count; index++) {
		const file = path.join(dir, `photo-${String(index + 1).padStart(4, '0')}.jpg`);
		const bytes = index % 2 === 0 ? signed : plain;
		if (!fs.existsSync(file) || fs.statSync(file).size !== bytes.length) fs.writeFileSync(file, bytes);
		files.push(file);
	}
	return { dir, files, glob: path.join(dir, '*.jpg'), withManifest: Math.ceil(count / 2) };
}

function box(type, body) {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(8 + body.length, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, body]);
}

/**
 * A `bytes`-long MP4: ftyp, the C2PA uuid box carrying the manifest store of the shared MP4
 * fixture (before or after the media), and an `mdat` of zeros written as a sparse file.
 */
async function writeMp4(file, bytes, { storeFirst }) {
	if (fs.existsSync(file) && fs.statSync(file).size === bytes) return file;
	const { walkBmff } = require('../../dist/nodes/TrustNxt/c2pa/containers/bmff');
	const { bufferSource } = require('../../dist/nodes/TrustNxt/c2pa/source');
	const { store } = await walkBmff(bufferSource(fs.readFileSync(path.join(FIXTURES, 'with-manifest', 'c2pa-rs-video1.mp4'))));
	const ftyp = box('ftyp', Buffer.from('mp42\0\0\0\0mp42isom', 'latin1'));
	const c2pa = box('uuid', Buffer.concat([Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex'), Buffer.alloc(4), Buffer.from('manifest\0', 'latin1'), Buffer.alloc(8), store]));
	const mdatBytes = bytes - ftyp.length - c2pa.length;
	const mdatHeader = Buffer.alloc(16);
	mdatHeader.writeUInt32BE(1, 0);
	mdatHeader.write('mdat', 4, 'latin1');
	mdatHeader.writeUInt32BE(Math.floor(mdatBytes / 0x100000000), 8);
	mdatHeader.writeUInt32BE(mdatBytes >>> 0, 12);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const fd = fs.openSync(file, 'w');
	try {
		if (storeFirst) {
			fs.writeSync(fd, Buffer.concat([ftyp, c2pa, mdatHeader]), 0, undefined, 0);
		} else {
			fs.writeSync(fd, Buffer.concat([ftyp, mdatHeader]), 0, undefined, 0);
			fs.writeSync(fd, c2pa, 0, undefined, bytes - c2pa.length);
		}
		fs.ftruncateSync(fd, bytes);
	} finally {
		fs.closeSync(fd);
	}
	return file;
}

async function prepareC2pa(dataDir, settings) {
	progress(`writing ${settings.c2paJpegs} JPEGs and two ${settings.c2paMp4Bytes}-byte MP4s for case 5`);
	const jpegs = writeJpegs(path.join(dataDir, `c2pa-jpegs-${settings.c2paJpegs}`), settings.c2paJpegs);
	const delayedJpegs = writeJpegs(path.join(dataDir, `c2pa-jpegs-${settings.c2paDelayedJpegs}`), settings.c2paDelayedJpegs);
	const mp4 = await writeMp4(path.join(dataDir, `c2pa-${settings.c2paMp4Bytes}-store-first.mp4`), settings.c2paMp4Bytes, { storeFirst: true });
	const mp4Tail = await writeMp4(path.join(dataDir, `c2pa-${settings.c2paMp4Bytes}-store-last.mp4`), settings.c2paMp4Bytes, { storeFirst: false });
	return { jpegs, delayedJpegs, mp4, mp4Tail };
}

/** Sum of a numeric field over items, from run-stats' value counts. */
function sumOf(counts) {
	return Object.entries(counts ?? {}).reduce((sum, [value, count]) => sum + Number(value) * count, 0);
}

async function benchC2pa(ctx) {
	const { runner, flows, settings, c2pa, mocks } = ctx;
	const samples = { jpegs: [], noop: [], inspect: [], mp4: [], mp4Tail: [] };
	const delays = Object.keys(flows.c2paInspectDelayed ?? {});
	for (const delayMs of delays) samples[`inspect${delayMs}`] = [];
	const node = 'Read Content Credentials';
	const runRead = async (flow, expectedItems) => {
		const result = await runner.execute(flow, { sampleRss: true, countValues: { [node]: 'bytesRead' } });
		if (result.execution.status !== 'success') throw new Error(`Read Content Credentials run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
		const stats = result.execution.nodes[node];
		if (stats.items !== expectedItems) throw new Error(`expected ${expectedItems} items, got ${stats.items}`);
		await runner.deleteExecutions([result.execution.id]);
		return { ms: stats.executionTime, items: stats.items, itemsPerS: stats.items / (Math.max(stats.executionTime, 1) / 1000), bytesRead: sumOf(stats.values?.bytesRead), readMs: result.execution.nodes['Read Files'].executionTime, rssGrowth: result.rss?.growth };
	};
	for (let index = 0; index < settings.c2paRounds; index++) {
		const jpegs = await runRead(flows.c2paJpegs, c2pa.jpegs.files.length);
		samples.jpegs.push(jpegs);
		const mp4 = await runRead(flows.c2paMp4, 1);
		samples.mp4.push(mp4);
		const tail = await runRead(flows.c2paMp4Tail, 1);
		samples.mp4Tail.push(tail);
		await mocks.clearRequests('trustnxt');
		const inspect = await runner.execute(flows.c2paInspect, { sampleRss: false, mocks });
		if (inspect.execution.status !== 'success') throw new Error(`Inspect run failed: ${inspect.execution.error || JSON.stringify(inspect.execution.nodes)}`);
		const inspectStats = inspect.execution.nodes.Inspect;
		samples.inspect.push({ ms: inspectStats.executionTime, items: inspectStats.items, itemsPerS: inspectStats.items / (inspectStats.executionTime / 1000) });
		await runner.deleteExecutions([inspect.execution.id]);
		const noop = await runner.execute(flows.c2paNoOp, { sampleRss: false });
		if (noop.execution.status !== 'success') throw new Error(`No Operation run failed: ${noop.execution.error}`);
		const noopStats = noop.execution.nodes['No Operation'];
		samples.noop.push({ ms: noopStats.executionTime, items: noopStats.items, itemsPerS: noopStats.items / (Math.max(noopStats.executionTime, 1) / 1000), roundTripMs: noop.roundTripMs });
		await runner.deleteExecutions([noop.execution.id]);
		const delayedText = [];
		for (const delayMs of delays) {
			const delayed = await runner.execute(flows.c2paInspectDelayed[delayMs], { sampleRss: false, mocks });
			if (delayed.execution.status !== 'success') throw new Error(`Inspect (${delayMs} ms) run failed: ${delayed.execution.error || JSON.stringify(delayed.execution.nodes)}`);
			const stats = delayed.execution.nodes.Inspect;
			samples[`inspect${delayMs}`].push({ ms: stats.executionTime, items: stats.items, itemsPerS: stats.items / (stats.executionTime / 1000) });
			await runner.deleteExecutions([delayed.execution.id]);
			delayedText.push(`Inspect at ${delayMs} ms ${round(stats.items / (stats.executionTime / 1000), 1)} items/s`);
		}
		progress(
			`case 5 round ${index + 1}/${settings.c2paRounds}: ${c2pa.jpegs.files.length} JPEGs ${jpegs.ms} ms = ${round(jpegs.itemsPerS, 0)} items/s, ${round(jpegs.bytesRead / 1e6, 1)} MB read;` +
				` Inspect ${inspectStats.executionTime} ms = ${round(samples.inspect[index].itemsPerS, 1)} items/s;` +
				` No Operation ${noopStats.executionTime} ms = ${round(samples.noop[index].itemsPerS, 0)} items/s; ${delayedText.join('; ')};` +
				` MP4 store first ${mp4.ms} ms, ${mp4.bytesRead} bytes read, RSS +${round((mp4.rssGrowth ?? 0) / 1e6, 1)} MB;` +
				` store last ${tail.ms} ms, ${tail.bytesRead} bytes read, RSS +${round((tail.rssGrowth ?? 0) / 1e6, 1)} MB`,
		);
	}
	const pick = (key, field) => describe(samples[key].map((sample) => sample[field]));
	const summary = {};
	for (const key of Object.keys(samples)) {
		summary[key] = { ms: pick(key, 'ms'), itemsPerS: pick(key, 'itemsPerS') };
		if (key === 'jpegs' || key.startsWith('mp4')) Object.assign(summary[key], { bytesRead: pick(key, 'bytesRead'), rssGrowth: pick(key, 'rssGrowth') });
	}
	summary.ratios = { readVsInspect: summary.jpegs.itemsPerS.median / summary.inspect.itemsPerS.median, readVsNoop: summary.jpegs.itemsPerS.median / summary.noop.itemsPerS.median };
	for (const delayMs of delays) summary.ratios[`readVsInspect${delayMs}`] = summary.jpegs.itemsPerS.median / summary[`inspect${delayMs}`].itemsPerS.median;
	return { jpegs: c2pa.jpegs.files.length, delayedJpegs: c2pa.delayedJpegs.files.length, delaysMs: delays.map(Number), mp4Bytes: settings.c2paMp4Bytes, samples, summary };
}

module.exports = { benchC2pa, prepareC2pa, GiB };
