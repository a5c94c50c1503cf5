'use strict';
// What "Add SHA-256 Checksums" costs: Protect then Inspect of the same files, in-process on
// n8n-core's engine (test/engine/harness.js, filesystem binary mode, so files stream from and into
// n8n's store) against the loopback TrustNXT mock, with the option on and off in interleaved
// rounds. Not part of any test run: `npm run build && node scripts/measure-checksum-cost.js
// [files=200] [MiB=5] [rounds=3]`. The mock runs in the same process, so its own work (parsing,
// signing, reading) is in every number; the on/off difference is the checksum's.
const { startTrustNxtMock, sampleJpeg } = require('../test/mocks/trustnxt-mock');
const engine = require('../test/engine/harness');
const { trustNxtCredentials, runTrustNxt } = require('../test/unit/operations/setup');

const [files = 200, mib = 5, rounds = 3] = process.argv.slice(2).map(Number);
const TYPE_VERSION = 1.2;

async function timed(run) {
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	const result = await run();
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	const used = process.cpuUsage(cpu);
	return { result, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

async function main() {
	const tnxt = await startTrustNxtMock({ port: 0 });
	const credentials = trustNxtCredentials(tnxt);
	const service = await engine.useBinaryDataMode('filesystem');
	const location = { type: 'execution', workflowId: 'measure', executionId: 'inputs' };
	const inputs = [];
	for (let i = 0; i < files; i++) {
		const bytes = sampleJpeg(mib * 1024 * 1024, `measure ${i}`);
		inputs.push(await service.store(location, bytes, { data: '', fileName: `photo-${i}.jpg`, mimeType: 'image/jpeg' }));
	}
	// One small unmeasured round first, so loading the package and warming up count in neither.
	await runTrustNxt(credentials, { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: { addChecksums: true } }, { items: inputs.slice(0, 5).map((data) => ({ json: {}, binary: { data } })), binaryDataMode: 'filesystem', typeVersion: TYPE_VERSION });
	tnxt.reset();
	const schedule = [];
	for (let round = 0; round < rounds; round++) schedule.push(...(round % 2 ? [true, false] : [false, true]));
	const rows = [];
	for (const checksums of schedule) {
		const options = checksums ? { addChecksums: true } : {};
		const protect = await timed(async () =>
			await runTrustNxt(credentials, { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options }, { items: inputs.map((data) => ({ json: {}, binary: { data } })), binaryDataMode: 'filesystem', typeVersion: TYPE_VERSION }),
		);
		if (protect.result.error) throw protect.result.error;
		const protectedFiles = protect.result.items.map((item) => item.binary.data);
		const inspect = await timed(async () =>
			await runTrustNxt(credentials, { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options }, { items: protectedFiles.map((data) => ({ json: {}, binary: { data } })), binaryDataMode: 'filesystem', typeVersion: TYPE_VERSION }),
		);
		if (inspect.result.error) throw inspect.result.error;
		const hashed = protect.result.items.every((item) => typeof item.json.protectedSha256 === 'string') && inspect.result.items.every((item) => typeof item.json.fileSha256 === 'string');
		if (hashed !== checksums) throw new Error(`checksums ${checksums ? 'missing' : 'present'} in the output`);
		await service.deleteManyByBinaryDataId(protectedFiles.map((file) => file.id));
		tnxt.reset();
		const row = { checksums, protectWallS: protect.wallMs / 1000, protectCpuS: protect.cpuMs / 1000, inspectWallS: inspect.wallMs / 1000, inspectCpuS: inspect.cpuMs / 1000 };
		rows.push(row);
		console.log(JSON.stringify(row, (key, value) => (typeof value === 'number' ? Number(value.toFixed(2)) : value)));
	}
	const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	for (const checksums of [false, true]) {
		const mine = rows.filter((row) => row.checksums === checksums);
		const total = (key) => median(mine.map((row) => row[key]));
		console.log(`checksums ${checksums ? 'on ' : 'off'}: median Protect ${total('protectWallS').toFixed(2)} s (CPU ${total('protectCpuS').toFixed(2)} s), Inspect ${total('inspectWallS').toFixed(2)} s (CPU ${total('inspectCpuS').toFixed(2)} s) for ${files} files of ${mib} MiB`);
	}
	// The hash alone, for scale: crypto's SHA-256 over as many bytes as one round hashes (each file
	// sent by Protect, its protected copy received, and that copy sent by Inspect).
	const { createHash } = require('node:crypto');
	const block = sampleJpeg(mib * 1024 * 1024, 'hash only');
	const hashOnly = await timed(async () => {
		for (let i = 0; i < files * 3; i++) createHash('sha256').update(block).digest('hex');
	});
	console.log(`crypto SHA-256 alone over ${files * 3} x ${mib} MiB: ${(hashOnly.wallMs / 1000).toFixed(2)} s`);
	await service.deleteManyByBinaryDataId(inputs.map((file) => file.id));
	await tnxt.close();
	engine.removeBinaryStorage();
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
