'use strict';
// The e2e secret scan must find a planted secret wherever n8n could keep one, or its
// "zero occurrences" would prove nothing.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { scanForSecrets } = require('../e2e/secrets');
const { TRINT_FIXTURES } = require('../mocks/trint-mock');
const { TRUSTNXT_FIXTURES } = require('../mocks/trustnxt-mock');

function fakeInstance(files, log = '') {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
	const n8nFolder = path.join(userFolder, '.n8n');
	for (const [name, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(n8nFolder, name)), { recursive: true });
		fs.writeFileSync(path.join(n8nFolder, name), content);
	}
	return { userFolder, n8nFolder, logText: () => log };
}

test('clean records give no hit', () => {
	const report = scanForSecrets(fakeInstance({ 'database.sqlite': 'nothing here' }, 'all good'), { texts: ['{"ok":true}'] });
	expect(report.hits).toEqual([]);
	expect(report.scanned.places).toBe(3);
});

test('a secret in the database, its WAL, the log or an output is found', () => {
	const basic = Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64');
	const instance = fakeInstance(
		{ 'database.sqlite': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(TRINT_FIXTURES.legacyKey)]), 'database.sqlite-wal': `x${basic}x` },
		`request failed with key ${TRUSTNXT_FIXTURES.apiSecret}`,
	);
	const report = scanForSecrets(instance, { texts: [`{"error":"${TRINT_FIXTURES.keySecret}"}`] });
	const where = report.hits.map((hit) => hit.where).sort();
	expect(where).toEqual(['.n8n/database.sqlite', '.n8n/database.sqlite-wal', 'n8n log', 'output #0'].sort());
	// The report itself never repeats a whole secret.
	expect(JSON.stringify(report)).not.toContain(TRINT_FIXTURES.keySecret);
});
