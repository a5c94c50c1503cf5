'use strict';
// Where the shared C2PA fixtures and test signer are. They live outside the checkout, in a
// `shared` folder beside it; the tests, the mocks, the sandbox and the bench all find them here:
//   1. TRINT_SHARED_DIR, when set;
//   2. `shared` beside the checkout, or one level further up (a git worktree in a subfolder);
//   3. `shared` beside the checkout this one was cloned from, when its `origin` is a folder on
//      this machine (a clone made elsewhere, e.g. in /tmp, still finds the fixtures).
// The first that holds fixtures/c2pa/SOURCES.md wins; otherwise the folder beside the checkout
// is named, so a missing file's error points where the fixtures are expected.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

/** The local folder `origin` points at, if it is one. */
function originFolder() {
	try {
		const url = execFileSync('git', ['-C', REPO, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const folder = url.startsWith('file://') ? new URL(url).pathname : url;
		return path.isAbsolute(folder) && fs.existsSync(folder) ? folder.replace(/[/\\]\.git[/\\]?$/, '') : undefined;
	} catch {
		return undefined;
	}
}

/** The folders looked at, in order. */
function sharedCandidates() {
	const candidates = [];
	if (process.env.TRINT_SHARED_DIR) candidates.push(path.resolve(process.env.TRINT_SHARED_DIR));
	candidates.push(path.resolve(REPO, '..', 'shared'), path.resolve(REPO, '..', '..', 'shared'));
	const origin = originFolder();
	if (origin) candidates.push(path.resolve(origin, '..', 'shared'));
	return candidates;
}

const holdsFixtures = (dir) => fs.existsSync(path.join(dir, 'fixtures', 'c2pa', 'SOURCES.md'));
const SHARED_DIR = sharedCandidates().find(holdsFixtures) ?? path.resolve(REPO, '..', 'shared');
const C2PA_FIXTURES = path.join(SHARED_DIR, 'fixtures', 'c2pa');

module.exports = { SHARED_DIR, C2PA_FIXTURES, sharedCandidates, holdsFixtures };
