'use strict';
// The ceiling baseline: bench/ceiling/ is a minimal n8n node package (never published, not in the
// pack's tarball: package.json `files` is `dist` only) that makes the pack's Trint requests
// through the same n8n helpers with no pack logic. It is copied into the bench n8n's nodes folder
// beside the pack, where n8n's community-package scan (`<user folder>/.n8n/nodes/node_modules/
// n8n-nodes-*`) loads it at start like any installed package.

const fs = require('node:fs');
const path = require('node:path');

const SOURCE = path.join(__dirname, '..', 'ceiling');
const PACKAGE = 'n8n-nodes-bench-ceiling';
const CEILING_TYPE = `${PACKAGE}.benchCeiling`;

/** Copies the ceiling package into a created (not yet started) n8n instance. */
function installCeiling(n8n) {
	const target = path.join(n8n.nodesFolder, 'node_modules', PACKAGE);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	for (const name of fs.readdirSync(SOURCE)) fs.copyFileSync(path.join(SOURCE, name), path.join(target, name));
	return target;
}

module.exports = { installCeiling, CEILING_TYPE };
