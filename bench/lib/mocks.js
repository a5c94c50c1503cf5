'use strict';
// Starts bench/lib/mock-server.js (its own process group, under the harness watchdog) and talks
// to its /__mock/* controls.

const { spawn } = require('node:child_process');
const path = require('node:path');

const WATCHDOG = path.join(__dirname, '..', '..', 'test', 'e2e', 'harness', 'watchdog.js');
const SERVER = path.join(__dirname, 'mock-server.js');

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Gone.
	}
}

function startMocks({ nodeBin, seedTranscripts = 0 }) {
	const child = spawn(nodeBin, ['-r', WATCHDOG, SERVER, JSON.stringify({ seedTranscripts })], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		env: { ...process.env, HARNESS_PARENT_PID: String(process.pid) },
	});
	const exited = new Promise((resolve) => child.on('close', resolve));
	return new Promise((resolve, reject) => {
		let output = '';
		const fail = (error) => {
			killGroup(child, 'SIGKILL');
			reject(error);
		};
		const timer = setTimeout(() => fail(new Error('the mock servers did not start within 60 s')), 60_000);
		child.on('close', (code) => fail(new Error(`the mock servers exited (${code}) before starting:\n${output}`)));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.stdout.on('data', (chunk) => {
			output += chunk;
			if (!output.includes('\n')) return;
			clearTimeout(timer);
			try {
				resolve(new Mocks(child, JSON.parse(output.slice(0, output.indexOf('\n'))), exited));
			} catch {
				fail(new Error(`unexpected output from the mock servers: ${output}`));
			}
		});
	});
}

class Mocks {
	constructor(child, origins, exited) {
		Object.assign(this, { child, origins, exited });
	}

	async call(service, method, route, body) {
		const response = await fetch(`${this.origins[service]}${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${service} ${method} ${route} → ${response.status}: ${text}`);
		return text ? JSON.parse(text) : null;
	}

	requests(service) {
		return this.call(service, 'GET', '/__mock/requests');
	}

	clearRequests(service) {
		return this.call(service, 'DELETE', '/__mock/requests');
	}

	/** Every API request of the service waits `ms` before it is handled: a network round trip. */
	latency(service, ms) {
		return this.call(service, 'POST', '/__mock/latency', { ms });
	}

	/** CPU time the mock process has used so far, in ms. */
	async cpuMs() {
		const { cpu } = await this.call('stats', 'GET', '/');
		return (cpu.user + cpu.system) / 1000;
	}

	async stop() {
		killGroup(this.child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), 5000);
		await this.exited;
		clearTimeout(timer);
	}
}

module.exports = { startMocks };
