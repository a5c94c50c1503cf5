'use strict';
// Case 3: Protect, then Inspect, 200 JPEG images of 5 MB each. n8n: Read Files from Disk (all
// 200) → TrustNXT Protect → TrustNXT Inspect; items per second from the two TrustNXT nodes'
// executionTime. Baseline: a raw undici loop making the same multipart calls (Protect, then
// Inspect of the protected bytes) one image at a time, in its own Node 24 process. When asked
// for, the same workflow on the pack at an earlier commit (BENCH_BEFORE, bench/lib/before.js).

const fs = require('node:fs');
const path = require('node:path');
const { describe, progress, rotate, round } = require('./util');
const { runBaseline } = require('./baseline');
const { pairedRatio } = require('./before');

async function writeImages(dir, count, bytes) {
	const kit = require('../../test/mocks/mock-kit');
	fs.mkdirSync(dir, { recursive: true });
	const files = [];
	for (let index = 0; index < count; index++) {
		const file = path.join(dir, `photo-${String(index + 1).padStart(3, '0')}.jpg`);
		// Compared by content, not size: a cached image from an older sample layout is replaced.
		const image = kit.sampleJpeg(bytes, `bench-photo-${index}`);
		if (!fs.existsSync(file) || fs.statSync(file).size !== bytes || !fs.readFileSync(file).equals(image)) fs.writeFileSync(file, image);
		files.push(file);
	}
	return files;
}

async function benchTrustNxt(ctx) {
	const { runner, mocks, flows, settings, images } = ctx;
	const samples = { pack: [], undici: [], ...(flows.protectInspectBefore ? { before: [] } : {}) };
	const usage = () => mocks.call('trustnxt', 'GET', '/__mock/usage');
	const once = async (contender) => {
		await mocks.clearRequests('trustnxt');
		const before = await usage();
		let sample;
		if (contender === 'pack' || contender === 'before') {
			const result = await runner.execute(contender === 'pack' ? flows.protectInspect : flows.protectInspectBefore, { sampleRss: true, mocks, countValues: { Inspect: 'verdict' } });
			if (result.execution.status !== 'success') throw new Error(`Protect + Inspect run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			const { Protect: protect, Inspect: inspect } = result.execution.nodes;
			const read = result.execution.nodes['Read Images'];
			const verdicts = inspect.values?.verdict ?? {};
			const ms = protect.executionTime + inspect.executionTime;
			sample = {
				ms,
				protectMs: protect.executionTime,
				inspectMs: inspect.executionTime,
				readMs: read.executionTime,
				wholeMs: result.execution.durationMs,
				roundTripMs: result.roundTripMs,
				items: inspect.items,
				verdicts,
				mockCpuMs: result.mockCpuMs,
				rssGrowth: result.rss?.growth,
			};
			await runner.deleteExecutions([result.execution.id]);
		} else {
			const cpuBefore = await mocks.cpuMs();
			const result = await runBaseline(ctx, {
				kind: 'protect-inspect',
				origin: mocks.origins.trustnxt,
				apiKey: ctx.trustNxtKeys.apiKey,
				apiSecret: ctx.trustNxtKeys.apiSecret,
				files: images.files,
			});
			sample = { ms: result.ms, protectMs: result.protectMs, inspectMs: result.inspectMs, items: result.items, verdicts: result.verdicts, mockCpuMs: (await mocks.cpuMs()) - cpuBefore };
		}
		const after = await usage();
		sample.protectCalls = after.protectCalls - before.protectCalls;
		sample.inspectCalls = after.inspectCalls - before.inspectCalls;
		if (sample.items !== images.files.length || sample.protectCalls !== images.files.length || sample.inspectCalls !== images.files.length || sample.verdicts.trusted !== images.files.length) {
			throw new Error(`${contender}: expected ${images.files.length} items, Protect and Inspect calls and "trusted" verdicts, got ${JSON.stringify(sample)}`);
		}
		sample.itemsPerS = sample.items / (sample.ms / 1000);
		samples[contender].push(sample);
		return sample;
	};
	for (let round_ = 0; round_ < settings.trustRounds; round_++) {
		for (const contender of rotate(Object.keys(samples), round_)) {
			const sample = await once(contender);
			progress(
				`case 3 round ${round_ + 1}/${settings.trustRounds} ${contender.padEnd(6)} ${round(sample.ms, 0)} ms = ${round(sample.itemsPerS, 1)} items/s` +
					` (Protect ${round(sample.protectMs, 0)} ms, Inspect ${round(sample.inspectMs, 0)} ms${sample.readMs !== undefined ? `, Read ${sample.readMs} ms, execution ${sample.wholeMs} ms` : ''})`,
			);
		}
	}
	const pick = (contender, key) => describe(samples[contender].map((sample) => sample[key]));
	const summary = {
		pack: { ms: pick('pack', 'ms'), itemsPerS: pick('pack', 'itemsPerS'), protectMs: pick('pack', 'protectMs'), inspectMs: pick('pack', 'inspectMs'), readMs: pick('pack', 'readMs'), wholeMs: pick('pack', 'wholeMs'), mockCpuMs: pick('pack', 'mockCpuMs'), rssGrowth: pick('pack', 'rssGrowth') },
		undici: { ms: pick('undici', 'ms'), itemsPerS: pick('undici', 'itemsPerS'), protectMs: pick('undici', 'protectMs'), inspectMs: pick('undici', 'inspectMs'), mockCpuMs: pick('undici', 'mockCpuMs') },
	};
	summary.ratios = { packVsUndici: summary.pack.itemsPerS.median / summary.undici.itemsPerS.median };
	if (samples.before) {
		summary.before = { ms: pick('before', 'ms'), itemsPerS: pick('before', 'itemsPerS'), protectMs: pick('before', 'protectMs'), inspectMs: pick('before', 'inspectMs'), rssGrowth: pick('before', 'rssGrowth') };
		// Protect + Inspect time now ÷ at the earlier commit (≤ 1: not slower), with the per-round ratios.
		summary.vsBefore = pairedRatio(samples, 'ms');
	}
	return { samples, summary };
}

module.exports = { benchTrustNxt, writeImages };
