'use strict';
// A minimal Chrome DevTools Protocol client for the n8n process (started with
// --inspect=127.0.0.1:<port>): CPU profiles around one execution, and process.memoryUsage()
// samples taken inside n8n. Only used in the diagnostic passes, never while a timed run is
// measured; an inspector that is listening but not attached costs nothing measurable.

const { WebSocket } = require('undici');

class Inspector {
	static async connect(port, { timeoutMs = 10_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let targets;
		for (;;) {
			try {
				targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
				if (targets.length) break;
			} catch {
				// Not listening yet.
			}
			if (Date.now() > deadline) throw new Error(`no inspector on port ${port}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
		await new Promise((resolve, reject) => {
			socket.addEventListener('open', resolve, { once: true });
			socket.addEventListener('error', (event) => reject(event.error || new Error('inspector connection failed')), { once: true });
		});
		return new Inspector(socket);
	}

	constructor(socket) {
		this.socket = socket;
		this.nextId = 1;
		this.pending = new Map();
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(typeof event.data === 'string' ? event.data : Buffer.from(event.data).toString('utf8'));
			if (message.id === undefined) return;
			const waiter = this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error) waiter.reject(new Error(`${message.error.message} (${message.error.code})`));
			else waiter.resolve(message.result);
		});
		socket.addEventListener('close', () => {
			for (const waiter of this.pending.values()) waiter.reject(new Error('inspector closed'));
			this.pending.clear();
		});
	}

	send(method, params = {}) {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	async startProfile({ intervalUs = 200 } = {}) {
		await this.send('Profiler.enable');
		await this.send('Profiler.setSamplingInterval', { interval: intervalUs });
		await this.send('Profiler.start');
	}

	async stopProfile() {
		const { profile } = await this.send('Profiler.stop');
		await this.send('Profiler.disable');
		return profile;
	}

	/**
	 * How to turn a wall-clock time (ms since the epoch, as in run data) into the profiler's clock
	 * (µs of the monotonic clock, as in profile.startTime): add `offsetUs` to ms × 1000.
	 */
	async clockOffset() {
		const { result } = await this.send('Runtime.evaluate', {
			expression: 'JSON.stringify([Date.now(), Number(process.hrtime.bigint() / 1000n)])',
			returnByValue: true,
		});
		const [wallMs, monoUs] = JSON.parse(result.value);
		return { offsetUs: monoUs - wallMs * 1000 };
	}

	/**
	 * Counts garbage collections inside the inspected process from now on (a PerformanceObserver
	 * for 'gc' entries); gcStats() reads and resets the tally: { major: {count, ms}, minor: … }.
	 */
	async installGcObserver() {
		const expression = `(() => {
			if (globalThis.__benchGc) return 'already';
			const { PerformanceObserver, constants } = process.mainModule.require('node:perf_hooks');
			const names = { [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
			const tally = {};
			globalThis.__benchGc = tally;
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) {
					const kind = names[entry.detail ? entry.detail.kind : entry.kind] || 'other';
					const slot = tally[kind] || (tally[kind] = { count: 0, ms: 0 });
					slot.count++;
					slot.ms += entry.duration;
				}
			}).observe({ entryTypes: ['gc'] });
			return 'installed';
		})()`;
		const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, returnByValue: true });
		if (exceptionDetails) throw new Error(`installing the GC observer failed: ${exceptionDetails.exception?.description || exceptionDetails.text}`);
		return result.value;
	}

	async gcStats() {
		const expression = `(() => { const t = globalThis.__benchGc || {}; const copy = JSON.stringify(t); for (const k of Object.keys(t)) delete t[k]; return copy; })()`;
		const { result } = await this.send('Runtime.evaluate', { expression, returnByValue: true });
		return JSON.parse(result.value);
	}

	/**
	 * Full garbage collections inside the inspected process, then a pause: what the previous run
	 * left for the collector is freed, so the next run starts from the same settled state.
	 */
	async settle({ collections = 2, pauseMs = 500 } = {}) {
		for (let index = 0; index < collections; index++) await this.send('HeapProfiler.collectGarbage', {});
		await new Promise((resolve) => setTimeout(resolve, pauseMs));
	}

	/** process.memoryUsage() inside the inspected process. */
	async memoryUsage() {
		const { result } = await this.send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
		return JSON.parse(result.value);
	}

	/** Samples memoryUsage() every `intervalMs` until stop() is called; stop() resolves to the series. */
	sampleMemory(intervalMs = 100) {
		const series = [];
		const started = Date.now();
		let active = true;
		const loop = (async () => {
			while (active) {
				try {
					series.push({ t: Date.now() - started, ...(await this.memoryUsage()) });
				} catch {
					break;
				}
				await new Promise((resolve) => setTimeout(resolve, intervalMs));
			}
		})();
		return {
			async stop() {
				active = false;
				await loop;
				return series;
			},
		};
	}

	close() {
		try {
			this.socket.close();
		} catch {
			// Already closed.
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Reading a CPU profile: where did the samples land?

/** Which part of the system a stack frame belongs to, from its script URL and name. */
function categoryOf(frame, packName) {
	const url = frame.url || '';
	const fn = frame.functionName || '';
	if (fn === '(garbage collector)') return 'GC';
	if (fn === '(idle)') return 'idle';
	if (fn === '(program)') return 'V8/native (program)';
	if (fn === '(root)') return 'root';
	const at = url.lastIndexOf('/node_modules/');
	if (at >= 0) {
		const parts = url.slice(at + '/node_modules/'.length).split('/');
		const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
		return name === packName ? 'pack' : name;
	}
	if (url.startsWith('node:') || (!url.includes('/') && url)) return 'node internals';
	if (!url) return fn ? `native: ${fn}` : 'native';
	return 'other';
}

/**
 * Self time by category, the functions with the most self time, and the inclusive time of every
 * pack function (time with it on the stack). All in ms.
 */
function summariseProfile(profile, { packName, top = 15, window } = {}) {
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children || []) parent.set(child, node.id);
	const deltas = profile.timeDeltas || [];
	const selfByNode = new Map();
	let totalUs = 0;
	let clock = profile.startTime;
	profile.samples.forEach((id, index) => {
		clock += deltas[index] ?? 0;
		// Only the samples inside [from, to] (µs, profiler clock) when a window is given.
		if (window && (clock < window[0] || clock > window[1])) return;
		// A sample's weight is the gap until the next sample.
		const weight = deltas[index + 1] ?? deltas[index] ?? 0;
		selfByNode.set(id, (selfByNode.get(id) || 0) + weight);
		totalUs += weight;
	});
	const byCategory = {};
	const byFunction = new Map();
	const inclusivePack = new Map();
	const inclusiveNamed = new Map();
	for (const [id, us] of selfByNode) {
		const node = nodes.get(id);
		const frame = node.callFrame;
		const category = categoryOf(frame, packName);
		byCategory[category] = (byCategory[category] || 0) + us;
		const key = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
		const entry = byFunction.get(key) || { us: 0, category };
		entry.us += us;
		byFunction.set(key, entry);
		// Walk up once per sampled node: each pack function counts once per stack.
		const seen = new Set();
		for (let at = id; at !== undefined; at = parent.get(at)) {
			const f = nodes.get(at).callFrame;
			const name = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
			if (seen.has(name)) continue;
			seen.add(name);
			if (categoryOf(f, packName) === 'pack') inclusivePack.set(name, (inclusivePack.get(name) || 0) + us);
			inclusiveNamed.set(name, (inclusiveNamed.get(name) || 0) + us);
		}
	}
	const ms = (us) => Math.round(us / 100) / 10;
	const sortEntries = (entries) => entries.sort((a, b) => b[1] - a[1]);
	return {
		totalMs: ms(totalUs),
		selfByCategory: Object.fromEntries(sortEntries(Object.entries(byCategory)).map(([k, v]) => [k, ms(v)])),
		topSelf: [...byFunction.entries()]
			.sort((a, b) => b[1].us - a[1].us)
			.slice(0, top)
			.map(([name, { us, category }]) => ({ name, category, ms: ms(us) })),
		packInclusive: sortEntries([...inclusivePack.entries()])
			.slice(0, top)
			.map(([name, us]) => ({ name, ms: ms(us) })),
		topInclusive: sortEntries([...inclusiveNamed.entries()])
			.filter(([name]) => !/^\((root|program|idle|garbage collector)\)/.test(name))
			.slice(0, top * 2)
			.map(([name, us]) => ({ name, ms: ms(us) })),
	};
}

function shortUrl(url) {
	if (!url) return '';
	const at = url.lastIndexOf('/node_modules/');
	if (at >= 0) return url.slice(at + '/node_modules/'.length);
	return url.replace(/^file:\/\//, '');
}

module.exports = { Inspector, summariseProfile, categoryOf };
