'use strict';
// The real-n8n harness: everything e2e tests, benchmarks and the sandbox need.

const { ensureRuntime, runtimeCacheDir, DEFAULT_N8N_VERSION } = require('./runtime');
const { packPack, packageInfo } = require('./pack');
const { N8nInstance, outputOf, errorOf, nodesRun, freePort, FIXED_ENCRYPTION_KEY, DEFAULT_OWNER } = require('./n8n');
const { sandboxCredentials, SANDBOX_CREDENTIAL_IDS } = require('./credentials');
const { sleep, waitFor } = require('./wait');

module.exports = {
	ensureRuntime,
	runtimeCacheDir,
	DEFAULT_N8N_VERSION,
	packPack,
	packageInfo,
	N8nInstance,
	outputOf,
	errorOf,
	nodesRun,
	freePort,
	FIXED_ENCRYPTION_KEY,
	DEFAULT_OWNER,
	sandboxCredentials,
	SANDBOX_CREDENTIAL_IDS,
	sleep,
	waitFor,
};
