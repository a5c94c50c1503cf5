#!/usr/bin/env node
'use strict';

// Runs both mock servers until SIGINT/SIGTERM, for the sandbox (`npm start`), benchmarks and
// manual poking:
//   node test/mocks/serve.js [--trint-port N] [--trustnxt-port N] [--seed-transcripts N] [--processing-ms N]
// Prints one JSON line on stdout: {"trint":"http://127.0.0.1:P","trustnxt":"http://127.0.0.1:Q"}

const { startTrintMock } = require('./trint-mock');
const { startTrustNxtMock } = require('./trustnxt-mock');

const USAGE =
	'usage: node test/mocks/serve.js [--trint-port N] [--trustnxt-port N] [--seed-transcripts N] [--processing-ms N]';

function parseArgs(argv) {
	const options = { trintPort: 0, trustnxtPort: 0, seedTranscripts: 0, processingMs: undefined };
	const names = {
		'--trint-port': 'trintPort',
		'--trustnxt-port': 'trustnxtPort',
		'--seed-transcripts': 'seedTranscripts',
		'--processing-ms': 'processingMs',
	};
	for (let i = 0; i < argv.length; i++) {
		let [flag, value] = argv[i].split('=', 2);
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		}
		const key = names[flag];
		if (!key) throw new Error(`unknown option ${flag}\n${USAGE}`);
		if (value === undefined) value = argv[++i];
		const number = Number(value);
		if (value === undefined || !Number.isInteger(number) || number < 0) throw new Error(`${flag} needs a non-negative integer`);
		options[key] = number;
	}
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const trint = await startTrintMock({ port: options.trintPort, processingMs: options.processingMs });
	const trustnxt = await startTrustNxtMock({ port: options.trustnxtPort });
	if (options.seedTranscripts > 0) {
		trint.seedTranscripts(options.seedTranscripts);
		// One Story, so the Story picker of Export's Story formats has something to list.
		trint.addTranscript({ title: 'Evening news story', fileType: 'STORY' });
	}
	process.stdout.write(`${JSON.stringify({ trint: trint.origin, trustnxt: trustnxt.origin })}\n`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await Promise.all([trint.close(), trustnxt.close()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
