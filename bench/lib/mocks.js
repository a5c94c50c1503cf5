'use strict';
// Starts bench/lib/mock-server.js as a child process (its own process group, under the harness
// watchdog) and talks to its /__mock/* controls over HTTP.

const { spawn } = require('node:child_process');
const path = require('node:path');

const WATCHDOG = path.join(__dirname, '..', '..', 'test', 'e2e', 'harness', 'watchdog.js');
const SERVER = path.join(__dirname, 'mock-server.js');

function startMocks({ nodeBin = process.execPath, seedTranscripts = 0, inspectDelaysMs = [], onLog } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBin, ['-r', WATCHDOG, SERVER, JSON.stringify({ seedTranscripts, inspectDelaysMs })], {
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
			env: { ...process.env, HARNESS_PARENT_PID: String(process.pid) },
		});
		let buffered = '';
		let settled = false;
		const timer = setTimeout(() => fail(new Error('the mock servers did not start within 60 s')), 60_000);
		const exited = new Promise((done) => child.on('close', done));
		function fail(error) {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			kill(child, 'SIGKILL');
			reject(error);
		}
		child.on('error', fail);
		child.on('close', (code) => fail(new Error(`the mock servers exited (${code}) before starting:\n${buffered}`)));
		child.stderr.on('data', (chunk) => {
			buffered += chunk;
			if (onLog) onLog(String(chunk));
		});
		child.stdout.on('data', (chunk) => {
			if (settled) return;
			buffered += chunk;
			const newline = buffered.indexOf('\n');
			if (newline < 0) return;
			let origins;
			try {
				origins = JSON.parse(buffered.slice(0, newline));
			} catch (error) {
				fail(new Error(`unexpected output from the mock servers: ${buffered}`));
				return;
			}
			settled = true;
			clearTimeout(timer);
			resolve(new Mocks(child, origins, exited));
		});
	});
}

function kill(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// Gone.
		}
	}
}

class Mocks {
	constructor(child, origins, exited) {
		this.child = child;
		this.pid = origins.pid;
		this.origins = origins;
		this.exited = exited;
		this.stopped = false;
	}

	async call(service, method, route, body) {
		const response = await fetch(`${this.origins[service]}${route}`, {
			method,
			headers: body !== undefined ? { 'content-type': 'application/json' } : {},
			body: body !== undefined ? JSON.stringify(body) : undefined,
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

	/** CPU time the mock process has used so far, in ms. */
	async cpuMs() {
		const { cpu } = await this.call('stats', 'GET', '/');
		return (cpu.user + cpu.system) / 1000;
	}

	async stop() {
		if (this.stopped) return;
		this.stopped = true;
		kill(this.child, 'SIGTERM');
		let timer;
		const done = await Promise.race([this.exited.then(() => true), new Promise((resolve) => (timer = setTimeout(() => resolve(false), 5000)))]);
		clearTimeout(timer);
		if (!done) {
			kill(this.child, 'SIGKILL');
			await this.exited;
		}
	}
}

module.exports = { startMocks };
