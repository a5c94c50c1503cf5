'use strict';
// Small helpers shared by the benchmark cases: statistics, formatting, progress, child processes.

const { spawn } = require('node:child_process');

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function median(values) {
	const list = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
	if (!list.length) return null;
	const middle = Math.floor(list.length / 2);
	return list.length % 2 ? list[middle] : (list[middle - 1] + list[middle]) / 2;
}

/** { median, min, max, n, values } of the finite numbers in `values`. */
function describe(values) {
	const list = values.filter((value) => typeof value === 'number' && Number.isFinite(value));
	return {
		median: median(list),
		min: list.length ? Math.min(...list) : null,
		max: list.length ? Math.max(...list) : null,
		n: list.length,
		values: list.map((value) => round(value, 3)),
	};
}

function round(value, digits = 1) {
	if (typeof value !== 'number' || !Number.isFinite(value)) return value;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

function fmtMs(ms) {
	if (ms === null || ms === undefined) return '–';
	return ms >= 10_000 ? `${round(ms / 1000, 2)} s` : `${round(ms, ms < 10 ? 2 : 0)} ms`;
}

function fmtMiB(bytes) {
	if (bytes === null || bytes === undefined) return '–';
	return `${round(bytes / MiB, 1)} MiB`;
}

function mibPerSecond(bytes, ms) {
	if (!ms) return null;
	return bytes / MiB / (ms / 1000);
}

const startedAt = Date.now();

/** Progress on stderr, with the time since the benchmark started. */
function progress(message) {
	const elapsed = (Date.now() - startedAt) / 1000;
	const minutes = Math.floor(elapsed / 60);
	const seconds = (elapsed % 60).toFixed(1).padStart(4, '0');
	process.stderr.write(`[bench ${minutes}:${seconds}] ${message}\n`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command to completion: { code, stdout, stderr, ms }. Never rejects on exit code. */
function run(command, args, { env, cwd, input, timeoutMs = 10 * 60 * 1000 } = {}) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, { env: env || process.env, cwd, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
		const out = [];
		const err = [];
		child.stdout.on('data', (chunk) => out.push(chunk));
		child.stderr.on('data', (chunk) => err.push(chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: performance.now() - started });
		});
		if (input) child.stdin.end(input);
	});
}

/** Rotates `list` by `by` places: round r of an interleaved benchmark starts with a different contender. */
function rotate(list, by) {
	const shift = ((by % list.length) + list.length) % list.length;
	return [...list.slice(shift), ...list.slice(0, shift)];
}

module.exports = { MiB, GiB, median, describe, round, fmtMs, fmtMiB, mibPerSecond, progress, sleep, run, rotate };
