'use strict';
// Small helpers of the bench: statistics, progress, child processes.

const { spawn } = require('node:child_process');

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

const finite = (values) => values.filter((value) => typeof value === 'number' && Number.isFinite(value));

function median(values) {
	const list = finite(values).sort((a, b) => a - b);
	if (!list.length) return null;
	const middle = Math.floor(list.length / 2);
	return list.length % 2 ? list[middle] : (list[middle - 1] + list[middle]) / 2;
}

/** { median, min, max, n } of the finite numbers in `values`. */
function describe(values) {
	const list = finite(values);
	return { median: median(list), min: list.length ? Math.min(...list) : null, max: list.length ? Math.max(...list) : null, n: list.length };
}

function round(value, digits = 1) {
	if (typeof value !== 'number' || !Number.isFinite(value)) return value;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

const startedAt = Date.now();

/** Progress on stderr, with the time since the bench started. */
function progress(message) {
	const seconds = (Date.now() - startedAt) / 1000;
	process.stderr.write(`[bench ${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(1).padStart(4, '0')}] ${message}\n`);
}

/** Runs a command to completion: { code, stdout, stderr, ms }. Never rejects on exit code. */
function run(command, args, { env, cwd, timeoutMs = 15 * 60 * 1000 } = {}) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, { env: env || process.env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		const out = [];
		const err = [];
		child.stdout.on('data', (chunk) => out.push(chunk));
		child.stderr.on('data', (chunk) => err.push(chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: performance.now() - started });
		});
	});
}

/** Round r of an interleaved case starts with a different contender. */
function rotate(list, by) {
	const shift = by % list.length;
	return [...list.slice(shift), ...list.slice(0, shift)];
}

module.exports = { MiB, GiB, median, describe, round, progress, run, rotate };
