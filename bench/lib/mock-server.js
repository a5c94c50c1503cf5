'use strict';
// The mock APIs for the benchmark, in a process of their own so that neither n8n nor the baseline
// clients share an event loop with the servers they measure:
//   node bench/lib/mock-server.js '{"seedTranscripts":100000}'
// Starts three servers on 127.0.0.1 and prints one JSON line with their origins:
//   list     – a Trint mock holding only the seeded transcripts (Get Many); nothing else touches
//              it, so every run sees exactly the same 100 full pages and the empty one;
//   media    – a second Trint mock for uploads and large exports;
//   trustnxt – the TrustNXT mock;
//   stats    – this process's CPU time and memory (GET /), so a run can tell how much of its
//              time the mock itself was busy.
// Ends on SIGTERM/SIGINT, or when the process that started it is gone (the harness watchdog,
// preloaded with -r, takes care of that).

const http = require('node:http');
const { startTrintMock } = require('../../test/mocks/trint-mock');
const { startTrustNxtMock } = require('../../test/mocks/trustnxt-mock');

async function main() {
	const options = JSON.parse(process.argv[2] || '{}');
	const list = await startTrintMock({ port: 0, processingMs: 0 });
	const media = await startTrintMock({ port: 0, processingMs: 0 });
	// 5 MB images and their protected copies stay far below this; the default would do as well.
	const trustnxt = await startTrustNxtMock({ port: 0, maxFileBytes: 64 * 1024 * 1024 });
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
			stats: `http://127.0.0.1:${stats.address().port}`,
			pid: process.pid,
		})}\n`,
	);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		stats.close();
		await Promise.allSettled([list.close(), media.close(), trustnxt.close()]);
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error.message}\n`);
	process.exit(1);
});
