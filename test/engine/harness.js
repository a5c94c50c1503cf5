'use strict';
// Runs a workflow in this process on n8n-core's own execution engine (`WorkflowExecute`), the way
// n8n tests its nodes (its node test harness in packages/core/nodes-testing): each published
// package (packages/<name>) is loaded by n8n-core's package loader from its package.json (so node
// types are `<package>.<node>` as in a user's workflow), parameters are resolved and expressions evaluated by n8n-workflow, requests go
// through n8n-core's request helpers with the credential applied by the credential class's own
// `authenticate`, and binary data goes through n8n-core's BinaryDataService, in memory ("default")
// or on disk ("filesystem"). Only what a running n8n adds around the engine is supplied here: the
// store of decrypted credentials, the lifecycle hooks, and a node that feeds the test's items in.
// Requires `npm run build` (the loader reads each package's dist/ through its package.json).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { PackageDirectoryLoader, WorkflowExecute, ExecutionLifecycleHooks, BinaryDataService, ExecuteContext, LoadOptionsContext, PollContext } = require('n8n-core');
const { Workflow, ICredentialsHelper, NodeHelpers, createRunExecutionData, NodeConnectionTypes } = require('n8n-workflow');
// The dependency-injection container n8n-core reads its services from, and its logger's key.
const fromCore = (name) => require(require.resolve(name, { paths: [path.dirname(require.resolve('n8n-core'))] }));
const { Container } = fromCore('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common');

const { packageFolders } = require('../../scripts/build-packages');

const PACKAGES = packageFolders().map((folder) => ({ folder, manifest: JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) }));

/**
 * Marks a test binary as one n8n keeps on disk: a run given such a binary stores it in filesystem
 * mode (unless the run names its mode).
 */
const ON_DISK = Symbol('stored on disk');

/** The type of the node that feeds a run its input items. */
const INPUT_NODE_TYPE = 'engineHarness.input';

let loaded;
/** node name (`trint`) → package name (`n8n-nodes-trint`), filled when the packages are loaded. */
const packageOfNode = new Map();

/**
 * The packages as n8n loads installed community packages (every node and credential each
 * package.json declares), seen as one registry: `getNode(name)` and `getCredential(name)` find the
 * package that has it.
 */
async function loadPackage() {
	loaded ??= (async () => {
		const loaders = [];
		for (const { folder, manifest } of PACKAGES) {
			const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter((file) => !fs.existsSync(path.join(folder, file)));
			if (missing.length) throw new Error(`not built: ${missing.join(', ')} missing in ${folder}; run \`npm run build\` first`);
			const loader = new PackageDirectoryLoader(folder);
			await loader.loadAll();
			for (const name of Object.keys(loader.known.nodes)) packageOfNode.set(name, manifest.name);
			loaders.push(loader);
		}
		const owner = (kind, name) => {
			const loader = loaders.find((candidate) => name in candidate.known[kind]);
			if (!loader) throw new Error(`no package has the ${kind === 'nodes' ? 'node' : 'credential'} ${name}`);
			return loader;
		};
		return {
			loaders,
			getNode: (name) => owner('nodes', name).getNode(name),
			getCredential: (name) => owner('credentials', name).getCredential(name),
		};
	})();
	return await loaded;
}

/** The full node type name n8n gives a node (`trint` → `n8n-nodes-trint.trint`); after loadPackage(). */
function nodeTypeName(name) {
	const packageName = packageOfNode.get(name);
	if (!packageName) throw new Error(`unknown node ${name} (are the packages loaded and built?)`);
	return `${packageName}.${name}`;
}

/**
 * A node standing in for whatever comes before the node under test (a Manual Trigger with pinned
 * data, a Code node): it outputs the test's items, each binary's bytes (`data`: base64 or a Buffer)
 * stored through n8n's binary data service with the metadata the test gave, as a node that builds
 * files does.
 */
function inputNodeType(items) {
	return {
		description: {
			displayName: 'Test Input',
			name: 'input',
			group: ['transform'],
			version: 1,
			description: 'Outputs the test items',
			defaults: { name: 'Test Input' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute() {
			const output = [];
			for (const item of items) {
				const out = { json: structuredClone(item.json ?? {}), pairedItem: { item: 0 } };
				if (item.binary) {
					out.binary = {};
					for (const [key, given] of Object.entries(item.binary)) {
						// Already in the store (an earlier run's output in filesystem mode): passed on as is.
						if (given.id) {
							out.binary[key] = structuredClone(given);
							continue;
						}
						const { data, [ON_DISK]: _onDisk, ...metadata } = given;
						const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data ?? '', 'base64');
						const stored = await this.helpers.setBinaryDataBuffer({ ...metadata, data: '' }, bytes);
						// `bytes: null` asks for a binary as n8n stored it before it noted the exact size.
						if (metadata.bytes === null) delete stored.bytes;
						out.binary[key] = stored;
					}
				}
				output.push(out);
			}
			return [output];
		},
	};
}

/**
 * The node type as loaded, its execute watched: n8n keeps only a plain copy of a node's error in
 * the run data, so the error instance the node threw is noted on its way to the engine.
 */
function watchedNodeType(type, thrown) {
	if (typeof type.execute !== 'function') return type;
	const watched = Object.create(type);
	watched.execute = async function execute(...args) {
		try {
			return await type.execute.apply(this, args);
		} catch (error) {
			thrown.push(error);
			throw error;
		}
	};
	return watched;
}

/** n8n's node-type registry, over the loaded package plus the run's input node. */
function nodeTypes(loader, extra = {}, thrown) {
	const byName = (type) => {
		if (type in extra) return extra[type];
		const [packageName, name] = [type.slice(0, type.lastIndexOf('.')), type.slice(type.lastIndexOf('.') + 1)];
		if (packageOfNode.get(name) === packageName) {
			const loaded = loader.getNode(name).type;
			return thrown ? watchedNodeType(loaded, thrown) : loaded;
		}
		throw new Error(`unknown node type ${type}`);
	};
	return {
		getByName: byName,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName(type), version),
		getKnownTypes: () => ({}),
	};
}

/**
 * What n8n's credential service does for a run, over plain test data: the decrypted values with
 * the credential type's defaults applied, and every request signed by the credential class's own
 * `authenticate`.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(loader, credentials) {
		super();
		this.loader = loader;
		this.credentials = credentials ?? {};
		/** Every credential application, in order: the type and the request it signed. */
		this.applied = [];
	}

	type(name) {
		return this.loader.getCredential(name).type;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		const type = this.type(credentialType);
		if (!type.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).map(nodeTypeName).includes(nodeType);
	}

	async authenticate(credentials, typeName, requestOptions) {
		const type = this.type(typeName);
		if (typeof type.authenticate !== 'function') throw new Error(`credential ${typeName} has no authenticate function; this harness applies only those`);
		this.applied.push({ type: typeName, method: requestOptions.method, url: requestOptions.url });
		return await type.authenticate(credentials, requestOptions);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials() {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(_additionalData, _nodeCredentials, typeName) {
		const data = this.credentials[typeName];
		if (!data) throw new Error(`no credential of type ${typeName} given to the run`);
		// As n8n does before handing credentials to a node: the type's defaults for what was not set.
		return NodeHelpers.getNodeParameters(this.type(typeName).properties, structuredClone(data), true, false, null, null);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(typeName) {
		return this.type(typeName).properties;
	}
}

const binaryServices = {};
let storagePath;
/**
 * n8n's binary data service in a mode, put where n8n-core's helpers look for it. "default" keeps
 * bytes in the item (base64); "filesystem" writes them to a storage folder and hands nodes ids.
 * Every read through the service is counted on `service.reads`.
 */
async function useBinaryDataMode(mode = 'default') {
	if (!binaryServices[mode]) {
		// One storage folder for both modes, as one n8n keeps: a file stored in filesystem mode
		// stays readable when a later run keeps its own binaries in memory.
		storagePath ??= fs.mkdtempSync(path.join(os.tmpdir(), 'engine-binary-data-'));
		const quiet = { error() {}, warn() {}, info() {}, debug() {} };
		const service = new BinaryDataService({ mode, localStoragePath: storagePath, signingSecret: 'engine-harness' }, quiet, quiet);
		await service.init();
		service.reads = { streams: 0, buffers: 0, metadata: 0 };
		for (const [method, counter] of [['getAsStream', 'streams'], ['getAsBuffer', 'buffers'], ['getMetadata', 'metadata']]) {
			const original = service[method].bind(service);
			service[method] = (...args) => {
				service.reads[counter]++;
				return original(...args);
			};
		}
		binaryServices[mode] = service;
	}
	Container.set(BinaryDataService, binaryServices[mode]);
	return binaryServices[mode];
}

/** How often the service of a mode was read since this process started ({ streams, buffers, metadata }). */
function binaryReads(mode) {
	return { streams: 0, buffers: 0, metadata: 0, ...binaryServices[mode]?.reads };
}

/** The binary data service last put in place (for reading stored bytes back in assertions). */
function currentBinaryDataService() {
	return Container.get(BinaryDataService);
}

/** Removes the storage folders the runs of this process wrote. */
function removeBinaryStorage() {
	if (storagePath) fs.rmSync(storagePath, { recursive: true, force: true });
}

/** The bytes of a binary in an output item, wherever the service keeps them (read whole, for assertions). */
function binaryBytes(binary) {
	if (binary.id) return fs.readFileSync(currentBinaryDataService().getPath(binary.id));
	return Buffer.from(binary.data, 'base64');
}

/**
 * n8n's logger, recording instead of printing: what nodes log (`this.logger`) and what the engine
 * logs about a failed node lands in `logged`, for a run's ctx.logs.
 */
const logged = [];
const recordingLogger = {
	scoped() {
		return recordingLogger;
	},
};
for (const level of ['error', 'warn', 'info', 'debug']) recordingLogger[level] = (message, meta) => logged.push({ level, message, meta });
Container.set(Logger, recordingLogger);

let executions = 0;
function additionalData(credentialsHelper, executionId, hooks) {
	return {
		credentialsHelper,
		executionId,
		hooks,
		currentNodeParameters: undefined,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		setExecutionStatus() {},
		sendDataToUI() {},
	};
}

/**
 * Runs a workflow (nodes, connections, settings; node types of this package by full name) from
 * its first node on n8n's engine. `inputItems` feed the node named `Test Input`, if the workflow
 * has one. `nodeTypeOverrides` ({ trint: <node type instance> }) runs another build of a node in
 * place of the loaded one (the bench compares builds this way). Returns { run, runData,
 * credentialsHelper, binaryDataService, thrown } (`thrown`: the errors this package's nodes threw,
 * as instances).
 */
async function runWorkflow(workflowJson, { credentials = {}, binaryDataMode = 'default', inputItems = [{ json: {} }], mode = 'manual', staticData, nodeTypeOverrides = {} } = {}) {
	const loader = await loadPackage();
	const binaryDataService = await useBinaryDataMode(binaryDataMode);
	const credentialsHelper = new TestCredentialsHelper(loader, credentials);
	const thrown = [];
	const overrides = Object.fromEntries(Object.entries(nodeTypeOverrides).map(([name, type]) => [nodeTypeName(name), watchedNodeType(type, thrown)]));
	const types = nodeTypes(loader, { [INPUT_NODE_TYPE]: inputNodeType(inputItems), ...overrides }, thrown);
	const workflow = new Workflow({
		id: 'engine-test',
		name: workflowJson.name ?? 'engine test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections ?? {},
		active: false,
		nodeTypes: types,
		settings: workflowJson.settings ?? {},
		staticData,
	});
	const executionId = String(++executions);
	const hooks = new ExecutionLifecycleHooks(mode, executionId, { id: workflow.id, name: workflow.name, nodes: workflowJson.nodes, connections: workflow.connections, active: false, settings: workflow.settings });
	const [start] = workflowJson.nodes;
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: workflow.getNode(start.name), data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const execute = new WorkflowExecute(additionalData(credentialsHelper, executionId, hooks), mode, runExecutionData);
	const run = await execute.processRunExecutionData(workflow);
	return { run, runData: run.data.resultData.runData, credentialsHelper, binaryDataService, thrown };
}

const INPUT_NAME = 'Test Input';

/**
 * `parameters` is one object, or a function of the item index (as the operation tests write
 * per-item values). n8n has one parameter set per node, so values that differ between items become
 * an n8n expression choosing by `$itemIndex`; values every item shares stay literal.
 */
function nodeParameters(parameters, itemCount) {
	if (typeof parameters !== 'function') return structuredClone(parameters ?? {});
	const perItem = Array.from({ length: Math.max(itemCount, 1) }, (_, index) => parameters(index));
	const merge = (values) => {
		const [first] = values;
		const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
		if (values.every(isObject)) {
			const keys = [...new Set(values.flatMap((value) => Object.keys(value)))];
			return Object.fromEntries(keys.map((key) => [key, merge(values.map((value) => value[key]))]));
		}
		if (values.every((value) => JSON.stringify(value) === JSON.stringify(first))) return structuredClone(first);
		return `={{ [${values.map((value) => (value === undefined ? 'undefined' : JSON.stringify(value))).join(', ')}][$itemIndex] }}`;
	};
	return merge(perItem);
}

/**
 * Runs one node of this package on n8n's engine, fed `items` by the input node. Returns
 * { items, error, ctx }: the node's first output (json, binary, pairedItem), the error it failed
 * with (the node's own NodeApiError / NodeOperationError), and ctx with what the run recorded:
 * `hints` (the node's execution hints), `requests` (each request its credential signed),
 * `binaryData` (the service's reads: streams, buffers, metadata), `logs` (what was logged),
 * `inputItems` (what the node was given), `runData`, `node`. `nodeType`: a node type instance to run
 * in place of the package's (another build of the same node).
 */
async function runNode(type, { credentials = {}, parameters, items, continueOnFail = false, binaryDataMode, typeVersion, name, nodeType } = {}) {
	items ??= [{ json: {} }];
	typeVersion ??= 1;
	if (binaryDataMode === undefined) {
		const onDisk = items.some((item) => Object.values(item.binary ?? {}).some((binary) => binary?.[ON_DISK]));
		binaryDataMode = onDisk ? 'filesystem' : 'default';
	}
	const loader = await loadPackage();
	const description = loader.getNode(type).type.description;
	const nodeName = name ?? description.defaults?.name ?? description.displayName;
	const credentialRefs = Object.fromEntries(Object.keys(credentials).map((credentialType) => [credentialType, { id: `${credentialType}-1`, name: `${credentialType} test` }]));
	const node = {
		id: 'node-under-test',
		name: nodeName,
		type: nodeTypeName(type),
		typeVersion,
		position: [200, 0],
		parameters: nodeParameters(parameters, items.length),
		credentials: credentialRefs,
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
	const workflowJson = {
		nodes: [{ id: 'test-input', name: INPUT_NAME, type: INPUT_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} }, node],
		connections: { [INPUT_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
	};
	const before = { ...(await useBinaryDataMode(binaryDataMode)).reads };
	const firstLog = logged.length;
	const nodeTypeOverrides = nodeType ? { [type]: nodeType } : {};
	const { run, runData, credentialsHelper, binaryDataService, thrown } = await runWorkflow(workflowJson, { credentials, binaryDataMode, inputItems: items, nodeTypeOverrides });
	const input = runData[INPUT_NAME]?.[0];
	if (input?.error) throw input.error;
	const task = runData[nodeName]?.[0];
	if (!task) throw run.data.resultData.error ?? new Error(`node ${nodeName} did not run`);
	const reads = Object.fromEntries(Object.entries(binaryDataService.reads).map(([key, count]) => [key, count - before[key]]));
	const ctx = {
		hints: task.hints ?? [],
		requests: credentialsHelper.applied,
		binaryData: reads,
		logs: logged.slice(firstLog),
		/** The items as n8n handed them to the node (binary metadata as the service stored it). */
		inputItems: input?.data?.main?.[0] ?? [],
		runData,
		node,
		run,
	};
	// The instance the node threw (NodeApiError, NodeOperationError); the run data holds its copy.
	if (task.error) return { error: thrown.at(-1) ?? task.error, ctx: { ...ctx, runDataError: task.error } };
	return { items: task.data?.main?.[0] ?? [], ctx };
}

/**
 * A workflow holding one node of this package with these parameters and credentials, for contexts
 * outside a run; `nodeStaticData` is that node's static data (n8n keeps it under `node:<name>`).
 */
async function singleNodeWorkflow(type, parameters, credentials = {}, nodeStaticData) {
	const loader = await loadPackage();
	const description = loader.getNode(type).type.description;
	const node = {
		id: 'node-under-test',
		name: description.defaults?.name ?? description.displayName,
		type: nodeTypeName(type),
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(parameters),
		credentials: Object.fromEntries(Object.keys(credentials).map((credentialType) => [credentialType, { id: `${credentialType}-1`, name: `${credentialType} test` }])),
	};
	const staticData = nodeStaticData ? { [`node:${node.name}`]: nodeStaticData } : undefined;
	const workflow = new Workflow({ id: 'engine-test', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes(loader), staticData });
	const credentialsHelper = new TestCredentialsHelper(loader, credentials);
	return { loader, workflow, node: workflow.getNode(node.name), credentialsHelper, data: additionalData(credentialsHelper, String(++executions)) };
}

/**
 * n8n-core's ExecuteContext for one node of this package, as WorkflowExecute builds it for a run,
 * with `items` as its input; for calling a node's `execute` (or a shared helper) directly where a
 * whole run cannot show the case (e.g. no input items: n8n does not run a node without input).
 */
async function executeContext(type, { parameters = {}, items = [], credentials = {}, continueOnFail = false, typeVersion = 1 } = {}) {
	const { workflow, node, data } = await singleNodeWorkflow(type, parameters, credentials);
	node.typeVersion = typeVersion;
	if (continueOnFail) node.onError = 'continueRegularOutput';
	const inputData = { main: [items] };
	const executeData = { node, data: inputData, source: null };
	const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack: [executeData] } });
	return new ExecuteContext(workflow, node, data, 'manual', runExecutionData, 0, items, inputData, executeData, []);
}

/**
 * Runs a list-search method (a resource locator's "From List") in n8n-core's LoadOptionsContext,
 * as the editor does, with the node's current parameters.
 */
async function listSearch(type, method, { parameters, credentials }, filter, paginationToken) {
	const { loader, workflow, node, data } = await singleNodeWorkflow(type, parameters, credentials);
	const search = loader.getNode(type).type.methods?.listSearch?.[method];
	if (typeof search !== 'function') throw new Error(`${type} has no list-search method ${method}`);
	// The editor sends the node's parameters as they stand in the form with the request.
	data.currentNodeParameters = structuredClone(parameters);
	const context = new LoadOptionsContext(workflow, node, data, 'parameters');
	return await search.call(context, filter, paginationToken);
}

/**
 * A polling trigger's context as n8n-core builds it for a poll (`mode`: "trigger" or "manual"),
 * with `staticData` as the node's static data. Returns the context; call `poll` on it.
 */
async function pollContext(type, { parameters, credentials, staticData = {}, mode = 'trigger' }) {
	const { workflow, node, data } = await singleNodeWorkflow(type, parameters, credentials, staticData);
	return new PollContext(workflow, node, data, mode, mode === 'manual' ? 'manual' : 'activate');
}

/** Runs a polling trigger of this package once, as n8n does on its schedule: its `poll` in a PollContext. */
async function poll(type, options) {
	const loader = await loadPackage();
	return await loader.getNode(type).type.poll.call(await pollContext(type, options));
}

module.exports = {
	PACKAGES,
	loadPackage,
	nodeTypeName,
	runWorkflow,
	runNode,
	listSearch,
	executeContext,
	pollContext,
	poll,
	useBinaryDataMode,
	currentBinaryDataService,
	binaryReads,
	ON_DISK,
	removeBinaryStorage,
	binaryBytes,
	INPUT_NODE_TYPE,
	INPUT_NAME,
	/** Everything n8n's logger was given in this process, in order ({ level, message, meta }). */
	logged,
};
