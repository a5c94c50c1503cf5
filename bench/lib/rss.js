'use strict';
// Resident memory of a process, from /proc/<pid>/status (Linux). A sampler reads VmRSS every
// ~50 ms while a workflow runs; before the run the kernel's own high-water mark (VmHWM) is reset
// through /proc/<pid>/clear_refs ("5"), so after the run VmHWM is the true peak even between two
// samples. Where the reset is not allowed, the sampled maximum is used alone.

const fs = require('node:fs');

const KIB = 1024;

function readStatus(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name) => {
			const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
			return match ? Number(match[1]) * KIB : null;
		};
		return { rss: field('VmRSS'), hwm: field('VmHWM') };
	} catch {
		return null;
	}
}

/** CPU time (user + system) the process has used so far, in ms (clock ticks of 10 ms). */
function cpuTimeMs(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may hold spaces) start after the last ')'.
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return null;
	}
}

function resetPeak(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts sampling `pid`. `stop()` resolves to
 * `{ before, peak, growth, samples, peakSource, hwmReset, series }` in bytes, where `before` is the
 * RSS read just before sampling began and `growth = peak - before`.
 */
function startRssSampler(pid, { intervalMs = 50 } = {}) {
	const hwmReset = resetPeak(pid);
	const first = readStatus(pid);
	if (!first) throw new Error(`cannot read /proc/${pid}/status`);
	const before = first.rss;
	let sampledMax = before;
	const series = [];
	const started = Date.now();
	const sample = () => {
		const status = readStatus(pid);
		if (!status) return;
		if (status.rss > sampledMax) sampledMax = status.rss;
		series.push([Date.now() - started, status.rss]);
	};
	const timer = setInterval(sample, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			sample();
			const last = readStatus(pid);
			const hwm = hwmReset && last ? last.hwm : null;
			const peak = Math.max(sampledMax, hwm ?? 0);
			return {
				before,
				peak,
				growth: peak - before,
				sampledMax,
				hwm,
				hwmReset,
				peakSource: hwm !== null && hwm > sampledMax ? 'VmHWM' : 'VmRSS samples',
				samples: series.length,
				// Thinned to ~40 points: enough to see the shape, small enough for the JSON.
				series: series.filter((_, index) => index % Math.max(1, Math.ceil(series.length / 40)) === 0),
			};
		},
	};
}

module.exports = { readStatus, resetPeak, startRssSampler, cpuTimeMs };
