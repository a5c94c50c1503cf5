'use strict';
// One benchmark workflow in a started n8n: POST its webhook, wait for the answer (sent when the
// last node is done), read the execution's timings from the database (run-stats.js), and sample
// the n8n process's resident memory meanwhile.
//
// RSS: /proc/<pid>/status VmRSS every 50 ms, plus the kernel's high-water mark VmHWM after
// resetting it through /proc/<pid>/clear_refs just before the call, so a peak between two samples
// is not missed. Growth = peak − RSS just before the call.

const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./util');

const RUN_STATS = path.join(__dirname, 'run-stats.js');

function memoryStatus(pid) {
	const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
	return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

function startRssSampler(pid) {
	let hwmReset = true;
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
	} catch {
		hwmReset = false;
	}
	const before = memoryStatus(pid).rss;
	let peak = before;
	const sample = () => (peak = Math.max(peak, memoryStatus(pid).rss));
	const timer = setInterval(sample, 50);
	return () => {
		clearInterval(timer);
		sample();
		if (hwmReset) peak = Math.max(peak, memoryStatus(pid).hwm);
		return { before, peak, growth: peak - before };
	};
}

class N8nRunner {
	constructor(n8n, runtime) {
		this.n8n = n8n;
		this.runtime = runtime;
		this.lastExecutionId = 0;
	}

	get pid() {
		return this.n8n.processes.get('main').child.pid;
	}

	async stats(query) {
		const result = await run(this.runtime.nodeBin, ['--no-warnings', RUN_STATS, this.n8n.databasePath, JSON.stringify(query)]);
		if (result.code !== 0) throw new Error(`reading run stats failed:\n${result.stderr}`);
		return JSON.parse(result.stdout);
	}

	async syncLastExecutionId() {
		this.lastExecutionId = (await this.stats({ maxId: true })).maxId;
	}

	/**
	 * Triggers `flow`, waits for its execution and deletes it (and its binary files) afterwards.
	 * Returns { roundTripMs, execution (run-stats.js), rss, mockCpuMs }; throws when the run failed.
	 */
	async execute(flow, { mocks, countValues, timeoutMs = 20 * 60 * 1000 } = {}) {
		const since = this.lastExecutionId;
		const mockCpuBefore = mocks ? await mocks.cpuMs() : undefined;
		const stopSampler = startRssSampler(this.pid);
		const started = performance.now();
		let rss;
		try {
			const response = await fetch(`${this.n8n.baseUrl}/webhook/${flow.webhookPath}`, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
			await response.text();
		} finally {
			rss = stopSampler();
		}
		const roundTripMs = performance.now() - started;
		const mockCpuMs = mocks ? (await mocks.cpuMs()) - mockCpuBefore : undefined;
		const execution = await this.waitForExecution(flow.id, since, countValues);
		this.lastExecutionId = Math.max(this.lastExecutionId, Number(execution.id));
		await this.n8n.rest('POST', '/rest/executions/delete', { ids: [execution.id] }).catch(() => null);
		if (execution.status !== 'success') throw new Error(`${flow.name} failed: ${execution.error || JSON.stringify(execution.nodes).slice(0, 800)}`);
		return { roundTripMs, execution, rss, mockCpuMs };
	}

	async waitForExecution(workflowId, sinceId, countValues, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const done = (await this.stats({ workflowId, sinceId, countValues })).filter((execution) => execution.finished || ['success', 'error', 'crashed', 'canceled'].includes(execution.status));
			const last = done[done.length - 1];
			if (last && last.dataBytes > 0) return last;
			if (Date.now() > deadline) throw new Error(`no finished execution of ${workflowId} after #${sinceId} within ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}

module.exports = { N8nRunner };
