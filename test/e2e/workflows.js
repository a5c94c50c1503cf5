'use strict';
// Builds workflow JSON the way the n8n editor saves it, so the e2e suites read like the user's
// canvas: a Manual Trigger followed by a chain of nodes.

/** Node type names as users see them once the packages are installed from npm. */
const TYPES = {
	trint: 'n8n-nodes-trint.trint',
	trustNxt: 'n8n-nodes-trustnxt.trustNxt',
	trintTrigger: 'n8n-nodes-trint.trintTrigger',
	trintNewTranscriptTrigger: 'n8n-nodes-trint.trintNewTranscriptTrigger',
	manualTrigger: 'n8n-nodes-base.manualTrigger',
	readWriteFile: 'n8n-nodes-base.readWriteFile',
};

let counter = 0;

/** n8n workflow ids are 16 characters. */
function workflowId(label) {
	counter++;
	const base = `${label}${counter}`.replace(/[^A-Za-z0-9]/g, '');
	return (base + 'x'.repeat(16)).slice(0, 16);
}

/**
 * `trigger` followed by a chain of nodes, laid out left to right and connected in order, as the
 * editor saves them. Each node: { name, type, parameters, credentials?, typeVersion?,
 * continueOnFail? }. Returns the workflow's `nodes` and `connections`.
 */
function triggeredChain(id, trigger, nodes) {
	const all = [
		{ position: [0, 0], ...trigger },
		...nodes.map((node, index) => ({
			id: `${id}-n${index}`,
			name: node.name,
			type: node.type,
			typeVersion: node.typeVersion ?? 1,
			position: [220 * (index + 1), 0],
			parameters: node.parameters ?? {},
			...(node.credentials ? { credentials: node.credentials } : {}),
			...(node.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		})),
	];
	const connections = {};
	for (let index = 0; index < all.length - 1; index++) {
		connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: all, connections };
}

/** A workflow: Manual Trigger → nodes[0] → nodes[1] → ... */
function chainWorkflow(label, nodes) {
	const id = workflowId(label);
	const start = { id: `${id}-start`, name: 'Start', type: TYPES.manualTrigger, typeVersion: 1, parameters: {} };
	return { id, name: `${label} (${id})`, active: false, ...triggeredChain(id, start, nodes), settings: { executionOrder: 'v1' }, pinData: {} };
}

/** A Trint node with the credential chosen by `auth` ('keyAndSecret' or 'legacyKey'). */
function trintNode(name, parameters, { auth = 'keyAndSecret', credential, continueOnFail } = {}) {
	const credentialType = auth === 'legacyKey' ? 'trintLegacyApi' : 'trintApi';
	return {
		name,
		type: TYPES.trint,
		parameters: { authentication: auth, ...parameters },
		credentials: { [credentialType]: { id: credential.id, name: credential.name } },
		continueOnFail,
	};
}

/** A resource-locator value as the editor stores it. */
function byId(value) {
	return { __rl: true, mode: 'id', value };
}

function readFileNode(name, filePath) {
	return { name, type: TYPES.readWriteFile, parameters: { operation: 'read', fileSelector: filePath, options: {} } };
}

function writeFileNode(name, filePath, dataPropertyName = 'data') {
	return { name, type: TYPES.readWriteFile, parameters: { operation: 'write', fileName: filePath, dataPropertyName, options: {} } };
}

module.exports = { TYPES, chainWorkflow, triggeredChain, trintNode, byId, readFileNode, writeFileNode };
