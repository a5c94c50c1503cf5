'use strict';
// n8n's queue mode as users scale it out: a throw-away Postgres cluster, a Redis server, one n8n
// main (`n8n start`: editor, webhooks, triggers; it only enqueues executions) and several
// `n8n worker` processes that run them. Everything listens on 127.0.0.1 on free ports and is
// stopped and removed by stop().
//
// Each n8n process has its own user folder with the pack installed into its own .n8n/nodes, as
// n8n documents for workers (community nodes must be installed on every worker; workers load
// them from their user folder, as main does). They share only what n8n shares in queue mode:
// Postgres (workflows, credentials, executions and, in n8n's default `database` binary data mode
// for queue mode, the files) and Redis (the job queue).

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, freePort } = require('./n8n');
const { unflatten } = require('./db-read');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Servers to take down if the test process exits without stop().
const live = new Set();
process.once('exit', () => {
	for (const child of live) {
		try {
			process.kill(child.pid, 'SIGKILL');
		} catch {
			// Gone.
		}
	}
});

// setpriv (util-linux) asks the kernel to SIGKILL the server when this process dies, even when
// killed without a chance to clean up; Postgres's backends then exit on their own.
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => fs.existsSync(file));
const TEMP_PREFIXES = ['n8n-harness-pg-', 'n8n-harness-redis-'];
const OWNER_FILE = '.harness-owner-pid';

/** A temp folder for a server, marked with this process's pid; folders of dead test processes are removed. */
function serverFolder(prefix) {
	for (const name of fs.readdirSync(os.tmpdir())) {
		if (!TEMP_PREFIXES.some((p) => name.startsWith(p))) continue;
		const folder = path.join(os.tmpdir(), name);
		let pid;
		try {
			pid = Number(fs.readFileSync(path.join(folder, OWNER_FILE), 'utf8'));
		} catch {
			continue; // not marked (yet): not ours to judge
		}
		try {
			process.kill(pid, 0);
		} catch (error) {
			if (error.code !== 'EPERM') fs.rmSync(folder, { recursive: true, force: true });
		}
	}
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	fs.writeFileSync(path.join(folder, OWNER_FILE), String(process.pid));
	return folder;
}

function startServer(command, args, options = {}) {
	const [file, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
	const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
	live.add(child);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
	exited.then(() => live.delete(child));
	return { child, exited, output: () => output };
}

async function stopServer(server, signal = 'SIGTERM', graceMs = 15000) {
	if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
	server.child.kill(signal);
	let timer;
	const stopped = await Promise.race([server.exited.then(() => true), new Promise((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
	clearTimeout(timer);
	if (!stopped) {
		server.child.kill('SIGKILL');
		await server.exited;
	}
}

/** Output of a short command; rejects with its output on a non-zero exit. */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		const out = [];
		let err = '';
		child.stdout.on('data', (chunk) => out.push(chunk));
		child.stderr.on('data', (chunk) => (err += chunk));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${err}`))));
	});
}

// ---- Postgres: Debian's package, a cluster of our own made with initdb in a temp folder.

/**
 * Starts a throw-away cluster on a free port. Postgres refuses to run as root: as root the cluster
 * belongs to the `postgres` user the package created. Durability settings are off (nothing here
 * outlives the test). Returns `{ port, database, user, env, sql(query), stop() }`.
 */
async function startPostgres() {
	const binDir = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-postgres.sh')], { encoding: 'utf8' }).trim().split('\n').pop();
	const folder = serverFolder('n8n-harness-pg-');
	const data = path.join(folder, 'data');
	const as = {};
	if (process.getuid && process.getuid() === 0) {
		as.uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		as.gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		fs.chownSync(folder, as.uid, as.gid);
	}
	const env = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C' };
	await run(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...as, env, cwd: folder });
	const port = await freePort();
	const server = startServer(
		path.join(binDir, 'postgres'),
		['-D', data, '-p', String(port), '-k', folder, '-h', '127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ ...as, env, cwd: folder },
	);
	const psql = (args) => run(path.join(binDir, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-X', '-q', ...args], { env: { ...env, PGCONNECT_TIMEOUT: '5' } });
	const deadline = Date.now() + 60000;
	for (;;) {
		try {
			await psql(['-d', 'postgres', '-Atc', 'select 1']);
			break;
		} catch (error) {
			if (server.child.exitCode !== null || Date.now() > deadline) {
				await stopServer(server, 'SIGKILL');
				fs.rmSync(folder, { recursive: true, force: true });
				throw new Error(`postgres did not start: ${error.message}\n${server.output()}`);
			}
			await sleep(200);
		}
	}
	await psql(['-d', 'postgres', '-c', 'CREATE DATABASE n8n']);
	return {
		port,
		database: 'n8n',
		user: 'postgres',
		/** The settings n8n reads to use this database. */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
		},
		/** The rows of a SELECT, as JSON values. */
		async sql(query) {
			const text = await psql(['-d', 'n8n', '-Atc', `SELECT coalesce(json_agg(row_to_json(t)), '[]'::json) FROM (${query}) t`]);
			return JSON.parse(text);
		},
		/** Server memory is not measured; its folder (data, socket) goes with it. */
		async stop() {
			await stopServer(server, 'SIGINT'); // "fast" shutdown
			fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}

// ---- Redis: our own server on a free port, with an append-only file so a restart keeps the queue.

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/**
 * A Redis server on a free port. Its queue survives restart() (append-only file, fsync on every
 * write: what a deployment that must not lose queued executions runs). Returns `{ port, restart(), stop() }`.
 */
async function startRedis() {
	const binary = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-redis.sh')], { encoding: 'utf8' }).trim().split('\n').pop();
	const folder = serverFolder('n8n-harness-redis-');
	const port = await freePort();
	let server;
	const launch = async () => {
		server = startServer(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { cwd: folder });
		const deadline = Date.now() + 15000;
		while (!(await redisPing(port))) {
			if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${server.output()}`);
			await sleep(100);
		}
	};
	await launch();
	return {
		port,
		/** Stops the server (SIGTERM: Redis writes its file and exits), waits `downMs`, starts it again on the same port. */
		async restart({ downMs = 0 } = {}) {
			await stopServer(server);
			if (downMs) await sleep(downMs);
			await launch();
		},
		async stop() {
			await stopServer(server);
			fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}

// ---- The n8n processes.

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memoryOf(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const read = (key) => Number((new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status) || [])[1] || 0) / 1024;
		return { rssMiB: Math.round(read('VmRSS')), peakMiB: Math.round(read('VmHWM')) };
	} catch {
		return null;
	}
}

class QueueTopology {
	/**
	 * @param {object} options
	 * @param {string} [options.tarball] the pack's tarball, installed into main and every worker
	 *   (N8nInstance's install: an npm install into <userFolder>/.n8n/nodes)
	 * @param {object} [options.instance] more N8nInstance.create() options for every n8n process
	 *   (whatever the harness's install takes, e.g. other tarballs), passed through as they are
	 * @param {number} [options.workers] how many `n8n worker` processes (default 2)
	 * @param {number} [options.concurrency] each worker's --concurrency (default 5)
	 * @param {object} [options.env] extra settings for every n8n process
	 */
	static async start(options) {
		const topology = new QueueTopology(options);
		try {
			await topology.init();
		} catch (error) {
			await topology.stop();
			throw error;
		}
		return topology;
	}

	constructor({ tarball, instance = {}, workers = 2, concurrency = 5, env = {} }) {
		this.tarball = tarball;
		this.instanceOptions = instance;
		this.workerCount = workers;
		this.concurrency = concurrency;
		this.extraEnv = env;
		this.workers = []; // N8nInstance per worker, each with its own user folder
		this.timings = {};
	}

	async init() {
		let started = Date.now();
		[this.postgres, this.redis] = await Promise.all([startPostgres(), startRedis()]);
		this.timings.servicesMs = Date.now() - started;
		const prefix = `harness-queue-${process.pid}-${Date.now()}`;
		// What every n8n process of the deployment is given alike. The binary data mode is left to
		// n8n's default (database in queue mode); the tests check it.
		this.env = {
			...this.postgres.env,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			QUEUE_BULL_PREFIX: prefix,
			...this.extraEnv,
		};
		started = Date.now();
		const install = () => N8nInstance.create({ tarball: this.tarball, ...this.instanceOptions, binaryDataMode: null, env: this.env });
		[this.main, ...this.workers] = await Promise.all([install(), ...Array.from({ length: this.workerCount }, () => install())]);
		this.timings.installMs = Date.now() - started;
	}

	/** Starts main (migrations run there), then the workers. Workflows and credentials go to main before. */
	async startAll() {
		let started = Date.now();
		await this.main.start();
		this.timings.mainStartMs = Date.now() - started;
		started = Date.now();
		await Promise.all(this.workers.map((_, index) => this.startWorker(index)));
		this.timings.workersStartMs = Date.now() - started;
	}

	/** `n8n worker --concurrency=<c>` in worker `index`'s own user folder; resolves once it is ready. */
	async startWorker(index, { timeoutMs = 3 * 60 * 1000 } = {}) {
		const instance = this.workers[index];
		const entry = await instance.startProcess('worker', ['worker', `--concurrency=${this.concurrency}`], {
			name: `n8n worker ${index + 1}`,
			env: { QUEUE_HEALTH_CHECK_ACTIVE: 'false', N8N_WEBHOOK_URL: `${this.main.baseUrl}/` },
		});
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (entry.done) throw new Error(`n8n worker ${index + 1} exited before it was ready:\n${entry.output().slice(-6000)}`);
			if (entry.output().includes('n8n worker is now ready')) return entry;
			if (Date.now() > deadline) throw new Error(`n8n worker ${index + 1} not ready in time:\n${entry.output().slice(-6000)}`);
			await sleep(100);
		}
	}

	/** The running worker process `index` (`{ child, done, output() }`), or undefined. */
	worker(index) {
		return this.workers[index].processes.get('worker');
	}

	workerLog(index) {
		return this.workers[index].logText();
	}

	mainLog() {
		return this.main.logText();
	}

	/** Stops worker `index` gracefully (SIGTERM: n8n lets its running executions finish first). */
	async stopWorker(index) {
		await this.workers[index].stop();
	}

	/** SIGKILL to worker `index`'s whole process group (n8n and its task runner): a crashed machine. */
	async killWorker(index) {
		const entry = this.worker(index);
		try {
			process.kill(-entry.child.pid, 'SIGKILL');
		} catch {
			entry.child.kill('SIGKILL');
		}
		await entry.exited;
		this.workers[index].processes.delete('worker');
	}

	/** Memory of main and of each running worker (the n8n process itself), in MiB. */
	memory() {
		const of = (instance, key) => {
			const entry = instance.processes.get(key);
			return entry && !entry.done ? memoryOf(entry.child.pid) : null;
		};
		return { main: of(this.main, 'main'), workers: this.workers.map((worker) => of(worker, 'worker')) };
	}

	/**
	 * Executions from Postgres, oldest first: `{ id, workflowId, mode, status, finished, startedAt,
	 * stoppedAt, data? }` (data decoded from n8n's flatted format when `withData`).
	 */
	async executions({ workflowId, ids, withData = true } = {}) {
		const where = ['e."deletedAt" IS NULL'];
		if (workflowId) where.push(`e."workflowId" = '${String(workflowId).replace(/'/g, "''")}'`);
		if (ids) where.push(`e.id IN (${ids.map(Number).join(',') || 'NULL'})`);
		const rows = await this.postgres.sql(
			`SELECT e.id::text AS id, e."workflowId", e.mode, e.status, e.finished, e."startedAt", e."stoppedAt"${withData ? ', d.data' : ''}
			 FROM execution_entity e ${withData ? 'LEFT JOIN execution_data d ON d."executionId" = e.id' : ''}
			 WHERE ${where.join(' AND ')} ORDER BY e.id`,
		);
		if (withData) for (const row of rows) row.data = row.data ? unflatten(row.data) : null;
		return rows;
	}

	/** The bytes of a binary property stored in database mode (n8n's binary_data table). */
	async readBinary(binary) {
		const match = /^database:([0-9a-f-]{36})$/.exec(binary?.id || '');
		if (!match) throw new Error(`not a database-mode binary: ${binary?.id}`);
		const [row] = await this.postgres.sql(`SELECT encode(data, 'base64') AS data FROM binary_data WHERE "fileId" = '${match[1]}'`);
		if (!row) throw new Error(`no binary_data row for ${binary.id}`);
		return Buffer.from(row.data, 'base64');
	}

	/** Everything every process printed: main's, then each worker's. */
	logText() {
		return [this.main, ...this.workers].map((instance) => instance.logText()).join('\n');
	}

	async stop() {
		await Promise.allSettled([this.main, ...this.workers].filter(Boolean).map((instance) => instance.destroy()));
		await Promise.allSettled([this.redis?.stop(), this.postgres?.stop()]);
	}
}

module.exports = { QueueTopology, startPostgres, startRedis, memoryOf };
