#!/usr/bin/env node
'use strict';
// The tests read the shared C2PA fixtures and test signer from a `shared` folder outside the
// checkout (test/helpers/shared-fixtures.js says where it is looked for). Without it dozens of
// suites would fail one by one with "no such file"; this says once, before anything runs, what is
// missing and where it was looked for.
const { holdsFixtures, sharedCandidates, SHARED_DIR } = require('../test/helpers/shared-fixtures');

if (!holdsFixtures(SHARED_DIR)) {
	console.error('[check-shared] ERROR: the tests need the shared C2PA fixtures (shared/fixtures/c2pa) and found them in none of:');
	for (const dir of sharedCandidates()) console.error(`[check-shared]   ${dir}`);
	console.error('[check-shared] Put the `shared` folder beside this checkout (…/shared and …/<checkout> side by side), or set TRINT_SHARED_DIR to it, then run the command again.');
	process.exit(1);
}
