#!/usr/bin/env node
'use strict';
// `n8n-node lint` (strict) per published package, each on exactly its own sources and package.json
// (scripts/stage-package-sources.js), as n8n's verification runs it on a package's repository.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { packageFolders } = require('./build-packages');
const { stagePackage } = require('./stage-package-sources');

const bin = path.resolve(__dirname, '..', 'node_modules', '.bin', 'n8n-node');
let failed = false;
for (const folder of packageFolders()) {
	const stage = stagePackage(folder);
	const name = path.basename(stage);
	console.log(`[lint] ${name}: n8n-node lint in ${path.relative(process.cwd(), stage)}`);
	const result = spawnSync(bin, ['lint'], { cwd: stage, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
	if (result.status !== 0) {
		failed = true;
		console.log(`[lint] ${name}: FAILED (exit ${result.status})`);
	} else console.log(`[lint] ${name}: no findings`);
}
process.exit(failed ? 1 : 0);
