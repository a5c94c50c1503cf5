'use strict';
// Running a benchmark workflow inside a started n8n: POST its webhook, wait for the answer (sent
// when the last node is done), read the execution's timings from the database, optionally sample
// the n8n process's RSS and CPU-profile it meanwhile.

const fs = require('node:fs');
const path = require('node:path');
const { run, sleep } = require('./util');
const { startRssSampler, cpuTimeMs } = require('./rss');

const RUN_STATS = path.join(__dirname, 'run-stats.js');

class N8nRunner {
	/** @param {import('../../test/e2e/harness').N8nInstance} n8n a started instance */
	constructor(n8n, runtime) {
		this.n8n = n8n;
		this.runtime = runtime;
		this.lastExecutionId = 0;
	}

	get pid() {
		const main = this.n8n.processes.get('main');
		if (!main) throw new Error('n8n is not running');
		return main.child.pid;
	}

	async stats(query) {
		const result = await run(this.runtime.nodeBin, ['--no-warnings', RUN_STATS, this.n8n.databasePath, JSON.stringify(query)], { env: process.env });
		if (result.code !== 0) throw new Error(`reading run stats failed:\n${result.stderr}`);
		return JSON.parse(result.stdout);
	}

	async syncLastExecutionId() {
		const { maxId } = await this.stats({ maxId: true });
		this.lastExecutionId = maxId;
	}

	/**
	 * Triggers `flow` and waits for its execution. Returns
	 * `{ roundTripMs, status, responseText, execution, rss?, mockCpuMs?, n8nCpuMs }` where `execution` is what
	 * run-stats.js reports (node timings, item counts, errors).
	 */
	async execute(flow, { sampleRss = false, mocks, countValues, timeoutMs = 15 * 60 * 1000 } = {}) {
		const since = this.lastExecutionId;
		const mockCpuBefore = mocks ? await mocks.cpuMs() : null;
		const cpuBefore = cpuTimeMs(this.pid);
		const sampler = sampleRss ? startRssSampler(this.pid) : null;
		const started = performance.now();
		let response;
		let responseText = '';
		let roundTripMs;
		let rss;
		try {
			response = await fetch(`${this.n8n.baseUrl}/webhook/${flow.webhookPath}`, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
			responseText = await response.text();
		} finally {
			roundTripMs = performance.now() - started;
			rss = sampler ? sampler.stop() : undefined;
		}
		// CPU the n8n process used from the webhook call to the answer (includes saving the run).
		const n8nCpuMs = cpuBefore === null ? undefined : cpuTimeMs(this.pid) - cpuBefore;
		const mockCpuMs = mocks ? (await mocks.cpuMs()) - mockCpuBefore : undefined;
		const execution = await this.waitForExecution(flow.id, since, { countValues });
		this.lastExecutionId = Math.max(this.lastExecutionId, Number(execution.id));
		return { roundTripMs, status: response.status, responseText: responseText.slice(0, 500), execution, rss, mockCpuMs, n8nCpuMs };
	}

	async waitForExecution(workflowId, sinceId, { timeoutMs = 60_000, countValues } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.stats({ workflowId, sinceId, countValues });
			const done = executions.filter((execution) => execution.finished || ['success', 'error', 'crashed', 'canceled'].includes(execution.status));
			if (done.length && done[done.length - 1].dataBytes > 0) return done[done.length - 1];
			if (Date.now() > deadline) throw new Error(`no finished execution of ${workflowId} after #${sinceId} within ${timeoutMs} ms: ${JSON.stringify(executions).slice(0, 500)}`);
			await sleep(100);
		}
	}

	/** Deletes executions (and with them their binary files) through the REST API the editor uses. */
	async deleteExecutions(ids) {
		if (!ids.length) return;
		try {
			await this.n8n.rest('POST', '/rest/executions/delete', { ids: ids.map(String) });
		} catch (error) {
			// Disk space only: the user folder is removed at the end anyway.
			process.stderr.write(`[bench] could not delete executions ${ids.join(', ')}: ${error.message}\n`);
		}
	}

	/** Bytes of the binary files n8n holds on disk for this instance (filesystem mode). */
	storageBytes() {
		const root = path.join(this.n8n.n8nFolder, 'storage');
		let total = 0;
		const walk = (dir) => {
			let entries;
			try {
				entries = fs.readdirSync(dir, { withFileTypes: true });
			} catch {
				return;
			}
			for (const entry of entries) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (entry.isFile()) total += fs.statSync(full).size;
			}
		};
		walk(root);
		return total;
	}
}

module.exports = { N8nRunner };
