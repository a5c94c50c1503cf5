'use strict';
// The mock APIs for the benchmark, in a process of their own so that neither n8n nor the baseline
// clients share an event loop with the servers they measure:
//   node bench/lib/mock-server.js '{"seedTranscripts":100000}'
// Starts three servers on 127.0.0.1 and prints one JSON line with their origins:
//   list     – a Trint mock holding only the seeded transcripts (Get Many); nothing else touches
//              it, so every run sees exactly the same 100 full pages and the empty one;
//   media    – a second Trint mock for uploads and large exports;
//   trustnxt – the TrustNXT mock;
//   trustnxtDelay<ms> – for each of `inspectDelaysMs`, a proxy in front of the TrustNXT mock that
//              answers every request only <ms> after it has arrived whole: one network round
//              trip to a remote service (connection set-up, TLS and upload bandwidth not modelled,
//              so the real service is slower still);
//   stats    – this process's CPU time and memory (GET /), so a run can tell how much of its
//              time the mock itself was busy.
// Ends on SIGTERM/SIGINT, or when the process that started it is gone (the harness watchdog,
// preloaded with -r, takes care of that).

const http = require('node:http');
const { startTrintMock } = require('../../test/mocks/trint-mock');
const { startTrustNxtMock } = require('../../test/mocks/trustnxt-mock');

/** A proxy to `target` that holds each request `delayMs` after its body has arrived, then forwards it. */
async function startDelayProxy(target, delayMs) {
	const upstream = new URL(target);
	const agent = new http.Agent({ keepAlive: true });
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			setTimeout(() => {
				const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
					res.writeHead(answer.statusCode, answer.headers);
					answer.pipe(res);
				});
				forward.on('error', (error) => {
					if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
					res.end(`delay proxy: ${error.message}`);
				});
				forward.end(Buffer.concat(chunks));
			}, delayMs);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function main() {
	const options = JSON.parse(process.argv[2] || '{}');
	const list = await startTrintMock({ port: 0, processingMs: 0 });
	const media = await startTrintMock({ port: 0, processingMs: 0 });
	// 5 MB images and their protected copies stay far below this; the default would do as well.
	const trustnxt = await startTrustNxtMock({ port: 0, maxFileBytes: 64 * 1024 * 1024 });
	const delayed = {};
	for (const delayMs of options.inspectDelaysMs || []) delayed[`trustnxtDelay${delayMs}`] = await startDelayProxy(trustnxt.origin, Number(delayMs));
	if (options.seedTranscripts) list.seedTranscripts(Number(options.seedTranscripts), { titlePrefix: 'Bench interview ' });

	const stats = http.createServer((req, res) => {
		const body = JSON.stringify({ cpu: process.cpuUsage(), memory: process.memoryUsage(), pid: process.pid, at: Date.now() });
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
		res.end(body);
	});
	await new Promise((resolve) => stats.listen(0, '127.0.0.1', resolve));

	process.stdout.write(
		`${JSON.stringify({
			list: list.origin,
			media: media.origin,
			trustnxt: trustnxt.origin,
			...Object.fromEntries(Object.entries(delayed).map(([name, proxy]) => [name, proxy.origin])),
			stats: `http://127.0.0.1:${stats.address().port}`,
			pid: process.pid,
		})}\n`,
	);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		stats.close();
		await Promise.allSettled([list.close(), media.close(), trustnxt.close(), ...Object.values(delayed).map((proxy) => proxy.close())]);
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error.message}\n`);
	process.exit(1);
});
