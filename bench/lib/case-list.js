'use strict';
// Case 1: Transcript → Get Many, Return All over 100,000 transcripts.
// Contenders, interleaved round by round (the order rotates every round):
//   pack   – the Trint node in n8n (node executionTime from the run data);
//   http   – n8n's HTTP Request node 4.2 with its pagination and an httpBasicAuth credential;
//   undici – a raw undici loop over the same pages, in its own Node 24 process;
//   empty  – a workflow with only the Webhook trigger: n8n's own cost of one execution;
//   ceiling – bench/ceiling's node: the pack's requests through the same n8n helpers, no pack logic;
//   before – the pack at an earlier commit (BENCH_BEFORE, bench/lib/before.js), when asked for.

const { describe, median, round, rotate, progress } = require('./util');
const { runBaseline } = require('./baseline');
const { pairedRatio } = require('./before');

const PAGE = 1000;

async function benchList(ctx) {
	const { runner, mocks, flows, settings } = ctx;
	const samples = { pack: [], http: [], undici: [], empty: [], ceiling: [] };
	const contenders = ['pack', 'http', 'undici', 'empty', 'ceiling'];
	if (flows.listPackBefore) {
		samples.before = [];
		contenders.push('before');
	}
	const listRequests = async () => (await mocks.requests('list')).filter((request) => request.path.replace(/\/+$/, '') === '/transcripts').length;

	const once = async (contender, { record = true } = {}) => {
		await mocks.clearRequests('list');
		let sample;
		if (contender === 'undici') {
			const cpuBefore = await mocks.cpuMs();
			const result = await runBaseline(ctx, { kind: 'list', origin: mocks.origins.list, authorization: ctx.trintAuthorization, pageSize: PAGE });
			sample = { ms: result.ms, requests: await listRequests(), items: result.items, mockCpuMs: (await mocks.cpuMs()) - cpuBefore };
		} else {
			const flow = flows[{ pack: 'listPack', http: 'listHttp', empty: 'empty', ceiling: 'listCeiling', before: 'listPackBefore' }[contender]];
			const result = await runner.execute(flow, { sampleRss: true, mocks });
			const nodeName = { pack: 'Trint', http: 'HTTP Request', empty: 'Webhook', ceiling: 'Ceiling', before: 'Trint' }[contender];
			const node = result.execution.nodes[nodeName] || {};
			if (result.execution.status !== 'success') throw new Error(`${contender} run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			sample = {
				ms: node.executionTime,
				wholeMs: result.execution.durationMs,
				roundTripMs: result.roundTripMs,
				requests: contender === 'empty' ? 0 : await listRequests(),
				items: node.items,
				mockCpuMs: result.mockCpuMs,
				rssGrowth: result.rss?.growth,
				runDataBytes: result.execution.dataBytes,
				executionId: result.execution.id,
			};
			await runner.deleteExecutions([result.execution.id]);
		}
		if (record) samples[contender].push(sample);
		return sample;
	};

	progress('case 1: warm-up (one run of each, not counted)');
	for (const contender of contenders) await once(contender, { record: false });
	for (let round = 0; round < settings.listRounds; round++) {
		for (const contender of rotate(contenders, round)) {
			const sample = await once(contender);
			progress(
				`case 1 round ${round + 1}/${settings.listRounds} ${contender.padEnd(6)} ${round1(sample.ms)} ms` +
					(sample.wholeMs !== undefined ? ` (execution ${sample.wholeMs} ms, round trip ${round1(sample.roundTripMs)} ms)` : '') +
					` requests=${sample.requests} items=${sample.items}`,
			);
		}
	}

	for (const contender of contenders.filter((name) => name !== 'empty')) {
		for (const sample of samples[contender]) {
			if (sample.items !== 100_000 && ctx.settings.seedTranscripts === 100_000) throw new Error(`${contender} returned ${sample.items} items, not 100,000`);
		}
	}
	const pick = (contender, key) => describe(samples[contender].map((sample) => sample[key]));
	const summary = {
		pack: { nodeMs: pick('pack', 'ms'), executionMs: pick('pack', 'wholeMs'), roundTripMs: pick('pack', 'roundTripMs'), requests: pick('pack', 'requests'), mockCpuMs: pick('pack', 'mockCpuMs'), rssGrowth: pick('pack', 'rssGrowth'), runDataBytes: pick('pack', 'runDataBytes') },
		http: { nodeMs: pick('http', 'ms'), executionMs: pick('http', 'wholeMs'), roundTripMs: pick('http', 'roundTripMs'), requests: pick('http', 'requests'), mockCpuMs: pick('http', 'mockCpuMs'), rssGrowth: pick('http', 'rssGrowth') },
		undici: { ms: pick('undici', 'ms'), requests: pick('undici', 'requests'), mockCpuMs: pick('undici', 'mockCpuMs') },
		empty: { executionMs: pick('empty', 'wholeMs'), roundTripMs: pick('empty', 'roundTripMs') },
		ceiling: { nodeMs: pick('ceiling', 'ms'), requests: pick('ceiling', 'requests') },
	};
	if (samples.before) summary.before = { nodeMs: pick('before', 'ms'), executionMs: pick('before', 'wholeMs'), requests: pick('before', 'requests'), rssGrowth: pick('before', 'rssGrowth') };
	const packMs = summary.pack.nodeMs.median;
	summary.ratios = {
		packVsUndici: packMs / summary.undici.ms.median,
		packVsHttp: packMs / summary.http.nodeMs.median,
		packVsCeiling: packMs / summary.ceiling.nodeMs.median,
		// The pack's share of a whole run: the round trip less what an empty workflow costs.
		packRoundTripLessEmptyVsUndici: (summary.pack.roundTripMs.median - summary.empty.roundTripMs.median) / summary.undici.ms.median,
	};
	// Node time now ÷ node time at the earlier commit (≤ 1: not slower), with the per-round ratios.
	if (samples.before) summary.vsBefore = pairedRatio(samples, 'ms');
	return { samples, summary };
}

function round1(value) {
	return value === undefined || value === null ? '–' : round(value, 0);
}

/** Median requests of a contender (used by the report). */
function medianRequests(samples) {
	return median(samples.map((sample) => sample.requests));
}

module.exports = { benchList, medianRequests };
