'use strict';
// The mock APIs of the bench, in a process of their own so that neither n8n nor the baselines
// share an event loop with the servers they measure:
//   node bench/lib/mock-server.js '{"seedTranscripts":100000}'
// Prints one JSON line with the origins:
//   list     – a Trint mock holding only the seeded transcripts (Get Many): every run sees the same pages;
//   media    – a second Trint mock for uploads and large exports;
//   trustnxt – the TrustNXT mock;
//   stats    – this process's CPU time (GET /), so a run can tell how busy the mock was.
// A round trip is added with mock-kit's latency control (POST /__mock/latency {"ms":50}).
// Ends on SIGTERM/SIGINT, or when its parent is gone (the harness watchdog, preloaded with -r).

const http = require('node:http');
const { startTrintMock } = require('../../test/mocks/trint-mock');
const { startTrustNxtMock } = require('../../test/mocks/trustnxt-mock');

async function main() {
	const options = JSON.parse(process.argv[2] || '{}');
	const list = await startTrintMock({ port: 0, processingMs: 0 });
	const media = await startTrintMock({ port: 0, processingMs: 0 });
	const trustnxt = await startTrustNxtMock({ port: 0, maxFileBytes: 64 * 1024 * 1024 });
	if (options.seedTranscripts) list.seedTranscripts(Number(options.seedTranscripts), { titlePrefix: 'Bench interview ' });
	const stats = http.createServer((req, res) => res.end(JSON.stringify({ cpu: process.cpuUsage() })));
	await new Promise((resolve) => stats.listen(0, '127.0.0.1', resolve));
	const origins = { list: list.origin, media: media.origin, trustnxt: trustnxt.origin, stats: `http://127.0.0.1:${stats.address().port}` };
	process.stdout.write(`${JSON.stringify(origins)}\n`);
	const stop = async () => {
		stats.close();
		await Promise.allSettled([list.close(), media.close(), trustnxt.close()]);
		process.exit(0);
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error.message}\n`);
	process.exit(1);
});
