#!/usr/bin/env node
'use strict';
// The tests read the shared C2PA fixtures and test signer from `../shared/fixtures/c2pa/`, beside
// the checkout (the folder the project is developed in). Without it dozens of suites would fail one
// by one with "no such file"; this says once, before anything runs, what is missing and where.
const fs = require('node:fs');
const path = require('node:path');

const fixtures = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'c2pa');
if (!fs.existsSync(path.join(fixtures, 'SOURCES.md'))) {
	console.error(`[check-shared] ERROR: the tests need the shared C2PA fixtures at ${fixtures}, beside this checkout, and it is not there.`);
	console.error('[check-shared] Clone the project next to the `shared` folder (…/shared and …/<checkout> side by side), then run the command again.');
	process.exit(1);
}
