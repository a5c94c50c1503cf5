'use strict';
// Where the C2PA test files and trust lists live: inside the repository (test/fixtures, with their
// SOURCES.md and licences), so a clone runs every test, mock, bench and sandbox with nothing beside it.

const path = require('node:path');

const FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures');
const C2PA_FIXTURES = path.join(FIXTURES_DIR, 'c2pa');
const C2PA_TRUST_LISTS = path.join(FIXTURES_DIR, 'c2pa-trust');

module.exports = { FIXTURES_DIR, C2PA_FIXTURES, C2PA_TRUST_LISTS };
