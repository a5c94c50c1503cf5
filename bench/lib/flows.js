'use strict';
// Benchmark workflows: a Webhook trigger (so a running `n8n start` executes them without a new
// process per run) followed by a chain of nodes. The webhook answers once the last node is done
// ("When Last Node Finishes") with no data, so the caller's round trip covers the whole
// execution without shipping 100,000 items back.

const crypto = require('node:crypto');
const { TYPES, triggeredChain } = require('../../test/e2e/workflows');
/** The ceiling node (bench/ceiling), installed beside the pack by bench/run.js. */
const CEILING_PACKAGE = 'n8n-nodes-bench-ceiling';
const CEILING_TYPE = `${CEILING_PACKAGE}.benchCeiling`;

let counter = 0;

function workflowId(label) {
	counter++;
	// n8n ids are 16 characters; execute-batch-style tools want a digit in them.
	// The counter always survives the cut to 16, so two long labels cannot give one id.
	const suffix = String(counter);
	return (`bench${label}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 16 - suffix.length) + suffix).padEnd(16, '0');
}

/** Webhook (POST /webhook/<path>) → nodes[0] → nodes[1] → ... */
function webhookWorkflow(label, webhookPath, nodes) {
	const id = workflowId(label);
	const webhook = {
		id: `${id}-hook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'noData', options: {} },
	};
	const { nodes: all, connections } = triggeredChain(id, webhook, nodes);
	return {
		id,
		name: `bench ${label} (${id})`,
		active: false,
		nodes: all,
		connections,
		// Run data of successful runs is kept: the node timings are read from it.
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveManualExecutions: true },
		pinData: {},
		webhookPath,
	};
}

function readFileNode(name, fileSelector) {
	return { name, type: TYPES.readWriteFile, typeVersion: 1, parameters: { operation: 'read', fileSelector, options: {} } };
}

function trintNode(name, parameters, credential) {
	return {
		name,
		type: TYPES.trint,
		parameters: { authentication: 'keyAndSecret', ...parameters },
		credentials: { trintApi: { id: credential.id, name: credential.name } },
	};
}

function trustNxtNode(name, parameters, credential) {
	return {
		name,
		type: TYPES.trustNxt,
		parameters,
		// Read Content Credentials runs without a credential.
		...(credential ? { credentials: { trustNxtApi: { id: credential.id, name: credential.name } } } : {}),
	};
}

/** The ceiling baseline (bench/ceiling): `operation` list | upload | export against `baseUrl`. */
function ceilingNode(name, parameters, credential) {
	return {
		name,
		type: CEILING_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { trintApi: { id: credential.id, name: credential.name } },
	};
}

/** n8n's No Operation node: passes its items on untouched (the floor of a per-item node). */
function noOpNode(name) {
	return { name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

/**
 * An HTTP Request 4.2 node; with `credential`, authenticated by that generic credential.
 */
function httpRequestNode(name, parameters, credential) {
	const type = credential?.type ?? 'httpBasicAuth';
	const auth = credential ? { authentication: 'genericCredentialType', genericAuthType: type } : {};
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { ...parameters, ...auth },
		...(credential ? { credentials: { [type]: { id: credential.id, name: credential.name } } } : {}),
	};
}

/**
 * What users do today without the pack: HTTP Request 4.2 with its built-in pagination ("Update a
 * Parameter in Each Request": skip = $pageCount × 1000, complete when the response is empty) and
 * a generic Basic-auth credential.
 */
function httpRequestListNode(name, origin, credential, pageSize = 1000) {
	return httpRequestNode(
		name,
		{
			method: 'GET',
			url: `${origin}/transcripts/`,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'limit', value: String(pageSize) }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: { parameters: [{ type: 'qs', name: 'skip', value: `={{ $pageCount * ${pageSize} }}` }] },
						paginationCompleteWhen: 'responseIsEmpty',
						requestInterval: 0,
					},
				},
			},
		},
		credential,
	);
}

/** HTTP Request 4.2 sending a binary field as the raw body (what users do today for a Trint upload). */
function httpRequestUploadNode(name, origin, credential, query) {
	return httpRequestNode(
		name,
		{
			method: 'POST',
			url: `${origin}/`,
			sendQuery: true,
			queryParameters: { parameters: Object.entries(query).map(([key, value]) => ({ name: key, value: String(value) })) },
			sendBody: true,
			contentType: 'binaryData',
			inputDataFieldName: 'data',
			options: {},
		},
		credential,
	);
}

/** HTTP Request 4.2 asking Trint for an export (JSON with the link), Basic auth. */
function httpRequestExportNode(name, origin, credential, exportPath) {
	return httpRequestNode(name, { method: 'GET', url: `${origin}${exportPath}`, options: {} }, credential);
}

/** HTTP Request 4.2 fetching the link of the previous item into a binary field (no auth). */
function httpRequestDownloadNode(name) {
	return httpRequestNode(name, { method: 'GET', url: '={{ $json.url }}', options: { response: { response: { responseFormat: 'file' } } } });
}

function byId(value) {
	return { __rl: true, mode: 'id', value };
}

module.exports = {
	CEILING_PACKAGE,
	webhookWorkflow,
	readFileNode,
	trintNode,
	trustNxtNode,
	ceilingNode,
	noOpNode,
	httpRequestListNode,
	httpRequestUploadNode,
	httpRequestExportNode,
	httpRequestDownloadNode,
	byId,
};
