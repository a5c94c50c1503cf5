'use strict';
// Waiting in real-n8n tests: for a while, or until something n8n does shows.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `check` every `intervalMs` until it gives something truthy, and returns that; fails after `timeoutMs`. */
async function waitFor(check, { timeoutMs = 30000, intervalMs = 250, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

module.exports = { sleep, waitFor };
