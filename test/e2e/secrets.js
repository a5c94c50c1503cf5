'use strict';
// The secret scan of the suites: after a suite has driven n8n through successes, failures and
// retries, none of the keys or secrets it used may appear in anything n8n kept or printed.
const fs = require('node:fs');
const path = require('node:path');
const { TRINT_FIXTURES } = require('../mocks/trint-mock');
const { TRUSTNXT_FIXTURES } = require('../mocks/trustnxt-mock');

/** Every secret the fixtures hold, in each form a leak could take. */
function fixtureSecrets(extra = []) {
	const plain = [
		TRINT_FIXTURES.keySecret,
		TRINT_FIXTURES.legacyKey,
		TRINT_FIXTURES.revokedLegacyKey,
		TRUSTNXT_FIXTURES.apiKey,
		TRUSTNXT_FIXTURES.apiSecret,
		TRUSTNXT_FIXTURES.revokedKey,
		...extra,
	].filter(Boolean);
	const basic = Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64');
	return [...new Set([...plain, basic, encodeURIComponent(TRINT_FIXTURES.keySecret)])];
}

/** Files n8n wrote that could hold execution data or logs: the database (and its WAL), log files. */
function storedFiles(n8n) {
	const folder = n8n.n8nFolder;
	const files = [];
	const walk = (dir) => {
		if (!fs.existsSync(dir)) return;
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				// The installed pack and binary files are not n8n's records.
				if (['nodes', 'storage', 'binaryData'].includes(entry.name)) continue;
				walk(full);
			} else if (/\.(sqlite|sqlite-wal|sqlite-shm|log|json)$/.test(entry.name) || /database/.test(entry.name)) {
				files.push(full);
			}
		}
	};
	walk(folder);
	return files;
}

/**
 * Counts occurrences of each secret in: n8n's log, the texts given (run outputs), and the stored
 * files. Returns `{ scanned: {...}, hits: [{ secret (masked), where }] }`.
 */
function scanForSecrets(n8n, { texts = [], extraSecrets = [] } = {}) {
	const secrets = fixtureSecrets(extraSecrets);
	const places = [{ where: 'n8n log', content: Buffer.from(n8n.logText() ?? '') }];
	texts.forEach((text, index) => places.push({ where: `output #${index}`, content: Buffer.from(typeof text === 'string' ? text : JSON.stringify(text)) }));
	for (const file of storedFiles(n8n)) places.push({ where: path.relative(n8n.userFolder, file), content: fs.readFileSync(file) });
	const hits = [];
	for (const secret of secrets) {
		const needle = Buffer.from(secret);
		for (const place of places) {
			if (place.content.indexOf(needle) !== -1) hits.push({ secret: `${secret.slice(0, 4)}…`, where: place.where });
		}
	}
	return { scanned: { places: places.length, bytes: places.reduce((sum, place) => sum + place.content.length, 0), secrets: secrets.length }, hits };
}

/** Keeps what every `n8n.execute()` of this instance printed in `sink`, for the scan at the end. */
function recordRunOutputs(n8n, sink) {
	const execute = n8n.execute.bind(n8n);
	n8n.execute = async (...args) => {
		const result = await execute(...args);
		sink.push(result.stdout ?? '', result.stderr ?? '');
		return result;
	};
}

module.exports = { scanForSecrets, fixtureSecrets, recordRunOutputs };
