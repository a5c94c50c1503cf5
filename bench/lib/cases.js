'use strict';
// The cases. Each runs its contenders interleaved: round r runs every contender once, starting
// with a different one each round, so drift of the machine (other work, page cache, heat) hits
// them alike. Each returns { samples, rows }: a row is one line of the results table, with its
// target and PASS / FAIL (`pass` null: reported, no target).

const fs = require('node:fs');
const path = require('node:path');
const { describe, median, progress, rotate, round, run, MiB } = require('./util');
const { webhookWorkflow, trustNxtNode } = require('./flows');

const PAGE = 1000;
const MB = 1e6;

async function interleave(label, rounds, contenders, { warmUp = false } = {}) {
	const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
	if (warmUp) {
		progress(`${label}: warm-up, one run of each (not counted)`);
		for (const once of Object.values(contenders)) await once();
	}
	for (let index = 0; index < rounds; index++) {
		for (const name of rotate(Object.keys(contenders), index)) {
			const sample = await contenders[name]();
			samples[name].push(sample);
			const facts = Object.entries(sample).map(([key, value]) => `${key}=${round(value, 1)}`);
			progress(`${label} round ${index + 1}/${rounds} ${name}: ${facts.join(' ')}`);
		}
	}
	return samples;
}

const med = (samples, name, key) => median(samples[name].map((sample) => sample[key]));
const worst = (samples, name, key) => describe(samples[name].map((sample) => sample[key])).max;
const x = (value) => `${round(value, 2)}×`;
const ms = (value) => (value >= 10_000 ? `${round(value / 1000, 2)} s` : `${round(value, 0)} ms`);
const row = (name, pack, baseline, ratio, target, pass) => ({ name, pack, baseline, ratio, target, pass });

/** Node time of the named nodes (summed) and the run's memory growth. */
function nodeSample(result, names) {
	const nodes = result.execution.nodes;
	return { ms: names.reduce((sum, name) => sum + nodes[name].executionTime, 0), items: nodes[names[names.length - 1]].items, rssGrowth: result.rss.growth };
}

// ---------------------------------------------------------------------------------------------
// Get Many, Return All (case list) and the same at a network round trip (case latency)

function listContenders(ctx, flows) {
	const { runner, mocks } = ctx;
	const requests = async () => (await mocks.requests('list')).filter((request) => request.path.replace(/\/+$/, '') === '/transcripts').length;
	const inN8n = (flow, node) => async () => {
		await mocks.clearRequests('list');
		const sample = nodeSample(await runner.execute(flow), [node]);
		return { ...sample, requests: await requests() };
	};
	const contenders = {};
	for (const [name, [flow, node]] of Object.entries(flows)) contenders[name] = inN8n(flow, node);
	contenders.undici = async () => {
		await mocks.clearRequests('list');
		const result = await ctx.baseline({ kind: 'list', origin: mocks.origins.list, authorization: ctx.trintAuthorization, pageSize: PAGE });
		return { ms: result.ms, items: result.items, requests: await requests() };
	};
	return contenders;
}

function checkItems(samples, expected) {
	for (const [name, list] of Object.entries(samples)) {
		for (const sample of list) if (sample.items !== expected) throw new Error(`${name} gave ${sample.items} transcripts, not ${expected}`);
	}
}

async function benchList(ctx) {
	const { flows, settings } = ctx;
	const samples = await interleave('Get Many', settings.rounds.list, listContenders(ctx, { pack: [flows.listPack, 'Trint'], http: [flows.listHttp, 'HTTP Request'], ceiling: [flows.listCeiling, 'Ceiling'] }), { warmUp: true });
	checkItems(samples, settings.transcripts);
	const pack = med(samples, 'pack', 'ms');
	const expected = Math.floor(settings.transcripts / PAGE) + 1;
	const n = settings.transcripts.toLocaleString('en');
	return {
		samples,
		rows: [
			row(`Get Many, Return All, ${n} transcripts: requests`, med(samples, 'pack', 'requests'), `HTTP Request node: ${med(samples, 'http', 'requests')}; undici loop: ${med(samples, 'undici', 'requests')}`, '–', `= ${expected}`, med(samples, 'pack', 'requests') === expected),
			row('Get Many: node time vs a raw undici loop', ms(pack), `undici loop: ${ms(med(samples, 'undici', 'ms'))}`, x(pack / med(samples, 'undici', 'ms')), '≤ 1.10×', pack / med(samples, 'undici', 'ms') <= 1.1),
			row('Get Many: vs n8n\'s HTTP Request node (pagination, Basic auth)', ms(pack), `HTTP Request: ${ms(med(samples, 'http', 'ms'))}`, x(pack / med(samples, 'http', 'ms')), '≤ 1.00×', pack / med(samples, 'http', 'ms') <= 1),
			row('Get Many: vs the ceiling (same requests through n8n\'s helpers, no pack logic)', ms(pack), `ceiling: ${ms(med(samples, 'ceiling', 'ms'))}`, x(pack / med(samples, 'ceiling', 'ms')), '≤ 1.05×', pack / med(samples, 'ceiling', 'ms') <= 1.05),
		],
	};
}

async function benchLatency(ctx) {
	const { flows, settings, mocks } = ctx;
	const delay = settings.latencyMs;
	await mocks.latency('list', delay);
	try {
		const samples = await interleave(`Get Many at ${delay} ms`, settings.rounds.latency, listContenders(ctx, { pack: [flows.listParallel, 'Trint'], http: [flows.listHttp, 'HTTP Request'] }), { warmUp: true });
		checkItems(samples, settings.transcripts);
		const pack = med(samples, 'pack', 'ms');
		const [undici, http] = [med(samples, 'undici', 'ms'), med(samples, 'http', 'ms')];
		return {
			samples,
			rows: [
				row(`Get Many at a ${delay} ms round trip, Parallel Requests ${settings.parallel}: vs the undici loop`, ms(pack), `undici loop (one page after the other): ${ms(undici)}`, x(pack / undici), '≤ 0.35×', pack / undici <= 0.35),
				row(`Get Many at ${delay} ms: vs n8n's HTTP Request node`, ms(pack), `HTTP Request: ${ms(http)}`, x(pack / http), '≤ 0.35×', pack / http <= 0.35),
			],
		};
	} finally {
		await mocks.latency('list', 0);
	}
}

// ---------------------------------------------------------------------------------------------
// Upload and Export, 1 GiB, with n8n's memory growth

async function curl(args) {
	const result = await run('curl', ['-sS', '-w', '\n%{http_code} %{time_total}', ...args]);
	if (result.code !== 0) throw new Error(`curl failed (${result.code}): ${result.stderr}`);
	const lines = result.stdout.trimEnd().split('\n');
	const [status, seconds] = lines.pop().split(' ');
	return { status: Number(status), ms: Number(seconds) * 1000, body: lines.join('\n') };
}

function mediaRows(label, samples, bytes) {
	const speed = (name) => bytes / MiB / (med(samples, name, 'ms') / 1000);
	const pack = speed('pack');
	const growth = worst(samples, 'pack', 'rssGrowth');
	const rows = [
		row(`${label}: throughput vs n8n's HTTP Request node doing the same transfer`, `${round(pack, 0)} MiB/s`, `HTTP Request: ${round(speed('http'), 0)} MiB/s`, x(pack / speed('http')), '–', null),
		row(`${label}: time vs the ceiling (same requests through n8n's helpers)`, ms(med(samples, 'pack', 'ms')), `ceiling: ${ms(med(samples, 'ceiling', 'ms'))}`, x(med(samples, 'pack', 'ms') / med(samples, 'ceiling', 'ms')), '≤ 1.05×', med(samples, 'pack', 'ms') / med(samples, 'ceiling', 'ms') <= 1.05),
		row(`${label}: n8n's RSS growth (worst run)`, `${round(growth / MB, 1)} MB`, `HTTP Request: ${round(worst(samples, 'http', 'rssGrowth') / MB, 1)} MB`, '–', '< 100 MB', growth < 100 * MB),
	];
	if (samples.curl) rows.unshift(row(`${label}: throughput vs curl`, `${round(pack, 0)} MiB/s`, `curl: ${round(speed('curl'), 0)} MiB/s`, x(pack / speed('curl')), '≥ 0.80×', pack / speed('curl') >= 0.8));
	return rows;
}

async function benchUpload(ctx) {
	const { runner, mocks, flows, settings, media } = ctx;
	const check = async (who) => {
		const uploads = await mocks.call('media', 'GET', '/__mock/uploads');
		const last = uploads[uploads.length - 1];
		if (!last || last.bodyLength !== media.bytes || last.bodySha256 !== media.sha256) throw new Error(`${who}: the mock did not receive the ${media.bytes}-byte file whole`);
	};
	const inN8n = (flow, node) => async () => {
		await run('sync', []);
		const sample = nodeSample(await runner.execute(flow), [node]);
		await check(node);
		return sample;
	};
	const contenders = { pack: inN8n(flows.upload, 'Upload'), http: inN8n(flows.uploadHttp, 'HTTP Upload'), ceiling: inN8n(flows.uploadCeiling, 'Ceiling') };
	if (ctx.curl) {
		contenders.curl = async () => {
			await run('sync', []);
			// -T streams the file from disk; its URL needs a file part, so the real target goes in --request-target.
			const query = new URLSearchParams({ filename: path.basename(media.file), language: 'en' });
			const answer = await curl(['-X', 'POST', '-u', ctx.trintUser, '-H', 'content-type: audio/mpeg', '-H', 'Expect:', '-T', media.file, '--request-target', `/?${query}`, `${mocks.origins.media}/upload`]);
			if (answer.status !== 200) throw new Error(`curl upload → ${answer.status}`);
			await check('curl');
			return { ms: answer.ms };
		};
	}
	const samples = await interleave('Upload', settings.rounds.media, contenders);
	return { samples, rows: mediaRows(`Upload ${round(media.bytes / MiB, 0)} MiB`, samples, media.bytes) };
}

async function benchExport(ctx) {
	const { runner, mocks, flows, settings, media } = ctx;
	const check = async (who) => {
		const downloads = (await mocks.requests('media')).filter((request) => request.path.startsWith('/__downloads/'));
		const last = downloads[downloads.length - 1];
		if (!last || last.status !== 200 || last.aborted || last.downloadSha256 !== media.exportSha256) throw new Error(`${who}: the export was not downloaded whole`);
		await mocks.clearRequests('media');
	};
	const inN8n = (flow, nodes) => async () => {
		await run('sync', []);
		const sample = nodeSample(await runner.execute(flow), nodes);
		await check(nodes[0]);
		return sample;
	};
	const contenders = { pack: inN8n(flows.export, ['Export']), http: inN8n(flows.exportHttp, ['HTTP Export', 'HTTP Download']), ceiling: inN8n(flows.exportCeiling, ['Ceiling']) };
	if (ctx.curl) {
		contenders.curl = async () => {
			await run('sync', []);
			const out = path.join(ctx.workDir, 'export.bin');
			const api = await curl(['-u', ctx.trintUser, `${mocks.origins.media}${media.exportPath}`]);
			const file = await curl(['-o', out, JSON.parse(api.body).url]);
			if (file.status !== 200 || fs.statSync(out).size !== media.bytes) throw new Error('curl did not download the whole export');
			fs.rmSync(out);
			await check('curl');
			return { ms: api.ms + file.ms };
		};
	}
	const samples = await interleave('Export', settings.rounds.media, contenders);
	return { samples, rows: mediaRows(`Export ${round(media.bytes / MiB, 0)} MiB`, samples, media.bytes) };
}

// ---------------------------------------------------------------------------------------------
// Protect + Inspect, and Read Content Credentials

async function benchTrustNxt(ctx) {
	const { runner, mocks, flows, settings, images } = ctx;
	const count = images.files.length;
	const billed = async (fn) => {
		const before = await mocks.call('trustnxt', 'GET', '/__mock/usage');
		const sample = await fn();
		const after = await mocks.call('trustnxt', 'GET', '/__mock/usage');
		await mocks.clearRequests('trustnxt');
		const calls = [after.protectCalls - before.protectCalls, after.inspectCalls - before.inspectCalls];
		if (calls[0] !== count || calls[1] !== count || sample.trusted !== count) throw new Error(`expected ${count} Protect and Inspect calls and "trusted" verdicts, got ${calls.join(' and ')} calls, ${sample.trusted} trusted`);
		return { ms: sample.ms, itemsPerS: count / (sample.ms / 1000), ...(sample.rssGrowth === undefined ? {} : { rssGrowth: sample.rssGrowth }) };
	};
	const samples = await interleave('Protect + Inspect', settings.rounds.trustnxt, {
		pack: () =>
			billed(async () => {
				const result = await runner.execute(flows.protectInspect, { countValues: { Inspect: 'verdict' } });
				return { ...nodeSample(result, ['Protect', 'Inspect']), trusted: result.execution.nodes.Inspect.values.verdict.trusted };
			}),
		undici: () =>
			billed(async () => {
				const result = await ctx.baseline({ kind: 'protect-inspect', origin: mocks.origins.trustnxt, ...ctx.trustNxtKeys, files: images.files });
				return { ms: result.ms, trusted: result.verdicts.trusted };
			}),
	});
	const [pack, undici] = [med(samples, 'pack', 'itemsPerS'), med(samples, 'undici', 'itemsPerS')];
	const label = `Protect + Inspect, ${count} JPEGs of ${round(settings.imageBytes / MB, 1)} MB: items/s (the two nodes' time)`;
	return { samples, rows: [row(label, `${round(pack, 1)} items/s`, `undici loop: ${round(undici, 1)} items/s`, x(pack / undici), 'none set', null)] };
}

/** Sum of a numeric field over the items, from run-stats' value counts. */
const sumOf = (counts) => Object.entries(counts ?? {}).reduce((sum, [value, n]) => sum + Number(value) * n, 0);

async function benchC2pa(ctx) {
	const { runner, mocks, flows, settings, c2pa } = ctx;
	const node = 'Read Content Credentials';
	const read = (flow) => async () => {
		const result = await runner.execute(flow, { countValues: { [node]: 'bytesRead' } });
		const sample = nodeSample(result, [node]);
		return { ...sample, itemsPerS: sample.items / (Math.max(sample.ms, 1) / 1000), bytesRead: sumOf(result.execution.nodes[node].values?.bytesRead) };
	};
	const perItem = (flow, name, delayMs = 0) => async () => {
		if (delayMs) await mocks.latency('trustnxt', delayMs);
		try {
			const sample = nodeSample(await runner.execute(flow), [name]);
			return { ms: sample.ms, itemsPerS: sample.items / (Math.max(sample.ms, 1) / 1000) };
		} finally {
			if (delayMs) await mocks.latency('trustnxt', 0);
		}
	};
	const samples = await interleave('Read Content Credentials', settings.rounds.c2pa, {
		read: read(flows.c2paJpegs),
		inspect: perItem(flows.c2paInspect, 'Inspect'),
		[`inspect${settings.latencyMs}`]: perItem(flows.c2paInspectDelayed, 'Inspect', settings.latencyMs),
		noop: perItem(flows.c2paNoOp, 'No Operation'),
		mp4: read(flows.c2paMp4),
	});
	const speed = med(samples, 'read', 'itemsPerS');
	const inspect = med(samples, 'inspect', 'itemsPerS');
	const delayed = med(samples, `inspect${settings.latencyMs}`, 'itemsPerS');
	const [mp4Read, mp4Growth] = [worst(samples, 'mp4', 'bytesRead'), worst(samples, 'mp4', 'rssGrowth')];
	const jpegs = c2pa.jpegs.files.length;
	return {
		samples,
		rows: [
			row(`Read Content Credentials, ${jpegs} JPEGs (half signed): vs a billed Inspect against the local mock`, `${round(speed, 0)} items/s; ${round(med(samples, 'read', 'bytesRead') / MiB, 1)} MiB read`, `Inspect: ${round(inspect, 1)} items/s`, x(speed / inspect), '≥ 100×', speed / inspect >= 100),
			row(`Read Content Credentials: vs a billed Inspect ${settings.latencyMs} ms away (${c2pa.delayedJpegs.files.length} JPEGs)`, `${round(speed, 0)} items/s`, `Inspect at ${settings.latencyMs} ms: ${round(delayed, 1)} items/s`, x(speed / delayed), '–', null),
			row('Read Content Credentials: vs the floor, n8n\'s No Operation node on the same items', `${round(speed, 0)} items/s`, `No Operation: ${round(med(samples, 'noop', 'itemsPerS'), 0)} items/s`, '–', '–', null),
			row(`Read Content Credentials, one ${round(settings.mp4Bytes / MiB, 0)} MiB MP4, store before mdat: bytes read; RSS growth (worst run)`, `${round(mp4Read / MiB, 2)} MiB read; RSS +${round(mp4Growth / MB, 1)} MB`, '–', '–', '< 1 MiB read, < 20 MB RSS', mp4Read < MiB && mp4Growth < 20 * MB),
		],
	};
}

// ---------------------------------------------------------------------------------------------
// Verify Content Credentials, and Protect + Inspect on n8n's queue mode

async function benchVerify(ctx) {
	const { runner, flows, settings, verify } = ctx;
	const inN8n = (flow, node, verdicts) => async () => {
		const result = await runner.execute(flow, verdicts ? { countValues: { [node]: 'validationState' } } : {});
		const sample = nodeSample(result, [node]);
		const states = result.execution.nodes[node].values?.validationState ?? {};
		return { ...sample, itemsPerS: sample.items / (Math.max(sample.ms, 1) / 1000), ...(verdicts ? { verified: (states.Valid ?? 0) + (states.Trusted ?? 0) } : {}) };
	};
	const samples = await interleave('Verify Content Credentials', settings.rounds.verify, {
		mp4: inN8n(flows.verifyMp4, 'Verify', true),
		sha256sum: async () => {
			const result = await run('sha256sum', [verify.mp4]);
			if (result.code !== 0) throw new Error(`sha256sum failed: ${result.stderr}`);
			return { ms: result.ms };
		},
		jpegs: inN8n(flows.verifyJpegs, 'Verify', true),
		read: inN8n(flows.verifyRead, 'Read Content Credentials'),
		noop: inN8n(flows.verifyNoOp, 'No Operation'),
	}, { warmUp: true });
	const jpegs = verify.jpegs.files.length;
	const allVerified = (name, n) => samples[name].every((sample) => sample.verified === n);
	const mib = settings.verifyMp4Bytes / MiB;
	const [speed, sha] = [mib / (med(samples, 'mp4', 'ms') / 1000), mib / (med(samples, 'sha256sum', 'ms') / 1000)];
	const growth = worst(samples, 'mp4', 'rssGrowth');
	const perS = med(samples, 'jpegs', 'itemsPerS');
	const verdicts = (name, n) => (allVerified(name, n) ? 'every verdict Valid or Trusted' : `verdicts not Valid/Trusted: ${samples[name].map((sample) => n - sample.verified).join(', ')} per run`);
	return {
		samples,
		rows: [
			row(`Verify Content Credentials, one ${round(mib, 0)} MiB MP4 (c2pa.hash.bmff, test CA as anchor): throughput vs sha256sum; ${verdicts('mp4', 1)}`, `${round(speed, 0)} MiB/s`, `sha256sum: ${round(sha, 0)} MiB/s`, x(speed / sha), '≥ 0.80×, verdict checked', speed / sha >= 0.8 && allVerified('mp4', 1)),
			row('Verify Content Credentials, the MP4: n8n\'s RSS growth (worst run)', `${round(growth / MB, 1)} MB`, '–', '–', '< 64 MB', growth < 64 * MB),
			row(`Verify Content Credentials, ${jpegs} signed JPEGs: items/s; ${verdicts('jpegs', jpegs)}`, `${round(perS, 0)} items/s`, `Read Content Credentials: ${round(med(samples, 'read', 'itemsPerS'), 0)} items/s; No Operation (the floor): ${round(med(samples, 'noop', 'itemsPerS'), 0)} items/s`, '–', '≥ 300 items/s, verdicts checked', perS >= 300 && allVerified('jpegs', jpegs)),
		],
	};
}

async function benchQueue(ctx) {
	const { settings, mocks, credentials } = ctx;
	const { QueueTopology } = require('../../test/e2e/harness/topology');
	const [n, concurrency] = [settings.queueExecutions, settings.queueConcurrency];
	const tnxt = (name, operation) => trustNxtNode(name, { resource: 'asset', operation, binaryPropertyName: 'data', ...(operation === 'protect' ? { metadata: {} } : {}), options: {} }, credentials.trustnxt);
	const flow = webhookWorkflow('queue', 'bench-queue', [tnxt('Protect', 'protect'), tnxt('Inspect', 'inspect')], 'onReceived');
	progress(`queue mode: Postgres, Redis, main and 2 workers (concurrency ${concurrency} each)`);
	const topo = await QueueTopology.start({ tarball: ctx.tarball, workers: 2, concurrency });
	try {
		await topo.main.importCredentials([credentials.trustnxt]);
		await topo.main.importWorkflows([flow]);
		await topo.main.activate([flow.id]);
		await topo.startAll();
		const bodies = ctx.queueImages.files.map((file) => fs.readFileSync(file));
		const once = (workers) => async () => {
			const running = Boolean(topo.worker(1) && !topo.worker(1).done);
			if (workers === 1 && running) await topo.stopWorker(1);
			if (workers === 2 && !running) await topo.startWorker(1);
			const [seen, before] = [(await topo.executions({ workflowId: flow.id, withData: false })).length, await mocks.call('trustnxt', 'GET', '/__mock/usage')];
			await mocks.latency('trustnxt', settings.latencyMs);
			const started = performance.now();
			let list;
			try {
				const answers = await Promise.all(bodies.map((body, index) => fetch(`${topo.main.baseUrl}/webhook/${flow.webhookPath}`, { method: 'POST', headers: { 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename="photo-${index}.jpg"` }, body }).then((response) => response.text().then(() => response.status))));
				if (answers.some((status) => status !== 200)) throw new Error(`main answered ${answers.filter((status) => status !== 200).join(', ')} to some webhooks`);
				for (const deadline = Date.now() + 15 * 60 * 1000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
					list = (await topo.executions({ workflowId: flow.id, withData: false })).slice(seen);
					if (list.length >= n && list.every((execution) => ['success', 'error', 'crashed', 'canceled'].includes(execution.status))) break;
					if (Date.now() > deadline) throw new Error(`${list.length} of ${n} executions finished in 15 min`);
				}
			} finally {
				await mocks.latency('trustnxt', 0);
			}
			const ms = performance.now() - started;
			const after = await mocks.call('trustnxt', 'GET', '/__mock/usage');
			await mocks.clearRequests('trustnxt');
			const clean = list.length === n && list.every((execution) => execution.status === 'success') && after.protectCalls - before.protectCalls === n && after.inspectCalls - before.inspectCalls === n;
			if (!clean) progress(`queue mode, ${workers} worker(s): ${list.filter((execution) => execution.status !== 'success').length} executions failed; billed ${after.protectCalls - before.protectCalls} + ${after.inspectCalls - before.inspectCalls}`);
			return { ms, perS: n / (ms / 1000), clean: clean ? 1 : 0 };
		};
		const samples = await interleave('Queue mode', settings.rounds.queue, { one: once(1), two: once(2) });
		const [one, two] = [med(samples, 'one', 'perS'), med(samples, 'two', 'perS')];
		const clean = (name) => samples[name].every((sample) => sample.clean);
		const what = `${n} executions (one 100 kB JPEG each, Protect + Inspect at a ${settings.latencyMs} ms round trip), webhook → queue, worker concurrency ${concurrency}, 2 cores`;
		return {
			samples,
			rows: [
				row(`Queue mode, 1 worker: ${what}: executions/s; all succeed, billed ${n} + ${n}`, `${round(one, 2)} executions/s`, '–', '–', 'every run clean', clean('one')),
				row(`Queue mode, 2 workers: the same: executions/s; all succeed, billed ${n} + ${n}`, `${round(two, 2)} executions/s`, '–', '–', 'every run clean', clean('two')),
				row('Queue mode: 2 workers vs 1', `${round(two, 2)} executions/s`, `1 worker: ${round(one, 2)} executions/s`, x(two / one), '≥ 1.8×', two / one >= 1.8 && clean('one') && clean('two')),
			],
		};
	} finally {
		await mocks.latency('trustnxt', 0).catch(() => null);
		await topo.stop();
	}
}

module.exports = { benchList, benchLatency, benchUpload, benchExport, benchTrustNxt, benchC2pa, benchVerify, benchQueue };
