'use strict';
// Case 2: upload 1 GiB and export (download) 1 GiB through the Trint node in n8n (filesystem
// binary mode), against curl and a raw node:http stream to the same mock, and against n8n's own
// HTTP Request node doing the same transfer, and against the ceiling (bench/ceiling: the pack's
// own requests through the same n8n helpers, no pack logic), and, when asked for, against the pack
// at an earlier commit (BENCH_BEFORE, bench/lib/before.js). Each n8n run samples the n8n process's RSS (growth = peak during the run − RSS just
// before it).

const fs = require('node:fs');
const path = require('node:path');
const { describe, mibPerSecond, progress, rotate, round, run, GiB } = require('./util');
const { runBaseline, curlUpload, curlDownload } = require('./baseline');
const { pairedRatio } = require('./before');

/** Flushes dirty pages so one run's writes do not slow the next one down. */
async function settleDisk() {
	await run('sync', []).catch(() => null);
}

/** What every n8n run of case 2 records beside the node time. */
function n8nRunFacts(result) {
	return {
		wholeMs: result.execution.durationMs,
		roundTripMs: result.roundTripMs,
		mockCpuMs: result.mockCpuMs,
		rss: result.rss,
		rssGrowth: result.rss.growth,
	};
}

async function benchUpload(ctx) {
	const { runner, mocks, flows, settings, media } = ctx;
	const samples = { pack: [], http: [], curl: [], node: [], ceiling: [], ...(flows.uploadBefore ? { before: [] } : {}) };
	const query = { filename: path.basename(media.file), language: 'en' };
	const lastUpload = async () => {
		const uploads = await mocks.call('media', 'GET', '/__mock/uploads');
		return uploads[uploads.length - 1];
	};
	const check = (upload, who) => {
		if (!upload || upload.bodyLength !== media.bytes || upload.bodySha256 !== media.sha256) {
			throw new Error(`${who}: the mock received ${upload?.bodyLength} bytes (sha256 ${upload?.bodySha256}), not the ${media.bytes}-byte file`);
		}
	};
	const once = async (contender) => {
		await settleDisk();
		await mocks.clearRequests('media');
		let sample;
		if (contender === 'pack' || contender === 'http' || contender === 'ceiling' || contender === 'before') {
			const flow = { pack: flows.upload, http: flows.uploadHttp, ceiling: flows.uploadCeiling, before: flows.uploadBefore }[contender];
			const result = await runner.execute(flow, { sampleRss: true, mocks });
			if (result.execution.status !== 'success') throw new Error(`${contender} upload run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			const upload = result.execution.nodes[{ pack: 'Upload', http: 'HTTP Upload', ceiling: 'Ceiling', before: 'Upload' }[contender]];
			const read = result.execution.nodes['Read File'];
			check(await lastUpload(), contender);
			sample = { ms: upload.executionTime, readMs: read.executionTime, ...n8nRunFacts(result) };
			await runner.deleteExecutions([result.execution.id]);
		} else if (contender === 'curl') {
			const result = await curlUpload({ origin: mocks.origins.media, user: ctx.trintUser, file: media.file, mimeType: media.mimeType, query });
			check(await lastUpload(), 'curl');
			sample = { ms: result.ms };
		} else {
			const result = await runBaseline(ctx, { kind: 'upload', origin: mocks.origins.media, authorization: ctx.trintAuthorization, file: media.file, mimeType: media.mimeType, query });
			check(await lastUpload(), 'node:http');
			sample = { ms: result.ms };
		}
		sample.mibPerS = mibPerSecond(media.bytes, sample.ms);
		samples[contender].push(sample);
		return sample;
	};
	await interleave(settings.mediaRounds, 'upload', once, Object.keys(samples), (sample) => `Read File ${sample.readMs} ms, execution ${sample.wholeMs} ms, RSS +${round(sample.rssGrowth / 1048576, 1)} MiB`);
	return summariseMedia(samples);
}

async function benchExport(ctx) {
	const { runner, mocks, flows, settings, media } = ctx;
	const samples = { pack: [], http: [], curl: [], node: [], ceiling: [], ...(flows.exportBefore ? { before: [] } : {}) };
	const exportPath = `/export/${media.exportFormat}/${encodeURIComponent(media.exportId)}`;
	const out = path.join(ctx.workDir, 'download.bin');
	const checkDownload = async (who) => {
		const downloads = (await mocks.requests('media')).filter((request) => request.path.startsWith('/__downloads/'));
		const last = downloads[downloads.length - 1];
		if (!last || last.status !== 200 || last.aborted || last.downloadSha256 !== media.exportSha256) {
			throw new Error(`${who}: the download was not served whole (${JSON.stringify(last ? { status: last.status, aborted: last.aborted, sha: last.downloadSha256 } : null)})`);
		}
	};
	const once = async (contender) => {
		fs.rmSync(out, { force: true });
		await settleDisk();
		await mocks.clearRequests('media');
		let sample;
		if (contender === 'pack' || contender === 'http' || contender === 'ceiling' || contender === 'before') {
			const result = await runner.execute({ pack: flows.export, http: flows.exportHttp, ceiling: flows.exportCeiling, before: flows.exportBefore }[contender], { sampleRss: true, mocks });
			if (result.execution.status !== 'success') throw new Error(`${contender} export run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			await checkDownload(contender);
			const nodes = result.execution.nodes;
			sample = {
				ms: contender === 'pack' || contender === 'before' ? nodes.Export.executionTime : contender === 'ceiling' ? nodes.Ceiling.executionTime : nodes['HTTP Export'].executionTime + nodes['HTTP Download'].executionTime,
				...n8nRunFacts(result),
			};
			await runner.deleteExecutions([result.execution.id]);
		} else if (contender === 'curl') {
			const result = await curlDownload({ origin: mocks.origins.media, user: ctx.trintUser, exportPath, out });
			if (result.bytes !== media.bytes) throw new Error(`curl wrote ${result.bytes} bytes`);
			await checkDownload('curl');
			sample = { ms: result.ms };
		} else {
			const result = await runBaseline(ctx, { kind: 'download', origin: mocks.origins.media, authorization: ctx.trintAuthorization, exportPath, out });
			if (result.bytes !== media.bytes) throw new Error(`node:http wrote ${result.bytes} bytes`);
			await checkDownload('node:http');
			sample = { ms: result.ms };
		}
		fs.rmSync(out, { force: true });
		sample.mibPerS = mibPerSecond(media.bytes, sample.ms);
		samples[contender].push(sample);
		return sample;
	};
	await interleave(settings.mediaRounds, 'export', once, Object.keys(samples), (sample) => `execution ${sample.wholeMs} ms, RSS +${round(sample.rssGrowth / 1048576, 1)} MiB`);
	return summariseMedia(samples);
}

/**
 * Upload from a URL, 1 GiB: the Trint node fetches the mock's media URL (with a Content-Length)
 * and streams it into the upload. n8n's RSS growth and the sha256 Trint received are checked
 * against the source's; beside it, curl piping the same URL into the same upload.
 */
async function benchUrlUpload(ctx) {
	const { runner, mocks, flows, settings, media } = ctx;
	const samples = { pack: [], curl: [], ...(flows.uploadUrlBefore ? { before: [] } : {}) };
	const source = await mocks.call('media', 'GET', `/__mock/media-sha256?name=${encodeURIComponent(media.urlName)}&bytes=${media.bytes}`);
	const lastUpload = async () => {
		const uploads = await mocks.call('media', 'GET', '/__mock/uploads');
		return uploads[uploads.length - 1];
	};
	const check = (upload, who) => {
		if (!upload || upload.bodyLength !== media.bytes || upload.bodySha256 !== source.sha256 || upload.contentLength !== media.bytes) {
			throw new Error(`${who}: the mock received ${upload?.bodyLength} bytes (sha256 ${upload?.bodySha256}, Content-Length ${upload?.contentLength}), not the ${media.bytes}-byte source`);
		}
	};
	for (let round_ = 0; round_ < settings.mediaRounds; round_++) {
		for (const contender of rotate(Object.keys(samples), round_)) {
			await mocks.clearRequests('media');
			let sample;
			if (contender === 'pack' || contender === 'before') {
				const result = await runner.execute(contender === 'pack' ? flows.uploadUrl : flows.uploadUrlBefore, { sampleRss: true, mocks });
				if (result.execution.status !== 'success') throw new Error(`${contender} URL upload run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
				check(await lastUpload(), contender);
				sample = { ms: result.execution.nodes.Upload.executionTime, ...n8nRunFacts(result) };
				await runner.deleteExecutions([result.execution.id]);
			} else {
				const result = await curlUrlUpload({ origin: mocks.origins.media, user: ctx.trintUser, url: media.url, bytes: media.bytes, query: { filename: media.urlName, language: 'en' } });
				check(await lastUpload(), 'curl');
				sample = { ms: result.ms };
			}
			sample.mibPerS = mibPerSecond(media.bytes, sample.ms);
			samples[contender].push(sample);
			progress(`case 2 url upload round ${round_ + 1}/${settings.mediaRounds} ${contender.padEnd(5)} ${round(sample.ms, 0)} ms = ${round(sample.mibPerS, 0)} MiB/s${sample.rss ? ` (RSS +${round(sample.rssGrowth / 1048576, 1)} MiB)` : ''}`);
		}
	}
	const pick = (contender, key) => describe(samples[contender].map((sample) => sample[key]));
	const summary = {
		pack: { ms: pick('pack', 'ms'), mibPerS: pick('pack', 'mibPerS'), wholeMs: pick('pack', 'wholeMs'), rssGrowth: pick('pack', 'rssGrowth') },
		curl: { ms: pick('curl', 'ms'), mibPerS: pick('curl', 'mibPerS') },
	};
	summary.ratios = { packVsCurl: summary.pack.mibPerS.median / summary.curl.mibPerS.median };
	summary.rssGrowthMax = summary.pack.rssGrowth.max;
	if (samples.before) {
		summary.before = { ms: pick('before', 'ms'), mibPerS: pick('before', 'mibPerS'), rssGrowth: pick('before', 'rssGrowth') };
		summary.vsBefore = pairedRatio(samples, 'ms');
	}
	const stripped = JSON.parse(JSON.stringify(samples));
	for (const contender of ['pack', 'before'].filter((name) => stripped[name])) {
		const worst = stripped[contender].reduce((a, b) => (!a || b.rssGrowth > a.rssGrowth ? b : a), null);
		for (const sample of stripped[contender]) if (sample !== worst && sample.rss) delete sample.rss.series;
	}
	return { samples: stripped, summary, sourceSha256: source.sha256 };
}

/**
 * curl fetching the URL and piping it into the upload with the same Content-Length. `-T -` streams
 * standard input (`--data-binary @-` would read all of it into memory first).
 */
async function curlUrlUpload({ origin, user, url, bytes, query }) {
	const qs = new URLSearchParams(query).toString();
	const script =
		`curl -sS --fail ${JSON.stringify(url)} | curl -sS --fail -X POST -u ${JSON.stringify(user)} ` +
		`-H 'Content-Type: audio/mpeg' -H 'Content-Length: ${bytes}' -H 'Transfer-Encoding:' -H 'Accept: application/json' -T - ${JSON.stringify(`${origin}/?${qs}`)} -o /dev/null`;
	const result = await run('bash', ['-o', 'pipefail', '-c', script]);
	if (result.code !== 0) throw new Error(`curl | curl exited with ${result.code}: ${result.stderr.slice(-300)}`);
	return { ms: result.ms };
}

/** `rounds` rounds of every contender, the order rotating each round; one progress line per run. */
async function interleave(rounds, label, once, contenders, n8nDetails) {
	for (let round_ = 0; round_ < rounds; round_++) {
		for (const contender of rotate(contenders, round_)) {
			const sample = await once(contender);
			progress(
				`case 2 ${label} round ${round_ + 1}/${rounds} ${contender.padEnd(5)} ${round(sample.ms, 0)} ms = ${round(sample.mibPerS, 0)} MiB/s` +
					(sample.rss ? ` (${n8nDetails(sample)})` : ''),
			);
		}
	}
}

function summariseMedia(samples) {
	const pick = (contender, key) => describe(samples[contender].map((sample) => sample[key]));
	const summary = {
		pack: { ms: pick('pack', 'ms'), mibPerS: pick('pack', 'mibPerS'), wholeMs: pick('pack', 'wholeMs'), readMs: pick('pack', 'readMs'), roundTripMs: pick('pack', 'roundTripMs'), rssGrowth: pick('pack', 'rssGrowth'), mockCpuMs: pick('pack', 'mockCpuMs') },
		http: { ms: pick('http', 'ms'), mibPerS: pick('http', 'mibPerS'), wholeMs: pick('http', 'wholeMs'), readMs: pick('http', 'readMs'), rssGrowth: pick('http', 'rssGrowth') },
		curl: { ms: pick('curl', 'ms'), mibPerS: pick('curl', 'mibPerS') },
		node: { ms: pick('node', 'ms'), mibPerS: pick('node', 'mibPerS') },
		ceiling: { ms: pick('ceiling', 'ms'), mibPerS: pick('ceiling', 'mibPerS'), rssGrowth: pick('ceiling', 'rssGrowth') },
	};
	summary.ratios = {
		packVsCurl: summary.pack.mibPerS.median / summary.curl.mibPerS.median,
		packVsNode: summary.pack.mibPerS.median / summary.node.mibPerS.median,
		packVsHttp: summary.pack.mibPerS.median / summary.http.mibPerS.median,
		// Time over the ceiling's time (1.05 = the pack takes 5 % longer than n8n's helpers alone).
		packTimeVsCeiling: summary.pack.ms.median / summary.ceiling.ms.median,
	};
	summary.rssGrowthMax = summary.pack.rssGrowth.max;
	if (samples.before) {
		summary.before = { ms: pick('before', 'ms'), mibPerS: pick('before', 'mibPerS'), rssGrowth: pick('before', 'rssGrowth') };
		// Time now ÷ time at the earlier commit (≤ 1: not slower), with the per-round ratios.
		summary.vsBefore = pairedRatio(samples, 'ms');
	}
	return { samples: stripSeries(samples), summary };
}

/** The RSS series stay in the JSON only for the run with the largest growth. */
function stripSeries(samples) {
	const copy = JSON.parse(JSON.stringify(samples));
	for (const contender of ['pack', 'http', 'ceiling', 'before'].filter((name) => copy[name])) {
		const withRss = copy[contender].filter((sample) => sample.rss);
		const worst = withRss.reduce((a, b) => (!a || b.rssGrowth > a.rssGrowth ? b : a), null);
		for (const sample of withRss) if (sample !== worst) delete sample.rss.series;
	}
	return copy;
}

/** A file of `bytes` deterministic bytes that starts like an MP3 (ID3 tag), written in chunks. */
async function writeMediaFile(file, bytes) {
	const kit = require('../../test/mocks/mock-kit');
	const crypto = require('node:crypto');
	const hash = crypto.createHash('sha256');
	const out = fs.createWriteStream(file);
	const source = kit.deterministicStream('bench-media', bytes);
	let first = true;
	for await (let chunk of source) {
		if (first) {
			chunk = Buffer.from(chunk);
			Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]).copy(chunk, 0);
			first = false;
		}
		hash.update(chunk);
		if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
	}
	await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
	return hash.digest('hex');
}

module.exports = { benchUpload, benchUrlUpload, benchExport, writeMediaFile, GiB };
