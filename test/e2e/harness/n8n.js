'use strict';
// One real n8n, isolated: its own user folder (SQLite database, settings, installed community
// nodes), its own ports, a fixed encryption key. The pack is installed from its npm tarball into
// <userFolder>/.n8n/nodes exactly as a user's `npm install` would, so node types are
// `n8n-nodes-trint-trustnxt.<node>`, as in users' workflows.
//
// The npm install runs once per tarball; each instance gets a copy of that install.
// Workflows run inside the instance's `n8n start` (execute(): the editor's REST call for a manual
// run), started on the first run and reused for every later one: a process per run would cost
// n8n's whole start-up (seconds) each time.
//
// Every n8n command runs as its own process group (n8n starts task-runner children) under a
// watchdog that takes the group down if this process dies without cleaning up.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { ensureRuntime, runtimeCacheDir } = require('./runtime');
const { packageInfo, withLock } = require('./pack');
const { unflatten } = require('./db-read');

const WATCHDOG = path.join(__dirname, 'watchdog.js');
const DB_READER = path.join(__dirname, 'db-read.js');
const FIXED_ENCRYPTION_KEY = 'n8n-nodes-trint-trustnxt-harness-key-0001';
const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.com',
	password: 'Harness-Passw0rd',
	firstName: 'Harness',
	lastName: 'Owner',
});
// Variables from the developer's shell that would leak into the instance and change it.
const STRIPPED_ENV = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$|VUE_APP_|GENERIC_TIMEZONE$|npm_)/i;

/** process.env without what `npm run` and the developer's shell add that would change a child. */
function cleanEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) if (!STRIPPED_ENV.test(key)) env[key] = value;
	return env;
}

const EXECUTE_TIMEOUT_MS = Number(process.env.HARNESS_EXECUTE_TIMEOUT_MS || 10 * 60 * 1000);
const COMMAND_TIMEOUT_MS = Number(process.env.HARNESS_COMMAND_TIMEOUT_MS || 5 * 60 * 1000);
const START_TIMEOUT_MS = Number(process.env.HARNESS_START_TIMEOUT_MS || 3 * 60 * 1000);
const STOP_GRACE_MS = 20 * 1000;

// Every process group still running, so a crashing test process does not leave n8n behind.
const liveGroups = new Set();
process.once('exit', () => {
	for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		try {
			process.kill(pid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

const TEMP_PREFIX = 'n8n-harness-';
const OWNER_FILE = '.harness-owner-pid';

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Temp user folders left behind by test processes that were killed before destroy(). */
function sweepAbandonedFolders(except) {
	try {
		for (const name of fs.readdirSync(os.tmpdir())) {
			if (!name.startsWith(TEMP_PREFIX)) continue;
			const folder = path.join(os.tmpdir(), name);
			if (folder === except) continue;
			const ownerFile = path.join(folder, OWNER_FILE);
			if (!fs.existsSync(ownerFile)) continue;
			const pid = Number(fs.readFileSync(ownerFile, 'utf8'));
			if (pid && !pidAlive(pid)) fs.rmSync(folder, { recursive: true, force: true });
		}
	} catch {
		// Housekeeping only.
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The JSON run object `n8n execute` prints (pretty-printed, so it starts with a bare "{" line). */
function parseRunJson(stdout) {
	const lines = stdout.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start].trimEnd() !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end].trimEnd() !== '}') continue;
			try {
				const value = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (value && typeof value === 'object' && (value.data?.resultData || value.status)) return value;
			} catch {
				// Not this block.
			}
			break;
		}
	}
	return null;
}

/**
 * `npm install` of the tarballs (one or both packages) into a nodes folder, as a user installs
 * community nodes there. `run(args)` runs npm in that folder and resolves to `{ exitCode, stdout, stderr }`.
 */
async function npmInstallInto(nodes, tarballs, run) {
	fs.mkdirSync(nodes, { recursive: true });
	if (!fs.existsSync(path.join(nodes, 'package.json'))) {
		fs.writeFileSync(path.join(nodes, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	}
	// --omit=peer: n8n provides n8n-workflow; a second copy must not be installed next to the pack.
	// --prefer-offline only lets npm answer the peer-dependency metadata from its cache.
	const args = ['install', '--prefix', nodes, '--omit=peer', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs];
	const result = await run(args);
	if (result.exitCode !== 0) throw new Error(`npm install of ${tarballs.join(', ')} failed (exit ${result.exitCode}):\n${result.stdout}${result.stderr}`);
}

/**
 * A folder made once and kept for later runs, at `root`: shared by every test file of this process
 * (one promise per folder) and, under a lock, by concurrent test processes. `build(staging)` fills
 * a staging folder beside it, which is marked complete and renamed into place only once whole, so
 * no process ever sees half of it; a failed build leaves nothing behind. `reused(root)` runs when a
 * complete folder was already there; `made(root)` after a new one is in place.
 */
const foldersMade = new Map();
function folderMadeOnce(root, build, { reused = () => {}, made = () => {} } = {}) {
	if (foldersMade.has(root)) return foldersMade.get(root);
	const pending = withLock(path.basename(root), async () => {
		if (fs.existsSync(path.join(root, '.complete'))) {
			reused(root);
			return root;
		}
		fs.rmSync(root, { recursive: true, force: true });
		const staging = fs.mkdtempSync(`${root}-staging-`);
		try {
			const marker = await build(staging);
			fs.writeFileSync(path.join(staging, '.complete'), marker);
			fs.renameSync(staging, root);
		} catch (error) {
			fs.rmSync(staging, { recursive: true, force: true });
			throw error;
		}
		made(root);
		return root;
	});
	pending.catch(() => foldersMade.delete(root));
	foldersMade.set(root, pending);
	return pending;
}

const PREPARED_PREFIX = 'n8n-prepared-nodes-';

/**
 * A nodes folder with the tarball installed, made once per tarball content (shared by every test
 * file and kept for the next run), at <tmp>/n8n-prepared-nodes-<hash>/.n8n/nodes: the same depth
 * as a temporary instance's own nodes folder.
 */
async function prepareNodesFolder(tarballs) {
	const digest = crypto.createHash('sha256');
	for (const tarball of tarballs) digest.update(fs.readFileSync(tarball));
	const root = path.join(os.tmpdir(), `${PREPARED_PREFIX}${digest.digest('hex').slice(0, 20)}`);
	await folderMadeOnce(
		root,
		async (staging) => {
			const stagingNodes = path.join(staging, '.n8n', 'nodes');
			await npmInstallInto(stagingNodes, tarballs, (args) => spawnCollect('npm', args, { cwd: stagingNodes, env: cleanEnv(), timeoutMs: COMMAND_TIMEOUT_MS }));
			return tarballs.join('\n');
		},
		{
			// The most recently used folders are the ones pruning keeps.
			reused: () => {
				const now = new Date();
				fs.utimesSync(root, now, now);
			},
			made: prunePreparedFolders,
		},
	);
	return path.join(root, '.n8n', 'nodes');
}

/** Keeps the few most recently used prepared folders (one per tarball built lately). */
function prunePreparedFolders(keep) {
	try {
		const folders = fs
			.readdirSync(os.tmpdir())
			.filter((name) => name.startsWith(PREPARED_PREFIX) && !name.includes('staging-'))
			.map((name) => path.join(os.tmpdir(), name))
			.filter((folder) => folder !== keep)
			.map((folder) => ({ folder, mtime: fs.statSync(folder).mtimeMs }))
			.sort((a, b) => b.mtime - a.mtime);
		for (const { folder } of folders.slice(4)) fs.rmSync(folder, { recursive: true, force: true });
	} catch {
		// Housekeeping only.
	}
}

/**
 * <runtime cache>/n8n-migrated-db-<version>/: the SQLite files of an n8n user folder after n8n ran
 * its migrations (`n8n list:workflow` on an empty folder), nothing else in them; beside the n8n it
 * belongs to, so an empty runtime cache makes it anew.
 */
function migratedDatabaseTemplate(instance) {
	const version = instance.n8nVersion;
	return folderMadeOnce(path.join(runtimeCacheDir(), `n8n-migrated-db-${version}`), async (staging) => {
		const env = { ...instance.envFor({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) }), N8N_USER_FOLDER: staging };
		const result = await spawnCollect(instance.runtime.nodeBin, [instance.runtime.n8nBin, 'list:workflow'], { cwd: staging, env, timeoutMs: COMMAND_TIMEOUT_MS });
		const n8nFolder = path.join(staging, '.n8n');
		if (result.exitCode !== 0 || !fs.existsSync(path.join(n8nFolder, 'database.sqlite'))) {
			throw new Error(`n8n list:workflow did not make a database (exit ${result.exitCode}):\n${(result.stdout + result.stderr).slice(-4000)}`);
		}
		for (const name of fs.readdirSync(n8nFolder)) if (!name.startsWith('database.sqlite')) fs.rmSync(path.join(n8nFolder, name), { recursive: true, force: true });
		for (const name of fs.readdirSync(n8nFolder)) fs.renameSync(path.join(n8nFolder, name), path.join(staging, name));
		fs.rmSync(n8nFolder, { recursive: true, force: true });
		return version;
	});
}

/** A short child process (no n8n): resolves to `{ exitCode, stdout, stderr }`. */
function spawnCollect(command, args, { cwd, env, timeoutMs }) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (exitCode) => {
			clearTimeout(timer);
			resolve({ exitCode, stdout, stderr });
		});
	});
}

/** The node `n8n execute` starts a workflow from: an Execute Workflow Trigger, else a manual trigger. */
function cliStartNode(nodes) {
	return nodes.find((node) => node.type === 'n8n-nodes-base.executeWorkflowTrigger') || nodes.find((node) => CLI_START_TYPES.has(node.type));
}
const CLI_START_TYPES = new Set(['n8n-nodes-base.manualTrigger', '@n8n/n8n-nodes-langchain.manualChatTrigger']);

/** Extra settings of a server, compared by value (undefined and {} are the same). */
function envKey(env) {
	const entries = Object.entries(env || {}).filter(([, value]) => value !== undefined && value !== null);
	return JSON.stringify(entries.map(([key, value]) => [key, String(value)]).sort());
}

/** An execution read from the database, in the shape `n8n execute --rawOutput` prints. */
function asRun(execution) {
	return {
		data: execution.data,
		mode: execution.mode,
		status: execution.status,
		finished: execution.finished,
		startedAt: execution.startedAt,
		stoppedAt: execution.stoppedAt,
	};
}

class N8nInstance {
	/**
	 * @param {object} options
	 * @param {string|string[]} [options.tarball] the packages' .tgz files (packPack(): both; packPack({ only })
	 *   one); omit for built-in nodes only
	 * @param {string|null} [options.binaryDataMode] 'default' (in memory: binaries inline in the run
	 *   JSON, the default here; 'filesystem' in queue mode), 'filesystem', 'database'; null leaves
	 *   n8n's own default (filesystem, or database in queue mode)
	 * @param {{ redisPort: number, redisHost?: string }} [options.queue] queue (scaling) mode: jobs go
	 *   through Redis, start() also starts one `n8n worker`; main and worker share the user folder,
	 *   so the database and filesystem binary data are shared
	 * @param {object} [options.env] extra environment for every n8n process
	 * @param {string} [options.n8nVersion]
	 * @param {string} [options.userFolder] a fixed folder (kept by destroy()); default: a new temp folder
	 * @param {boolean} [options.reinstall] with a fixed folder: replace what is in .n8n/nodes (default true)
	 * @param {(text: string, source: string) => void} [options.onLog] called with everything n8n prints
	 */
	static async create(options = {}) {
		const instance = new N8nInstance(options);
		try {
			await instance.init();
		} catch (error) {
			await instance.destroy();
			throw error;
		}
		return instance;
	}

	constructor({ tarball, binaryDataMode, env = {}, n8nVersion, userFolder, reinstall = true, onLog, encryptionKey, queue } = {}) {
		this.tarballs = tarball ? [].concat(tarball).map((file) => path.resolve(file)) : [];
		this.queue = queue ? { redisHost: '127.0.0.1', ...queue } : undefined;
		if (this.queue && !this.queue.redisPort) throw new Error('queue mode needs queue.redisPort');
		// In-memory binaries cannot travel from main to worker; queue mode defaults to the filesystem
		// (one machine, one shared user folder).
		this.binaryDataMode = binaryDataMode !== undefined ? binaryDataMode : this.queue ? 'filesystem' : 'default';
		this.extraEnv = { ...env };
		this.n8nVersion = n8nVersion;
		this.persistent = Boolean(userFolder);
		this.userFolder = userFolder ? path.resolve(userFolder) : fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
		this.reinstall = reinstall;
		this.onLog = onLog;
		this.encryptionKey = encryptionKey || FIXED_ENCRYPTION_KEY;
		this.logChunks = [];
		this.processes = new Map(); // name → { child, exited } for background processes (server, later workers)
		this.activated = new Set();
		this.port = undefined;
		this.baseUrl = undefined;
		this.cookie = undefined;
		this.owner = undefined;
		this.destroyed = false;
		this.serverEnv = undefined; // the extra env the running `n8n start` got
		this.pendingWorkflows = []; // imported before the server ran, not saved yet (importWorkflows)
		this.startedExplicitly = false; // start() called by the test, not by execute()
		this.timings = {}; // how long the setup steps took, in ms (runtime, install, imports, start)
	}

	get majorVersion() {
		return Number(String(this.n8nVersion).split('.')[0]);
	}

	get n8nFolder() {
		return path.join(this.userFolder, '.n8n');
	}

	get nodesFolder() {
		return path.join(this.n8nFolder, 'nodes');
	}

	get databasePath() {
		return path.join(this.n8nFolder, 'database.sqlite');
	}

	get logFile() {
		return path.join(this.userFolder, 'harness.log');
	}

	async init() {
		if (!this.persistent) {
			fs.writeFileSync(path.join(this.userFolder, OWNER_FILE), String(process.pid));
			sweepAbandonedFolders(this.userFolder);
		}
		let started = Date.now();
		this.runtime = await ensureRuntime({ n8nVersion: this.n8nVersion });
		this.timings.runtimeMs = Date.now() - started;
		this.n8nVersion = this.runtime.n8nVersion;
		fs.mkdirSync(this.n8nFolder, { recursive: true });
		if (!this.persistent && !this.extraEnv.DB_TYPE && !fs.existsSync(this.databasePath)) {
			started = Date.now();
			await this.seedDatabase();
			this.timings.seedDatabaseMs = Date.now() - started;
		}
		if (this.tarballs.length) {
			started = Date.now();
			await this.installTarball(this.tarballs);
			this.timings.installMs = Date.now() - started;
		}
	}

	/**
	 * A new instance starts from a copy of an empty database that n8n has already migrated (made
	 * once per n8n version, kept for later runs): n8n's migrations take several seconds of every
	 * first command on a new SQLite file, and every test file would pay them again.
	 */
	async seedDatabase() {
		const template = await migratedDatabaseTemplate(this);
		for (const name of fs.readdirSync(template)) {
			if (name.startsWith('database.sqlite')) fs.copyFileSync(path.join(template, name), path.join(this.n8nFolder, name));
		}
	}

	/**
	 * The packages in <userFolder>/.n8n/nodes, installed from their tarballs as a user installs
	 * community nodes (`npm install` there). The install itself runs once per set of tarballs (prepareNodesFolder); a
	 * temporary instance gets a copy of that folder, which is byte for byte what `npm install` wrote
	 * and sits at the same depth under the temp folder, so even the relative `file:` path npm
	 * records is the same. A fixed user folder (the sandbox) is installed into directly.
	 */
	async installTarball(tarball) {
		const tarballs = [].concat(tarball);
		for (const file of tarballs) if (!fs.existsSync(file)) throw new Error(`tarball not found: ${file}`);
		const nodes = this.nodesFolder;
		if (this.reinstall && fs.existsSync(nodes)) fs.rmSync(nodes, { recursive: true, force: true });
		if (!this.persistent && !fs.existsSync(nodes)) {
			const prepared = await prepareNodesFolder(tarballs);
			fs.cpSync(prepared, nodes, { recursive: true, verbatimSymlinks: true });
		} else {
			await npmInstallInto(nodes, tarballs, (args) => this.runProcess('npm', args, { cwd: nodes, env: cleanEnv(), name: 'npm-install', timeoutMs: COMMAND_TIMEOUT_MS, record: false }));
		}
		/** The packages installed (names as in their package.json). */
		this.packageNames = packageInfo()
			.map(({ name }) => name)
			.filter((name) => fs.existsSync(path.join(nodes, 'node_modules', name)));
	}

	/** Environment for n8n processes: isolated folder, fixed key, nothing phoning home. */
	envFor(extra = {}) {
		const env = cleanEnv();
		Object.assign(env, {
			PATH: `${this.runtime.nodeBinDir}${path.delimiter}${process.env.PATH || ''}`,
			NODE_ENV: 'production',
			HARNESS_PARENT_PID: String(process.pid),
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		});
		if (this.binaryDataMode) env.N8N_DEFAULT_BINARY_DATA_MODE = this.binaryDataMode;
		// n8n 1.123.x defaults to the 'vm' expression engine, which needs isolated-vm 6.x, whose
		// engines field asks for Node >= 22 and which ships no prebuilt addon: on Node 20 n8n exits
		// with "Could not initialize the vm expression engine". 'legacy' is the engine n8n 1.x
		// always had; an instance's env can still ask for 'vm'.
		if (Number(String(this.n8nVersion).split('.')[0]) < 2) env.N8N_EXPRESSION_ENGINE = 'legacy';
		if (this.queue) {
			Object.assign(env, {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: this.queue.redisHost,
				QUEUE_BULL_REDIS_PORT: String(this.queue.redisPort),
				// Its own key prefix, so two instances on one Redis never take each other's jobs.
				QUEUE_BULL_PREFIX: `harness-${path.basename(this.userFolder)}`,
			});
		}
		// HARNESS_N8N_ENV='{"N8N_LOG_LEVEL":"debug"}': extra settings for every instance, for debugging.
		if (process.env.HARNESS_N8N_ENV) Object.assign(env, JSON.parse(process.env.HARNESS_N8N_ENV));
		Object.assign(env, this.extraEnv, extra);
		for (const [key, value] of Object.entries(env)) if (value === undefined || value === null) delete env[key];
		return env;
	}

	record(source, chunk) {
		const text = chunk.toString();
		this.logChunks.push(text);
		try {
			fs.appendFileSync(this.logFile, text);
		} catch {
			// The folder may be gone after destroy().
		}
		if (this.onLog) this.onLog(text, source);
		else if (process.env.HARNESS_ECHO === '1') process.stderr.write(`[${source}] ${text}`);
	}

	/** Everything every n8n process of this instance printed (stdout and stderr). */
	logText() {
		return this.logChunks.join('');
	}

	/**
	 * Spawns a process in its own group. Foreground (default): resolves with
	 * `{ exitCode, signal, stdout, stderr, durationMs }`. Background: returns the handle.
	 */
	runProcess(command, args, { cwd, env, name = command, timeoutMs = COMMAND_TIMEOUT_MS, background = false, record = true } = {}) {
		const started = Date.now();
		const child = spawn(command, args, { cwd: cwd || this.userFolder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		if (child.pid) liveGroups.add(child.pid);
		const out = [];
		const err = [];
		child.stdout.on('data', (chunk) => {
			out.push(chunk);
			if (record) this.record(name, chunk);
		});
		child.stderr.on('data', (chunk) => {
			err.push(chunk);
			if (record) this.record(name, chunk);
		});
		const exited = new Promise((resolve) => {
			child.on('error', (error) => {
				liveGroups.delete(child.pid);
				resolve({ exitCode: null, signal: null, error });
			});
			child.on('close', (exitCode, signal) => {
				liveGroups.delete(child.pid);
				if (signal && record) this.record(name, `\n[harness] ${name} was ended by ${signal}\n`);
				// Task runners may outlive n8n if it crashed: end what is left of its group (the group
				// only: the pid itself is free again and may already belong to someone else).
				if (child.pid) {
					try {
						process.kill(-child.pid, 'SIGKILL');
					} catch {
						// Nothing left.
					}
				}
				resolve({ exitCode, signal });
			});
		});
		const handle = { child, name, exited, output: () => Buffer.concat(out).toString() + Buffer.concat(err).toString() };
		if (background) return handle;
		let timer;
		const timeout = new Promise((resolve) => {
			timer = setTimeout(() => resolve('timeout'), timeoutMs);
		});
		return Promise.race([exited, timeout]).then(async (result) => {
			clearTimeout(timer);
			if (result === 'timeout') {
				killGroup(child.pid, 'SIGKILL');
				await exited;
				throw new Error(`${name} (${command} ${args.join(' ')}) timed out after ${timeoutMs} ms:\n${handle.output().slice(-4000)}`);
			}
			if (result.error) throw result.error;
			return {
				exitCode: result.exitCode,
				signal: result.signal,
				stdout: Buffer.concat(out).toString(),
				stderr: Buffer.concat(err).toString(),
				durationMs: Date.now() - started,
			};
		});
	}

	/** Runs `n8n <args>` on the runtime's Node (24 for 2.x, 20 for 1.x) under the watchdog. Same options as runProcess plus `env`. */
	async n8n(args, { env, ...options } = {}) {
		if (this.destroyed) throw new Error('this n8n instance was destroyed');
		// Every n8n command that executes workflows starts a task broker; give each its own port.
		const brokerPort = await freePort();
		const fullEnv = this.envFor({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env });
		return this.runProcess(this.runtime.nodeBin, ['-r', WATCHDOG, this.runtime.n8nBin, ...args], {
			name: `n8n ${args[0]}`,
			...options,
			env: fullEnv,
		});
	}

	async cli(args, options) {
		const result = await this.n8n(args, options);
		if (result.exitCode !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${result.exitCode}):\n${(result.stdout + result.stderr).slice(-6000)}`);
		}
		return result;
	}

	writeTemp(prefix, value) {
		const file = path.join(this.userFolder, `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
		fs.writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
		return file;
	}

	/** [{ id, name, type, data: { ...plain values } }]: n8n encrypts them with the instance key. */
	async importCredentials(credentials) {
		const list = (Array.isArray(credentials) ? credentials : [credentials]).map((credential) => {
			for (const key of ['id', 'name', 'type', 'data']) {
				if (!credential[key]) throw new Error(`credential needs "${key}": ${JSON.stringify({ ...credential, data: '…' })}`);
			}
			return credential;
		});
		const file = this.writeTemp('credentials', list);
		try {
			const result = await this.cli(['import:credentials', `--input=${file}`]);
			this.timings.importCredentialsMs = (this.timings.importCredentialsMs || 0) + result.durationMs;
		} finally {
			fs.rmSync(file, { force: true }); // plain secrets: do not leave them lying around
		}
	}

	/**
	 * Workflow JSON objects, each with an explicit `id`. Imported inactive, with their ids.
	 *
	 * On n8n 2.x, workflows imported before the server runs wait until something needs them: a
	 * test's own start(), activate() or executeCli() imports them first with `n8n import:workflow`
	 * (the server then starts with them in its database, as before); the first execute() starts
	 * the server and saves them through the REST API the editor saves with (POST /rest/workflows,
	 * which keeps a given id on 2.x), which spares a whole n8n process. n8n 1.x drops a given id
	 * there, so 1.x always imports through the CLI.
	 */
	async importWorkflows(workflows) {
		const list = Array.isArray(workflows) ? workflows : [workflows];
		for (const workflow of list) {
			if (!workflow.id) throw new Error(`workflow "${workflow.name}" needs an explicit id`);
		}
		if (this.majorVersion >= 2 && !this.isRunning()) {
			this.pendingWorkflows.push(...list);
			return;
		}
		if (this.majorVersion >= 2 && this.cookie) {
			await this.saveWorkflows(list);
			return;
		}
		await this.importWorkflowsCli(list);
	}

	/** `n8n import:workflow` of the workflows (a process of its own; the database may be in use by a server). */
	async importWorkflowsCli(list) {
		const file = this.writeTemp('workflows', list);
		try {
			const result = await this.cli(['import:workflow', `--input=${file}`]);
			this.timings.importWorkflowsMs = (this.timings.importWorkflowsMs || 0) + result.durationMs;
			if (!/Successfully imported/.test(result.stdout + result.stderr)) {
				throw new Error(`import:workflow did not confirm the import:\n${result.stdout}${result.stderr}`);
			}
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Saves workflows in the running n8n (2.x) as the editor does, keeping their ids. One that
	 * exists already is replaced through `n8n import:workflow`, as importing it again always did.
	 */
	async saveWorkflows(list) {
		const started = Date.now();
		const existing = [];
		for (const workflow of list) {
			const response = await this.request('POST', '/rest/workflows', { ...workflow, active: false });
			if (response.status === 400 && /exists already/.test(JSON.stringify(response.body))) {
				existing.push(workflow);
				continue;
			}
			if (response.status !== 200 || response.body?.data?.id !== workflow.id) {
				throw new Error(`saving workflow ${workflow.id} ("${workflow.name}") failed: ${response.status} ${JSON.stringify(response.body).slice(0, 2000)}`);
			}
		}
		this.timings.importWorkflowsMs = (this.timings.importWorkflowsMs || 0) + (Date.now() - started);
		if (existing.length) await this.importWorkflowsCli(existing);
	}

	/** Imports the workflows waiting for the server: through the CLI, or (`rest`) into the running server. */
	async flushPendingWorkflows({ rest = false } = {}) {
		if (!this.pendingWorkflows.length) return;
		const list = this.pendingWorkflows.splice(0);
		if (rest) await this.saveWorkflows(list);
		else await this.importWorkflowsCli(list);
	}

	/**
	 * Runs the workflow from its start node (an Execute Workflow Trigger, else its Manual Trigger:
	 * the node `n8n execute` starts from) inside this instance's running `n8n start`, the way the
	 * editor's "Execute workflow" button does (POST /rest/workflows/:id/run as the owner), waits
	 * until n8n has finished and stored the execution, and reads it back. No process per run: the
	 * server is started on the first call (start()) and reused.
	 *
	 * `env`: settings this run needs that differ from the instance's (e.g. a binary data mode): the
	 * server is restarted with them, and restarted without them for the next run that has none.
	 *
	 * Returns what `n8n execute --rawOutput` gave: `{ workflowId, executionId, exitCode (0 when
	 * the run succeeded, else 1), data (the run: data.data.resultData.runData, data.status), stdout
	 * (the run as JSON, as --rawOutput printed it), stderr (what n8n logged meanwhile), durationMs }`.
	 */
	async execute(workflowId, { timeoutMs = EXECUTE_TIMEOUT_MS, env } = {}) {
		const started = Date.now();
		await this.serveFor(env);
		await this.ensureLogin();
		const logStart = this.logChunks.length;
		const { data: workflow } = await this.rest('GET', `/rest/workflows/${encodeURIComponent(workflowId)}`);
		const startNode = cliStartNode(workflow.nodes || []);
		if (!startNode) {
			// `n8n execute` refuses such a workflow before running it, and stores nothing.
			const message = 'Missing node to start execution: the workflow has no Manual Trigger (or Execute Workflow Trigger) to start from';
			return { workflowId, executionId: null, exitCode: 1, signal: null, crashedOnExit: null, data: null, stdout: '', stderr: message, durationMs: Date.now() - started };
		}
		const body = { triggerToStartFrom: { name: startNode.name } };
		// n8n 1.x takes the workflow to run from the request, as its editor sends it.
		if (this.majorVersion < 2) body.workflowData = workflow;
		const response = await this.rest('POST', `/rest/workflows/${encodeURIComponent(workflowId)}/run`, body);
		const executionId = response?.data?.executionId;
		if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(response).slice(0, 1000)}`);
		const execution = await this.waitForExecution(executionId, { timeoutMs, logStart });
		const data = asRun(execution);
		const failed = data.status !== 'success' || Boolean(data.data?.resultData?.error);
		return {
			workflowId,
			executionId: String(executionId),
			exitCode: failed ? 1 : 0,
			signal: null,
			crashedOnExit: null,
			data,
			stdout: JSON.stringify(data, null, 2),
			stderr: this.logChunks.slice(logStart).join(''),
			durationMs: Date.now() - started,
		};
	}

	/**
	 * Polls the execution through the REST API until n8n has finished it (status no longer new,
	 * running or waiting, and a stop time stored); resolves to it with its run data decoded.
	 */
	async waitForExecution(executionId, { timeoutMs = EXECUTE_TIMEOUT_MS, logStart = this.logChunks.length } = {}) {
		const deadline = Date.now() + timeoutMs;
		let pause = 20;
		let stoppedWithoutData;
		for (;;) {
			const { data: execution } = await this.rest('GET', `/rest/executions/${executionId}`);
			if (execution && execution.stoppedAt && !['new', 'running', 'waiting'].includes(execution.status)) {
				const data = typeof execution.data === 'string' ? unflatten(execution.data) : execution.data;
				// n8n 1.x marks a failed execution stopped a moment before its final run data is stored.
				if (data?.resultData || (stoppedWithoutData && Date.now() - stoppedWithoutData > 10000)) {
					return { ...execution, id: String(execution.id), data };
				}
				stoppedWithoutData ??= Date.now();
			}
			if (!this.isRunning()) throw new Error(`n8n stopped while execution ${executionId} ran:\n${this.logChunks.slice(logStart).join('').slice(-6000)}`);
			if (Date.now() > deadline) {
				await this.request('POST', `/rest/executions/${executionId}/stop`, {});
				throw new Error(`execution ${executionId} did not finish within ${timeoutMs} ms (status ${execution?.status}):\n${this.logChunks.slice(logStart).join('').slice(-6000)}`);
			}
			await sleep(pause);
			pause = Math.min(pause * 2, 250);
		}
	}

	/**
	 * Makes sure `n8n start` runs with the settings a run asks for (`env`, merged over the
	 * instance's): starts it when nothing runs, restarts it when it runs with other settings.
	 */
	async serveFor(env) {
		const wanted = envKey(env);
		if (this.isRunning()) {
			if (envKey(this.serverEnv) === wanted) return;
			const { port } = this;
			const explicit = this.startedExplicitly;
			await this.stop();
			await this.start({ port, env, auto: !explicit });
			return;
		}
		await this.start({ env, auto: true });
	}

	/**
	 * Several workflows, one after another (or `concurrency` at a time), each through execute() in
	 * the running n8n. Returns one run per id, in the order given, shaped like execute()'s plus
	 * `batchStatus` ('success' or 'error', as `n8n execute-batch` reported) and `batchError`;
	 * the array also has `exitCode` (0 when all succeeded), `summary` and `durationMs`. Each
	 * workflow runs once (repeats are refused), as `n8n execute-batch` had it.
	 */
	async executeBatch(workflowIds, { concurrency = 1, timeoutMs = EXECUTE_TIMEOUT_MS, env } = {}) {
		const started = Date.now();
		const ids = [...workflowIds];
		const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
		if (repeated.length) throw new Error(`executeBatch runs each workflow once; repeated: ${repeated.join(', ')}`);
		await this.serveFor(env);
		const runs = new Array(ids.length);
		let next = 0;
		const worker = async () => {
			while (next < ids.length) {
				const index = next++;
				const run = await this.execute(ids[index], { timeoutMs, env });
				const error = run.data?.data?.resultData?.error;
				runs[index] = { ...run, batchStatus: run.exitCode === 0 ? 'success' : 'error', batchError: error ? error.message : undefined };
			}
		};
		await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
		const summary = {
			executions: runs.map((run) => ({ workflowId: run.workflowId, executionId: run.executionId, executionStatus: run.batchStatus, error: run.batchError, executionTime: run.durationMs })),
			summary: { successfulExecutions: runs.filter((run) => run.batchStatus === 'success').length, failedExecutions: runs.filter((run) => run.batchStatus !== 'success').length },
		};
		return Object.assign(runs, {
			exitCode: runs.every((run) => run.exitCode === 0) ? 0 : 1,
			summary,
			stdout: runs.map((run) => run.stdout).join('\n'),
			stderr: runs.map((run) => run.stderr).join(''),
			durationMs: Date.now() - started,
		});
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`: one fresh n8n process (several seconds of start-up) runs
	 * the workflow from its Manual Trigger, in mode 'cli'. Kept for what only the CLI shows (the
	 * pack loading and running in that command); tests run workflows through execute(). Returns
	 * `{ exitCode, data, stdout, stderr, durationMs }`; `data` is the run, read back from the
	 * database when n8n did not print it (it does not for workflows it refuses to start).
	 */
	async executeCli(workflowId, { timeoutMs = EXECUTE_TIMEOUT_MS, env } = {}) {
		await this.flushPendingWorkflows();
		const started = new Date();
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs, env, name: `n8n execute ${workflowId}` });
		let data = parseRunJson(result.stdout);
		let { exitCode } = result;
		let crashedOnExit = null;
		if (data && exitCode === null && result.signal) {
			// n8n printed the complete run and then died while shutting down (seen now and then with
			// 2.40.7: SIGSEGV, most likely in a native addon's teardown). The run itself finished;
			// use it, take the exit code n8n gives such a run, and say so in the log.
			crashedOnExit = result.signal;
			exitCode = data.status === 'success' ? 0 : 1;
			this.record('harness', `[harness] n8n execute ${workflowId} printed its complete run, then died of ${result.signal} while exiting; exit code taken as ${exitCode}\n`);
		}
		if (!data) {
			const executions = await this.readExecutions({ workflowId });
			const mine = executions.filter((execution) => new Date(`${execution.createdAt.replace(' ', 'T')}Z`) >= new Date(started.getTime() - 2000));
			if (mine.length) data = asRun(mine[mine.length - 1]);
		}
		return { workflowId, exitCode, signal: result.signal, crashedOnExit, data, stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
	}

	/** Runs db-read.js with Node 24 (node:sqlite) against this instance's database. */
	async dbRead(query) {
		if (!fs.existsSync(this.databasePath)) return query.maxId ? { maxId: 0 } : [];
		const result = await this.runProcess(this.runtime.sqliteNodeBin || this.runtime.nodeBin, ['--no-warnings', DB_READER, this.databasePath, JSON.stringify(query)], {
			name: 'db-read',
			record: false,
			env: cleanEnv(),
			timeoutMs: COMMAND_TIMEOUT_MS,
		});
		if (result.exitCode !== 0) throw new Error(`reading ${this.databasePath} failed:\n${result.stderr}`);
		return JSON.parse(result.stdout);
	}

	/** Executions stored in the database, oldest first: `{ id, workflowId, mode, status, finished, startedAt, stoppedAt, data }`. */
	readExecutions({ workflowId, sinceId, ids, withData = true } = {}) {
		return this.dbRead({ workflowId, sinceId, ids, withData });
	}

	/**
	 * The executions n8n recorded (manual CLI runs, webhook and trigger runs), with their run data.
	 * `via: 'db'` (default) reads the SQLite file (works whether or not n8n is running);
	 * `via: 'rest'` asks the running instance through its REST API as the owner.
	 */
	async listExecutions({ workflowId, via = 'db' } = {}) {
		if (via === 'db') return this.readExecutions({ workflowId });
		await this.ensureLogin();
		const filter = workflowId ? `&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}` : '';
		// n8n 2.41 answers 400 above 100; the tests list far fewer.
		const list = await this.rest('GET', `/rest/executions?limit=100${filter}`);
		const results = [];
		for (const summary of [...list.data.results].reverse()) {
			const full = (await this.rest('GET', `/rest/executions/${summary.id}`)).data;
			results.push({
				id: String(full.id),
				workflowId: full.workflowId,
				mode: full.mode,
				status: full.status,
				finished: full.finished,
				startedAt: full.startedAt,
				stoppedAt: full.stoppedAt,
				data: typeof full.data === 'string' ? unflatten(full.data) : full.data,
			});
		}
		return results;
	}

	/**
	 * Marks workflows active. Before start(): `n8n publish:workflow` (n8n 2.x; `update:workflow
	 * --active` is deprecated there, and the only way on 1.x), and start() waits until their triggers are live. While running:
	 * the REST call the editor's toggle makes, then the same wait.
	 */
	async activate(workflowIds) {
		const ids = Array.isArray(workflowIds) ? workflowIds : [workflowIds];
		if (this.isRunning()) {
			await this.ensureLogin();
			for (const id of ids) {
				const { data: workflow } = await this.rest('GET', `/rest/workflows/${id}`);
				await this.rest('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
				this.activated.add(id);
			}
			await this.waitForActivation(ids);
			return;
		}
		await this.flushPendingWorkflows();
		// n8n 1.x has no publish:workflow; there `update:workflow --active=true` is the command.
		const v1 = Number(String(this.n8nVersion).split('.')[0]) < 2;
		for (const id of ids) {
			await this.cli(v1 ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`]);
			this.activated.add(id);
		}
	}

	/** Waits until n8n reports every trigger of the workflows as activated; throws on failures. */
	async waitForActivation(workflowIds = [...this.activated], { timeoutMs = 90 * 1000 } = {}) {
		if (!workflowIds.length) return;
		await this.ensureLogin();
		const deadline = Date.now() + timeoutMs;
		const pending = new Set(workflowIds);
		let last = {};
		while (pending.size) {
			for (const id of [...pending]) {
				const response = await this.request('GET', `/rest/workflows/${id}/publication-status`);
				if (response.status === 404 && /not available/.test(JSON.stringify(response.body))) {
					pending.delete(id); // n8n without the publication service activates before it is ready
					continue;
				}
				if (response.status === 404 && Number(String(this.n8nVersion).split('.')[0]) < 2) {
					// n8n 1.x has no publication status: the workflow's active flag, and no activation error.
					const workflow = await this.request('GET', `/rest/workflows/${id}`);
					const failure = await this.request('GET', `/rest/active-workflows/error/${id}`);
					if (failure.status === 200 && failure.body?.data) throw new Error(`activating workflow ${id} failed: ${JSON.stringify(failure.body.data)}`);
					last[id] = { active: workflow.body?.data?.active };
					if (workflow.body?.data?.active === true) pending.delete(id);
					continue;
				}
				const status = response.body?.data;
				last[id] = status;
				if (status?.status === 'published') pending.delete(id);
				else if (status?.status === 'failed' || status?.status === 'partial') {
					const reasons = (status.triggers || []).filter((t) => t.status === 'failed').map((t) => `${t.nodeId}: ${t.errorMessage}`);
					throw new Error(`activating workflow ${id} failed: ${reasons.join('; ') || JSON.stringify(status)}`);
				}
			}
			if (!pending.size) break;
			if (Date.now() > deadline) throw new Error(`workflows not active after ${timeoutMs} ms: ${JSON.stringify(last)}`);
			await sleep(250);
		}
	}

	/**
	 * Starts a long-running n8n command (`start` now; `worker`, `webhook` for queue mode later)
	 * registered under `key` in this.processes, so stop()/destroy() end it. Returns the handle
	 * `{ child, exited, done, output() }`.
	 */
	async startProcess(key, args, { env, name = `n8n ${args[0]}` } = {}) {
		if (this.processes.get(key) && !this.processes.get(key).done) throw new Error(`a process "${key}" is already running`);
		const handle = await this.n8n(args, { background: true, name, env });
		const entry = { ...handle, done: false };
		handle.exited.then(() => (entry.done = true));
		this.processes.set(key, entry);
		return entry;
	}

	isRunning() {
		const server = this.processes.get('main');
		return Boolean(server && !server.done);
	}

	/**
	 * `n8n start` in the background; resolves once GET /healthz answers 200, the database is ready,
	 * n8n printed that the editor is up, and every workflow passed to activate() is live.
	 */
	async start({ port, timeoutMs = START_TIMEOUT_MS, env, auto = false } = {}) {
		if (this.isRunning()) {
			// Started by execute(): a test's own start() takes it over when it asks for nothing
			// else, and restarts it on the port and with the settings it asks for otherwise.
			if (!auto && !this.startedExplicitly && (!port || port === this.port) && envKey(env) === envKey(this.serverEnv)) {
				this.startedExplicitly = true;
				if (this.activated.size) await this.waitForActivation([...this.activated], { timeoutMs });
				return this;
			}
			if (auto || this.startedExplicitly) throw new Error('n8n is already running');
			await this.stop();
		}
		if (!auto) await this.flushPendingWorkflows();
		this.startedExplicitly = !auto;
		this.serverEnv = env ? { ...env } : undefined;
		this.port = port || (await freePort());
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		this.cookie = undefined;
		const logStart = this.logChunks.length;
		const startedAt = Date.now();
		const entry = await this.startProcess('main', ['start'], {
			name: 'n8n start',
			// Triggers that register callbacks with an API (the mocks) must hand out a URL that
			// reaches this instance; n8n's default says "localhost", which may resolve to ::1.
			env: { N8N_PORT: String(this.port), ...this.webhookUrlEnv(), ...env },
		});
		const deadline = startedAt + timeoutMs;
		const ready = async () => {
			for (;;) {
				if (entry.done) {
					throw new Error(`n8n start exited before it was ready:\n${this.logChunks.slice(logStart).join('').slice(-6000)}`);
				}
				if (Date.now() > deadline) throw new Error(`n8n did not become ready within ${timeoutMs} ms:\n${this.logChunks.slice(logStart).join('').slice(-6000)}`);
				const editorUp = this.logChunks.slice(logStart).join('').includes('Editor is now accessible');
				if (editorUp && (await this.httpStatus('/healthz')) === 200 && (await this.httpStatus('/healthz/readiness')) === 200) return;
				await sleep(100);
			}
		};
		try {
			await ready();
			this.timings.startMs = Date.now() - startedAt;
			this.timings.starts = (this.timings.starts || 0) + 1;
			if (this.queue) await this.startWorker({ deadline, env });
			if (auto && this.pendingWorkflows.length) {
				await this.ensureLogin();
				await this.flushPendingWorkflows({ rest: true });
			}
			if (this.activated.size) await this.waitForActivation([...this.activated], { timeoutMs: Math.max(deadline - Date.now(), 30000) });
		} catch (error) {
			await this.stop();
			throw error;
		}
		return this;
	}

	/**
	 * Queue mode: `n8n worker` (after main, which ran the migrations), registered as 'worker';
	 * resolves once it says it is ready to take jobs. Its output is `this.processes.get('worker').output()`.
	 */
	async startWorker({ deadline = Date.now() + START_TIMEOUT_MS, env } = {}) {
		const logStart = this.logChunks.length;
		const workerStarted = Date.now();
		const entry = await this.startProcess('worker', ['worker', '--concurrency=5'], {
			name: 'n8n worker',
			env: { ...this.webhookUrlEnv(), QUEUE_HEALTH_CHECK_ACTIVE: 'false', ...env },
		});
		for (;;) {
			if (entry.done) throw new Error(`n8n worker exited before it was ready:\n${entry.output().slice(-6000)}`);
			if (entry.output().includes('n8n worker is now ready')) break;
			if (Date.now() > deadline) throw new Error(`n8n worker not ready in time:\n${this.logChunks.slice(logStart).join('').slice(-6000)}`);
			await sleep(100);
		}
		this.timings.workerStartMs = Date.now() - workerStarted;
		return entry;
	}

	/** n8n 2.x reads N8N_WEBHOOK_URL (WEBHOOK_URL is deprecated there); 1.x only WEBHOOK_URL. */
	webhookUrlEnv() {
		const name = Number(this.n8nVersion.split('.')[0]) >= 2 ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL';
		if (this.extraEnv.N8N_WEBHOOK_URL || this.extraEnv.WEBHOOK_URL) return {};
		return { [name]: `${this.baseUrl}/` };
	}

	async httpStatus(urlPath) {
		try {
			const response = await fetch(`${this.baseUrl}${urlPath}`, { signal: AbortSignal.timeout(5000) });
			await response.arrayBuffer();
			return response.status;
		} catch {
			return 0;
		}
	}

	/**
	 * Creates the owner account through the REST API the setup screen uses and logs in as it. If the
	 * instance already has an owner (a persistent folder), logs in with the same e-mail/password.
	 * Returns `{ email, password, firstName, lastName }`.
	 */
	async setupOwner(owner = {}) {
		if (!this.isRunning()) throw new Error('setupOwner() needs a running n8n (call start() first)');
		const login = { ...DEFAULT_OWNER, ...owner };
		const response = await this.request('POST', '/rest/owner/setup', login, { auth: false });
		if (response.status === 200) {
			this.cookie = this.cookieFrom(response);
		} else {
			const loggedIn = await this.request('POST', '/rest/login', { emailOrLdapLoginId: login.email, password: login.password }, { auth: false });
			if (loggedIn.status !== 200) {
				throw new Error(`owner setup failed (${response.status} ${JSON.stringify(response.body)}) and login failed (${loggedIn.status} ${JSON.stringify(loggedIn.body)})`);
			}
			this.cookie = this.cookieFrom(loggedIn);
		}
		this.owner = login;
		return { ...login };
	}

	async ensureLogin() {
		if (!this.cookie) await this.setupOwner(this.owner || {});
	}

	cookieFrom(response) {
		const cookies = response.headers.getSetCookie ? response.headers.getSetCookie() : [response.headers.get('set-cookie')];
		const auth = cookies.filter(Boolean).map((cookie) => cookie.split(';')[0]).find((cookie) => cookie.startsWith('n8n-auth='));
		if (!auth) throw new Error('n8n did not set the n8n-auth cookie');
		return auth;
	}

	/** An HTTP request to the running instance, as the owner once logged in. Never throws on status. */
	async request(method, urlPath, body, { auth = true, headers = {} } = {}) {
		if (!this.baseUrl) throw new Error('n8n is not running');
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(auth && this.cookie ? { cookie: this.cookie } : {}),
				...headers,
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// Not JSON.
		}
		return { status: response.status, headers: response.headers, body: parsed };
	}

	/** Like request(), as the owner, throwing unless the status is 2xx; resolves to the JSON body. */
	async rest(method, urlPath, body) {
		await this.ensureLogin();
		const response = await this.request(method, urlPath, body);
		if (response.status < 200 || response.status > 299) {
			throw new Error(`${method} ${urlPath} → ${response.status}: ${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}`);
		}
		return response.body;
	}

	/** The node types the running editor offers (GET /types/nodes.json). */
	async nodeTypes() {
		return this.rest('GET', '/types/nodes.json');
	}

	/** The bytes of a binary property from a run: inline (default mode) or stored (filesystem mode). */
	readBinary(binary) {
		if (!binary) throw new Error('no binary data given');
		if (binary.data && !binary.id) return Buffer.from(binary.data, 'base64');
		const match = /^(filesystem(?:-v2)?):(.+)$/.exec(binary.id || '');
		if (!match) throw new Error(`cannot read binary data stored as "${binary.id}"`);
		const base = this.extraEnv.N8N_BINARY_DATA_STORAGE_PATH || this.extraEnv.N8N_STORAGE_PATH || path.join(this.n8nFolder, 'storage');
		return fs.readFileSync(path.join(base, match[2]));
	}

	/** Stops `n8n start` (and any other background process): SIGTERM, then SIGKILL after a grace period. */
	async stop() {
		const handles = [...this.processes.values()].reverse();
		this.processes.clear();
		this.startedExplicitly = false;
		this.serverEnv = undefined;
		await Promise.all(
			handles.map(async (handle) => {
				if (handle.done) return;
				killGroup(handle.child.pid, 'SIGTERM');
				let timer;
				const stopped = await Promise.race([
					handle.exited.then(() => true),
					new Promise((resolve) => (timer = setTimeout(() => resolve(false), STOP_GRACE_MS))),
				]);
				clearTimeout(timer);
				if (!stopped) {
					killGroup(handle.child.pid, 'SIGKILL');
					await handle.exited;
				}
			}),
		);
		this.cookie = undefined;
	}

	/** stop(), then removes the temporary user folder (kept for a fixed folder or HARNESS_KEEP=1). */
	async destroy() {
		if (this.destroyed) return;
		await this.stop();
		this.destroyed = true;
		if (!this.persistent && process.env.HARNESS_KEEP !== '1') {
			fs.rmSync(this.userFolder, { recursive: true, force: true });
		} else if (process.env.HARNESS_KEEP === '1') {
			process.stderr.write(`[harness] kept ${this.userFolder}\n`);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Reading runs. They accept what execute()/executeBatch() return, the `data` inside it, and the
// executions listExecutions() returns.

function resultDataOf(run) {
	if (!run) throw new Error('no run given');
	const resultData = run.data?.data?.resultData ?? run.data?.resultData ?? run.resultData;
	if (!resultData) {
		const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.slice(-3000);
		const how = run.exitCode === null ? `n8n was killed by ${run.signal || 'a signal'}` : `exit code ${run.exitCode}`;
		throw new Error(`the run has no data (${how}); n8n printed:\n${tail}`);
	}
	return resultData;
}

function errorMessageOf(error) {
	if (!error) return null;
	return { ...error, message: error.message ?? String(error), description: error.description ?? null, nodeName: error.node?.name ?? null };
}

/**
 * The items of a node's output (`output`, default the first) of its last run (or `runIndex`):
 * `[{ json, binary?, error?, pairedItem }]`. [] when the node ran but produced nothing there;
 * throws when the node did not run at all.
 */
function outputOf(run, nodeName, { output = 0, runIndex } = {}) {
	const resultData = resultDataOf(run);
	const runs = resultData.runData?.[nodeName];
	if (!runs || !runs.length) {
		const ran = Object.keys(resultData.runData || {});
		const error = resultData.error ? ` The run failed: ${resultData.error.message}${resultData.error.description ? ` (${resultData.error.description})` : ''}` : '';
		throw new Error(`node "${nodeName}" did not run. Nodes that ran: ${ran.join(', ') || 'none'}.${error}`);
	}
	const task = runs[runIndex ?? runs.length - 1];
	return task?.data?.main?.[output] ?? [];
}

/**
 * The run's error (what n8n shows for a failed execution): the error object with `message`,
 * `description`, `nodeName` (and n8n's own fields such as `httpCode`), or null when it succeeded.
 * With `nodeName`: that node's error in its last run (also set when it failed with
 * "continue on fail" off), or null.
 */
function errorOf(run, nodeName) {
	if (run && !run.data && run.exitCode !== undefined && run.exitCode !== 0) {
		const how = run.exitCode === null ? `was killed by ${run.signal || 'a signal'}` : `exited with ${run.exitCode}`;
		return { message: `n8n ${how} and printed no run`, description: `${run.stdout ?? ''}${run.stderr ?? ''}`.slice(-3000), nodeName: null };
	}
	const resultData = resultDataOf(run);
	if (nodeName) {
		const runs = resultData.runData?.[nodeName];
		return errorMessageOf(runs?.[runs.length - 1]?.error);
	}
	return errorMessageOf(resultData.error);
}

/** Names of the nodes that ran, in the order they first ran. */
function nodesRun(run) {
	const runData = resultDataOf(run).runData || {};
	return Object.keys(runData).sort((a, b) => (runData[a][0]?.executionIndex ?? 0) - (runData[b][0]?.executionIndex ?? 0));
}

module.exports = { N8nInstance, outputOf, errorOf, nodesRun, parseRunJson, freePort, FIXED_ENCRYPTION_KEY, DEFAULT_OWNER };
