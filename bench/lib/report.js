'use strict';
// The results table (Markdown) and the raw JSON.

const { round, fmtMs, MiB } = require('./util');

const MB = 1000 * 1000;

const x = (ratio) => (typeof ratio === 'number' && Number.isFinite(ratio) ? `${round(ratio, 2)}×` : '–');
const mibs = (value) => (typeof value === 'number' ? `${round(value, 0)} MiB/s` : '–');
const mb = (bytes) => (typeof bytes === 'number' ? `${round(bytes / MB, 1)} MB` : '–');
const verdict = (ok) => (ok === null || ok === undefined ? 'info' : ok ? '**PASS**' : '**FAIL**');

/**
 * The row comparing a case with the pack at an earlier commit (BENCH_BEFORE): time now ÷ time
 * before, and the per-round paired ratios beside it as a view of the noise.
 */
function beforeRow(results, id, label, summary, show) {
	const before = results.meta?.before;
	if (!before || !summary?.vsBefore || !summary.before) return [];
	const { ratio, min, max } = summary.vsBefore;
	return [
		{
			id: `before-${id}`,
			case: `${label}: the pack now vs the pack at ${before.short} (time now ÷ time then)`,
			pack: show(summary.pack),
			baseline: `${before.short}: ${show(summary.before)}`,
			ratio: `${x(ratio)} (rounds ${round(min, 2)}–${round(max, 2)})`,
			target: '≤ 1.00× (not slower)',
			pass: ratio <= 1.0,
		},
	];
}

/** Rows: { id, case, pack, baseline, ratio, target, pass } (pass: true/false/null for info rows). */
function buildRows(results) {
	const rows = [];
	const { cases } = results;

	const list = cases.list;
	if (list?.summary) {
		const s = list.summary;
		const packRequests = s.pack.requests.median;
		const httpRequests = s.http.requests.median;
		rows.push({
			id: '1-requests',
			case: '1 Get Many, Return All, 100,000 transcripts: requests',
			pack: `${packRequests}`,
			baseline: `HTTP Request node: ${httpRequests}; undici loop: ${s.undici.requests.median}`,
			ratio: x(packRequests / httpRequests),
			target: '= 101 and ≤ HTTP Request',
			pass: packRequests === 101 && packRequests <= httpRequests,
		});
		rows.push({
			id: '1-vs-undici',
			case: '1 Get Many: pack node time vs raw undici loop',
			pack: fmtMs(s.pack.nodeMs.median),
			baseline: `undici loop: ${fmtMs(s.undici.ms.median)}`,
			ratio: x(s.ratios.packVsUndici),
			target: '≤ 1.10×',
			pass: s.ratios.packVsUndici <= 1.1,
		});
		rows.push({
			id: '1-vs-http',
			case: '1 Get Many: pack node time vs HTTP Request node (pagination, httpBasicAuth)',
			pack: fmtMs(s.pack.nodeMs.median),
			baseline: `HTTP Request node: ${fmtMs(s.http.nodeMs.median)}`,
			ratio: x(s.ratios.packVsHttp),
			target: '≤ 1.00× (at least as fast)',
			pass: s.ratios.packVsHttp <= 1.0,
		});
		if (s.ceiling?.nodeMs?.median) {
			rows.push({
				id: '1-vs-ceiling',
				case: '1 Get Many: pack node time vs the ceiling (the same 101 requests through the same n8n helper, no pack logic)',
				pack: fmtMs(s.pack.nodeMs.median),
				baseline: `ceiling: ${fmtMs(s.ceiling.nodeMs.median)} (${s.ceiling.requests.median} requests)`,
				ratio: x(s.ratios.packVsCeiling),
				target: '≤ 1.05×',
				pass: s.ratios.packVsCeiling <= 1.05,
			});
		}
		rows.push({
			id: '1-whole',
			case: '1 Get Many: whole execution (start→stop) / webhook round trip incl. saving the run',
			pack: `${fmtMs(s.pack.executionMs.median)} / ${fmtMs(s.pack.roundTripMs.median)}`,
			baseline: `HTTP Request: ${fmtMs(s.http.executionMs.median)} / ${fmtMs(s.http.roundTripMs.median)}`,
			ratio: x(s.pack.roundTripMs.median / s.http.roundTripMs.median),
			target: '–',
			pass: null,
		});
		rows.push({
			id: '1-overhead',
			case: '1 n8n per-execution overhead (Webhook-only workflow): execution / round trip',
			pack: `${fmtMs(s.empty.executionMs.median)} / ${fmtMs(s.empty.roundTripMs.median)}`,
			baseline: '–',
			ratio: `pack round trip − this = ${x(s.ratios.packRoundTripLessEmptyVsUndici)} undici`,
			target: '–',
			pass: null,
		});
		rows.push(...beforeRow(results, 'list', '1 Get Many, node time', s, (side) => fmtMs(side.nodeMs.median)));
	}

	for (const [key, label] of [
		['upload', 'Upload'],
		['export', 'Export/download'],
	]) {
		const media = cases[key];
		if (!media?.summary) continue;
		const s = media.summary;
		const n = 2;
		rows.push({
			id: `${n}-${key}-curl`,
			case: `${n} ${label} 1 GiB: throughput (node executionTime) vs curl`,
			pack: mibs(s.pack.mibPerS.median),
			baseline: `curl: ${mibs(s.curl.mibPerS.median)}`,
			ratio: x(s.ratios.packVsCurl),
			target: '≥ 0.80×',
			pass: s.ratios.packVsCurl >= 0.8,
		});
		rows.push({
			id: `${n}-${key}-node`,
			case: `${n} ${label} 1 GiB: vs raw node:http stream (second baseline)`,
			pack: mibs(s.pack.mibPerS.median),
			baseline: `node:http: ${mibs(s.node.mibPerS.median)}`,
			ratio: x(s.ratios.packVsNode),
			target: '–',
			pass: null,
		});
		rows.push({
			id: `${n}-${key}-http`,
			case: `${n} ${label} 1 GiB: vs n8n's HTTP Request node doing the same transfer (same n8n helpers)`,
			pack: mibs(s.pack.mibPerS.median),
			baseline: `HTTP Request: ${mibs(s.http.mibPerS.median)}`,
			ratio: x(s.ratios.packVsHttp),
			target: '–',
			pass: null,
		});
		if (s.ceiling?.ms?.median) {
			rows.push({
				id: `${n}-${key}-ceiling`,
				case: `${n} ${label} 1 GiB: pack time vs the ceiling (the pack's requests through the same n8n helpers, no pack logic)`,
				pack: `${fmtMs(s.pack.ms.median)} = ${mibs(s.pack.mibPerS.median)}`,
				baseline: `ceiling: ${fmtMs(s.ceiling.ms.median)} = ${mibs(s.ceiling.mibPerS.median)}`,
				ratio: x(s.ratios.packTimeVsCeiling),
				target: '≤ 1.05×',
				pass: s.ratios.packTimeVsCeiling <= 1.05,
			});
		}
		rows.push({
			id: `${n}-${key}-rss`,
			case: `${n} ${label} 1 GiB: n8n RSS growth during the workflow (worst run; median)`,
			pack: `${mb(s.pack.rssGrowth.max)} (${mb(s.pack.rssGrowth.median)})`,
			baseline: `HTTP Request: ${mb(s.http.rssGrowth.max)} (${mb(s.http.rssGrowth.median)})`,
			ratio: '–',
			target: '< 100 MB',
			pass: s.pack.rssGrowth.max < 100 * MB,
		});
		rows.push(...beforeRow(results, key, `${n} ${label} 1 GiB, node time`, s, (side) => `${fmtMs(side.ms.median)} = ${mibs(side.mibPerS.median)}; RSS +${mb(side.rssGrowth.max)}`));
	}

	const urlUpload = cases.urlUpload;
	if (urlUpload?.summary) {
		const s = urlUpload.summary;
		rows.push({
			id: '2-urlUpload-curl',
			case: '2 Upload from a URL 1 GiB (streamed, Content-Length): throughput vs curl piped into curl',
			pack: mibs(s.pack.mibPerS.median),
			baseline: `curl piped into curl: ${mibs(s.curl.mibPerS.median)}`,
			ratio: x(s.ratios.packVsCurl),
			target: '–',
			pass: null,
		});
		rows.push({
			id: '2-urlUpload-rss',
			case: '2 Upload from a URL 1 GiB: n8n RSS growth (worst run; median); sha256 received = source',
			pack: `${mb(s.pack.rssGrowth.max)} (${mb(s.pack.rssGrowth.median)})`,
			baseline: '–',
			ratio: '–',
			target: '< 100 MB',
			pass: s.pack.rssGrowth.max < 100 * MB,
		});
		rows.push(...beforeRow(results, 'urlUpload', '2 Upload from a URL 1 GiB, node time', s, (side) => `${fmtMs(side.ms.median)} = ${mibs(side.mibPerS.median)}; RSS +${mb(side.rssGrowth.max)}`));
	}

	const trust = cases.trustnxt;
	if (trust?.summary) {
		const s = trust.summary;
		rows.push({
			id: '3-trustnxt',
			case: `3 Protect + Inspect ${trust.images} images of ${round(trust.imageBytes / MB, 1)} MB: items/s (Protect + Inspect node time)`,
			pack: `${round(s.pack.itemsPerS.median, 1)} items/s`,
			baseline: `undici loop: ${round(s.undici.itemsPerS.median, 1)} items/s`,
			ratio: x(s.ratios.packVsUndici),
			target: 'none set (reported)',
			pass: null,
		});
		rows.push(
			...beforeRow(results, 'trustnxt', `3 Protect + Inspect ${trust.images} images, Protect + Inspect node time`, s, (side) => `${fmtMs(side.ms.median)} = ${round(side.itemsPerS.median, 1)} items/s`),
		);
	} else if (trust?.skipped) {
		rows.push({ id: '3-trustnxt', case: '3 Protect + Inspect 200 × 5 MB', pack: 'skipped', baseline: '–', ratio: '–', target: '–', pass: null, note: trust.skipped });
	}

	const c2pa = cases.c2pa;
	if (c2pa?.summary) {
		const s = c2pa.summary;
		const MiBf = (bytes) => `${round(bytes / MiB, 2)} MiB`;
		rows.push({
			id: '5-c2pa-jpegs',
			case: `5 Read Content Credentials, ${c2pa.jpegs} JPEGs (half signed): items/s; bytes read; RSS growth`,
			pack: `${round(s.jpegs.itemsPerS.median, 0)} items/s; ${MiBf(s.jpegs.bytesRead.median)} read; RSS +${mb(s.jpegs.rssGrowth.max)}`,
			baseline: `billed Inspect (local mock): ${round(s.inspect.itemsPerS.median, 1)} items/s`,
			ratio: x(s.ratios.readVsInspect),
			target: '≥ 100× Inspect',
			pass: s.ratios.readVsInspect >= 100,
		});
		if (s.noop) {
			rows.push({
				id: '5-c2pa-noop',
				case: `5 Read Content Credentials vs the floor: n8n's No Operation node over the same ${c2pa.jpegs} binary items`,
				pack: `${round(s.jpegs.itemsPerS.median, 0)} items/s`,
				baseline: `No Operation: ${round(s.noop.itemsPerS.median, 0)} items/s`,
				// The floor opens no file, so it is far ahead: say by how much rather than print 0×.
				ratio: s.ratios.readVsNoop > 0 ? `floor ${round(1 / s.ratios.readVsNoop, 0)}× faster` : '–',
				target: '–',
				pass: null,
			});
		}
		for (const delayMs of c2pa.delaysMs ?? []) {
			const ratio = s.ratios[`readVsInspect${delayMs}`];
			rows.push({
				id: `5-c2pa-inspect-${delayMs}`,
				case: `5 Read Content Credentials vs a billed Inspect ${delayMs} ms away (mock behind a ${delayMs} ms round trip, ${c2pa.delayedJpegs} JPEGs)`,
				pack: `${round(s.jpegs.itemsPerS.median, 0)} items/s`,
				baseline: `Inspect at ${delayMs} ms: ${round(s[`inspect${delayMs}`].itemsPerS.median, 1)} items/s`,
				ratio: x(ratio),
				target: '≥ 100× Inspect',
				pass: ratio >= 100,
			});
		}
		rows.push({
			id: '5-c2pa-mp4',
			case: `5 Read Content Credentials, one ${round(c2pa.mp4Bytes / MiB, 0)} MiB MP4, store before mdat: time; bytes read; RSS growth`,
			pack: `${fmtMs(s.mp4.ms.median)}; ${MiBf(s.mp4.bytesRead.median)} read; RSS +${mb(s.mp4.rssGrowth.max)}`,
			baseline: '–',
			ratio: '–',
			target: '< 1 MB read, < 20 MB RSS',
			pass: s.mp4.bytesRead.max < MB && s.mp4.rssGrowth.max < 20 * MB,
		});
		rows.push({
			id: '5-c2pa-mp4-tail',
			case: `5 same MP4 with the store after mdat (read through): time; bytes read; RSS growth`,
			pack: `${fmtMs(s.mp4Tail.ms.median)}; ${MiBf(s.mp4Tail.bytesRead.median)} read; RSS +${mb(s.mp4Tail.rssGrowth.max)}`,
			baseline: '–',
			ratio: '–',
			target: 'none set (reported)',
			pass: null,
		});
	} else if (c2pa?.skipped) {
		rows.push({ id: '5-c2pa', case: '5 Read Content Credentials', pack: 'skipped', baseline: '–', ratio: '–', target: '–', pass: null, note: c2pa.skipped });
	}

	const latency = cases.latency;
	if (latency?.byDelay && !latency.standalone) {
		const counts = latency.parallels ?? [];
		// The main table takes the rows with a round trip; every delay, 0 included, is in the case's own tables below.
		for (const { delayMs, summary } of latency.byDelay.filter((entry) => entry.delayMs > 0)) {
			const list = summary.list;
			if (list?.undici && list.http) {
				const undici = list.undici.ms.median;
				const http = list.http.ms.median;
				for (const count of counts) {
					const pack = list[`pack×${count}`].ms.median;
					const ratio = Math.max(pack / undici, pack / http);
					rows.push({
						id: `L-list-${delayMs}-${count}`,
						case: `L Get Many ${latency.transcripts.toLocaleString('en')} at a ${delayMs} ms round trip: pack Parallel Requests ${count} vs the undici loop and the HTTP Request node (pack Parallel Requests 1: ${fmtMs(list['pack×1'].ms.median)})`,
						pack: fmtMs(pack),
						baseline: `undici loop: ${fmtMs(undici)}; HTTP Request: ${fmtMs(http)}`,
						ratio: `${x(pack / undici)}; ${x(pack / http)}`,
						target: delayMs === 50 ? '≤ 0.35× both' : '–',
						pass: delayMs === 50 ? ratio <= 0.35 : null,
					});
				}
			}
			const trust = summary.trust;
			if (trust?.['pack×1']) {
				const sequential = trust['pack×1'].itemsPerS.median;
				for (const count of counts) {
					const parallel = trust[`pack×${count}`].itemsPerS.median;
					rows.push({
						id: `L-trustnxt-${delayMs}-${count}`,
						case: `L Protect + Inspect ${latency.images} images at a ${delayMs} ms round trip: Batch Concurrency ${count} vs 1 (HTTP Request one at a time: ${round(trust.http.itemsPerS.median, 1)} items/s; undici loop: ${round(trust.undici.itemsPerS.median, 1)} items/s)`,
						pack: `${round(parallel, 1)} items/s`,
						baseline: `Batch Concurrency 1: ${round(sequential, 1)} items/s`,
						ratio: x(parallel / sequential),
						target: '≥ 3×',
						pass: parallel / sequential >= 3,
					});
				}
			}
		}
		const memory = latency.memory;
		if (memory?.summary) {
			const s = memory.summary;
			rows.push({
				id: 'L-memory',
				case: `L ${memory.uploads} concurrent ${round(memory.bytes / MiB, 0)} MiB uploads (Batch Concurrency ${memory.uploads}, filesystem mode): n8n RSS growth, worst run (median)`,
				pack: `${mb(s.many.rssGrowth.max)} (${mb(s.many.rssGrowth.median)})`,
				baseline: `1 upload: ${mb(s.single.rssGrowth.max)} (${mb(s.single.rssGrowth.median)})`,
				ratio: x(s.many.rssGrowth.max / s.single.rssGrowth.median),
				target: `≤ ${memory.uploads} × 1 upload's median = ${mb(s.bound)}`,
				pass: s.pass,
			});
		}
	}

	const startup = cases.startup;
	if (startup?.summary) {
		const s = startup.summary;
		rows.push({
			id: '4-startup',
			case: `4 n8n start until /healthz: with vs without the pack (median of ${s.pack.healthzMs.n} interleaved starts each)`,
			pack: fmtMs(s.pack.healthzMs.median),
			baseline: `without: ${fmtMs(s.bare.healthzMs.median)}`,
			ratio: `${s.addedMs >= 0 ? '+' : ''}${round(s.addedMs, 0)} ms`,
			target: '< 50 ms added',
			pass: s.addedMs < 50,
		});
		const loaded = s.loaded;
		const heap = s.heap;
		rows.push({
			id: '4-modules',
			case: '4 pack modules n8n requires at start: files, JS bytes, load time; heap kept',
			pack: loaded ? `${loaded.files.length} files, ${round(loaded.jsBytes / 1024, 1)} KiB JS, ${round(loaded.topLevelLoadMs, 1)} ms` : '–',
			baseline: heap && !heap.error ? `heap kept: ${round(heap.packHeapDelta / 1024, 0)} KiB` : '–',
			ratio: '–',
			target: '–',
			pass: null,
		});
	}
	return rows;
}

function markdown(results) {
	const rows = buildRows(results);
	const meta = results.meta;
	const lines = [];
	lines.push('# n8n-nodes-trint-trustnxt benchmark');
	lines.push('');
	lines.push(
		`${meta.finishedAt} · ${meta.cpus} × ${meta.cpuModel} · ${round(meta.memoryBytes / 1024 ** 3, 1)} GiB RAM · ` +
			`n8n ${meta.n8nVersion} on Node ${meta.n8nNode} · bench on Node ${meta.benchNode} · ${meta.curl ?? 'curl: missing'} · ` +
			`pack ${meta.packVersion} (${meta.gitCommit}${meta.gitDirty ? ', uncommitted changes' : ''}) · ${round(meta.durationMs / 60000, 1)} min`,
	);
	lines.push('');
	lines.push('| Case | Pack | Baseline | Ratio | Target | Result |');
	lines.push('|---|---|---|---|---|---|');
	for (const row of rows) {
		lines.push(`| ${row.case} | ${row.pack} | ${row.baseline} | ${row.ratio} | ${row.target} | ${verdict(row.pass)} |`);
	}
	lines.push('');
	lines.push(
		`Medians of ${meta.settings.listRounds} (case 1), ${meta.settings.mediaRounds} (case 2), ${meta.settings.trustRounds} (case 3), ` +
			`${meta.settings.startupRounds} (case 4)${meta.settings.latency ? ` and ${meta.settings.latency.rounds} (case latency; its uploads ${meta.settings.latency.memoryRounds})` : ''} runs per contender, contenders interleaved round by round with the order rotating. ` +
			'Pack times are the node\'s `executionTime` from the run data; baselines run in their own Node 24 process (curl: its `time_total`). ' +
			'RSS: `/proc/<n8n pid>/status` VmRSS every 50 ms plus VmHWM after a `clear_refs` reset; growth = peak − RSS just before the webhook call. ' +
			'See bench/README.md for the method.',
	);
	if (meta.before) {
		lines.push(
			'',
			`Rows "now vs ${meta.before.short}": the pack at commit ${meta.before.commit} (\`BENCH_BEFORE=${meta.before.rev}\`), built from git and installed in the same n8n ` +
				`as \`${meta.before.name}\`, run on the same workflows and mocks, interleaved with the other contenders. Ratio = median time now ÷ median time then ` +
				'(≤ 1.00× = not slower); "rounds" = the lowest and highest of the per-round ratios (both run once in every round), a view of the noise.',
		);
	}
	const loads = Object.values(results.cases).flatMap((value) => (value?.loadavg ? [value.loadavg.before[0], value.loadavg.after[0]] : []));
	const peakLoad = loads.length ? Math.max(...loads) : 0;
	if (peakLoad > meta.cpus * 0.75) {
		lines.push(
			'',
			`Note: the machine was also busy with other work during this run (1-minute load average up to ${round(peakLoad, 1)} on ${meta.cpus} cores, ` +
				'see `loadavg` per case in latest.json). Absolute times suffer; the interleaved ratios much less.',
		);
	}
	if (meta.beforeError) lines.push('', `The pack at ${meta.settings.before} (BENCH_BEFORE) was left out: ${String(meta.beforeError).split('\n')[0]}`);
	if (results.cases.latency?.markdown) lines.push('', '## Round trips (case latency)', '', results.cases.latency.markdown.trimEnd());
	if (results.error) lines.push('', `**The benchmark stopped early:** ${String(results.error).split('\n')[0]}`);
	const skipped = Object.entries(results.cases).filter(([, value]) => value?.skipped);
	for (const [name, value] of skipped) lines.push('', `Skipped ${name}: ${value.skipped}`);
	const failures = Object.entries(results.cases).filter(([, value]) => value?.error);
	for (const [name, value] of failures) lines.push('', `**Case ${name} failed:** ${String(value.error).split('\n')[0]}`);

	if (results.diagnostics && Object.keys(results.diagnostics).length) {
		lines.push('', '## Diagnostics (one extra profiled run each, after the timed runs)', '');
		for (const diag of Object.values(results.diagnostics)) {
			if (diag.error) {
				lines.push(`- ${diag.label}: ${diag.error}`);
				continue;
			}
			lines.push(`### ${diag.label}`, '');
			lines.push(`Execution ${fmtMs(diag.executionMs)}, round trip ${fmtMs(diag.roundTripMs)}, mock CPU ${fmtMs(diag.mockCpuMs)}; CPU profile: \`${diag.profileFile}\`.`);
			if (diag.gc) {
				const gcText = Object.entries(diag.gc)
					.map(([kind, value]) => `${kind} ${value.count}× (${fmtMs(value.ms)} paused)`)
					.join(', ');
				lines.push('', `Garbage collections during the run: ${gcText || 'none'}; n8n heap in use afterwards ${round(diag.heapUsedAfter / MiB, 0)} MiB.`);
			}
			for (const [name, node] of Object.entries(diag.nodes)) {
				const categories = Object.entries(node.selfByCategory)
					.slice(0, 9)
					.map(([category, ms]) => `${category} ${round(ms, 0)}`)
					.join(', ');
				lines.push('', `- **${name}** (${fmtMs(node.executionTime)}), self time by owner, ms: ${categories}`);
				const inclusive = node.topInclusive
					.filter((entry) => !/processTicksAndRejections|runMicrotasks|listOnTimeout|processTimers/.test(entry.name))
					.slice(0, 8)
					.map((entry) => `\`${entry.name}\` ${round(entry.ms, 0)}`)
					.join(', ');
				lines.push(`  - most time on the stack, ms: ${inclusive}`);
				if (node.packInclusive.length) lines.push(`  - pack functions, ms on the stack: ${node.packInclusive.slice(0, 6).map((entry) => `\`${entry.name}\` ${round(entry.ms, 0)}`).join(', ')}`);
			}
			if (diag.memory) {
				const peaks = Object.entries(diag.memory.peaks)
					.map(([field, value]) => `${field} +${round(value.growth / MiB, 1)} MiB`)
					.join(', ');
				lines.push('', `- memoryUsage() inside n8n, growth of the peak over the start: ${peaks}`);
			}
			lines.push('');
		}
	}
	return `${lines.join('\n')}\n`;
}

module.exports = { buildRows, markdown };
