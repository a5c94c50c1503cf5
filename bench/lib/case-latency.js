'use strict';
// Case "latency": Get Many over 100,000 transcripts when every request pays a network round trip.
// The mocks add the round trip (mock-kit latency: 0, 50, 150 ms by default) and, at each delay,
// these contenders read the whole list, interleaved round by round, each run in a fresh process
// on the Node that runs n8n:
//   undici      – the raw sequential undici loop (baseline-worker.js, the same as case 1's);
//   pages×1     – the pack's page scheduler (dist/nodes/shared/pages.js) one page at a time;
//   pages×N     – the same scheduler with N pages in flight (N = 4 and 6 by default).
// The scheduler runs standalone here, over undici, so the rows show what keeping pages in flight
// is worth before any n8n cost; the pack's own rows inside n8n belong beside them once Get Many
// uses it.
//
//   node bench/lib/case-latency.js            (after `npm run build`; prints the table)
// Knobs: BENCH_LATENCIES (ms list, default 0,50,150), BENCH_LATENCY_ROUNDS (default 3),
// BENCH_LATENCY_PARALLEL (list, default 4,6), BENCH_TRANSCRIPTS (default 100000).

const path = require('node:path');
const { describe, round, rotate, progress, run } = require('./util');
const { runBaseline } = require('./baseline');

const PAGE = 1000;
const PAGES_MODULE = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'shared', 'pages.js');

function numberList(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const values = raw.split(',').map((value) => Number(value.trim()));
	if (values.some((value) => !Number.isFinite(value) || value < 0)) throw new Error(`${name} must be a comma-separated list of numbers`);
	return values;
}

/** Runs this file as a worker: one Get Many through the scheduler, timed after start-up. */
async function runScheduler(nodeBin, task) {
	const result = await run(nodeBin, ['--no-warnings', __filename, '--worker', JSON.stringify(task)], { env: process.env });
	const line = result.stdout.trim().split('\n').pop() || '';
	let parsed;
	try {
		parsed = JSON.parse(line);
	} catch {
		throw new Error(`the scheduler worker printed no result (exit ${result.code}):\n${result.stdout}${result.stderr}`);
	}
	if (!parsed.ok) throw new Error(`the scheduler worker failed: ${parsed.error}`);
	return parsed;
}

async function benchLatency(ctx = {}) {
	const { startMocks } = require('./mocks');
	const { TRINT_FIXTURES } = require('../../test/mocks/trint-mock');
	const nodeBin = ctx.runtime?.nodeBin ?? process.execPath;
	const delays = numberList('BENCH_LATENCIES', [0, 50, 150]);
	const parallels = numberList('BENCH_LATENCY_PARALLEL', [4, 6]);
	const rounds = numberList('BENCH_LATENCY_ROUNDS', [3])[0];
	const transcripts = ctx.settings?.seedTranscripts ?? numberList('BENCH_TRANSCRIPTS', [100_000])[0];
	const authorization = `Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`;

	progress(`latency: starting a mock with ${transcripts} transcripts`);
	const mocks = await startMocks({ nodeBin, seedTranscripts: transcripts });
	try {
		const origin = mocks.origins.list;
		const listRequests = async () => (await mocks.requests('list')).filter((entry) => entry.path.replace(/\/+$/, '') === '/transcripts').length;
		const contenders = ['undici', 'pages×1', ...parallels.map((parallel) => `pages×${parallel}`)];
		const once = async (contender) => {
			await mocks.clearRequests('list');
			const result =
				contender === 'undici'
					? await runBaseline({ runtime: { nodeBin } }, { kind: 'list', origin, authorization, pageSize: PAGE })
					: await runScheduler(nodeBin, { origin, authorization, pageSize: PAGE, parallel: Number(contender.slice('pages×'.length)) });
			if (result.items !== transcripts) throw new Error(`${contender} read ${result.items} transcripts, not ${transcripts}`);
			return { ms: result.ms, items: result.items, requests: await listRequests() };
		};

		const byDelay = [];
		for (const delayMs of delays) {
			await mocks.call('list', 'POST', '/__mock/latency', { ms: delayMs });
			const samples = Object.fromEntries(contenders.map((contender) => [contender, []]));
			progress(`latency ${delayMs} ms: warm-up`);
			for (const contender of contenders) await once(contender);
			for (let index = 0; index < rounds; index++) {
				for (const contender of rotate(contenders, index)) {
					const sample = await once(contender);
					samples[contender].push(sample);
					progress(`latency ${delayMs} ms round ${index + 1}/${rounds} ${contender.padEnd(8)} ${round(sample.ms, 0)} ms requests=${sample.requests}`);
				}
			}
			const summary = Object.fromEntries(
				contenders.map((contender) => [
					contender,
					{ ms: describe(samples[contender].map((sample) => sample.ms)), requests: describe(samples[contender].map((sample) => sample.requests)) },
				]),
			);
			const undiciMs = summary.undici.ms.median;
			for (const contender of contenders) summary[contender].vsUndici = summary[contender].ms.median / undiciMs;
			byDelay.push({ delayMs, samples, summary });
		}
		await mocks.call('list', 'POST', '/__mock/latency', { ms: 0 });
		const result = { transcripts, pageSize: PAGE, rounds, delays, contenders, byDelay };
		result.markdown = markdown(result);
		progress(`latency table:\n${result.markdown}`);
		return result;
	} finally {
		await mocks.stop();
	}
}

function markdown({ transcripts, contenders, byDelay, rounds }) {
	const lines = [
		`Get Many, Return All over ${transcripts.toLocaleString('en')} transcripts (pages of ${PAGE}), medians of ${rounds}; time relative to the sequential undici loop`,
		'',
		`| round trip | ${contenders.join(' | ')} |`,
		`|---|${contenders.map(() => '---').join('|')}|`,
	];
	for (const { delayMs, summary } of byDelay) {
		const cells = contenders.map((contender) => {
			const entry = summary[contender];
			return `${round(entry.ms.median, 0)} ms (${round(entry.vsUndici, 2)}×, ${entry.requests.median} req)`;
		});
		lines.push(`| ${delayMs} ms | ${cells.join(' | ')} |`);
	}
	return `${lines.join('\n')}\n`;
}

/** The worker: the whole list through the pack's scheduler over undici, like the sequential loop. */
async function worker(task) {
	const { request, Agent } = require('undici');
	const { pagesInOrder } = require(PAGES_MODULE);
	const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
	const started = performance.now();
	const all = [];
	let requests = 0;
	const fetchPage = async (skip, limit) => {
		requests++;
		const response = await request(`${task.origin}/transcripts/?limit=${limit}&skip=${skip}`, {
			method: 'GET',
			headers: { authorization: task.authorization, accept: 'application/json' },
			dispatcher,
		});
		const text = await response.body.text();
		if (response.statusCode !== 200) throw new Error(`GET /transcripts/ → ${response.statusCode}: ${text}`);
		return JSON.parse(text);
	};
	for await (const page of pagesInOrder({ fetchPage, pageSize: task.pageSize, parallel: task.parallel })) {
		for (const entry of page.entries) all.push(entry);
	}
	const ms = performance.now() - started;
	await dispatcher.close();
	return { ms, requests, items: all.length };
}

if (require.main === module) {
	if (process.argv[2] === '--worker') {
		worker(JSON.parse(process.argv[3]))
			.then((result) => process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`))
			.catch((error) => {
				process.stdout.write(`${JSON.stringify({ ok: false, error: error.stack || error.message })}\n`);
				process.exit(1);
			});
	} else {
		benchLatency()
			.then((result) => process.stdout.write(`\n${result.markdown}`))
			.catch((error) => {
				process.stderr.write(`${error.stack || error.message}\n`);
				process.exit(1);
			});
	}
}

module.exports = { benchLatency };
