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

/** Webhook (POST /webhook/<path>) → nodes[0] → nodes[1] → ...; `respond` 'onReceived' answers once the run is queued. */
function webhookWorkflow(label, webhookPath, nodes, respond = 'lastNode') {
	const id = workflowId(label);
	const webhook = {
		id: `${id}-hook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: respond, responseData: 'noData', options: {} },
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

const readFileNode = (name, fileSelector) => ({ name, type: TYPES.readWriteFile, typeVersion: 1, parameters: { operation: 'read', fileSelector, options: {} } });
const use = (type, credential) => (credential ? { credentials: { [type]: { id: credential.id, name: credential.name } } } : {});
const trintNode = (name, parameters, credential) => ({ name, type: TYPES.trint, parameters: { authentication: 'keyAndSecret', ...parameters }, ...use('trintApi', credential) });
/** Without a credential for the local operations (Read and Verify Content Credentials). */
const trustNxtNode = (name, parameters, credential) => ({ name, type: TYPES.trustNxt, parameters, ...use('trustNxtApi', credential) });
/** The ceiling baseline (bench/ceiling): `operation` list | upload | export against `baseUrl`. */
const ceilingNode = (name, parameters, credential) => ({ name, type: CEILING_TYPE, typeVersion: 1, parameters, ...use('trintApi', credential) });
/** n8n's No Operation node: passes its items on untouched (the floor of a per-item node). */
const noOpNode = (name) => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** An HTTP Request 4.2 node; with `credential`, authenticated by that generic credential. */
function httpRequestNode(name, parameters, credential) {
	const auth = credential ? { authentication: 'genericCredentialType', genericAuthType: credential.type } : {};
	return { name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { ...parameters, ...auth }, ...use(credential?.type, credential) };
}

/**
 * What users do today without the pack: HTTP Request 4.2 with its built-in pagination ("Update a
 * Parameter in Each Request": skip = $pageCount × 1000, complete when the response is empty) and
 * a generic Basic-auth credential.
 */
function httpRequestListNode(name, origin, credential, pageSize = 1000) {
	const pagination = { paginationMode: 'updateAParameterInEachRequest', parameters: { parameters: [{ type: 'qs', name: 'skip', value: `={{ $pageCount * ${pageSize} }}` }] }, paginationCompleteWhen: 'responseIsEmpty', requestInterval: 0 };
	return httpRequestNode(name, { method: 'GET', url: `${origin}/transcripts/`, sendQuery: true, queryParameters: { parameters: [{ name: 'limit', value: String(pageSize) }] }, options: { pagination: { pagination } } }, credential);
}

/** HTTP Request 4.2 sending a binary field as the raw body (what users do today for a Trint upload). */
function httpRequestUploadNode(name, origin, credential, query) {
	const queryParameters = { parameters: Object.entries(query).map(([key, value]) => ({ name: key, value: String(value) })) };
	return httpRequestNode(name, { method: 'POST', url: `${origin}/`, sendQuery: true, queryParameters, sendBody: true, contentType: 'binaryData', inputDataFieldName: 'data', options: {} }, credential);
}

/** HTTP Request 4.2 asking Trint for an export (JSON with the link), Basic auth. */
const httpRequestExportNode = (name, origin, credential, exportPath) => httpRequestNode(name, { method: 'GET', url: `${origin}${exportPath}`, options: {} }, credential);
/** HTTP Request 4.2 fetching the link of the previous item into a binary field (no auth). */
const httpRequestDownloadNode = (name) => httpRequestNode(name, { method: 'GET', url: '={{ $json.url }}', options: { response: { response: { responseFormat: 'file' } } } });
const byId = (value) => ({ __rl: true, mode: 'id', value });

module.exports = { CEILING_PACKAGE, webhookWorkflow, readFileNode, trintNode, trustNxtNode, ceilingNode, noOpNode, httpRequestListNode, httpRequestUploadNode, httpRequestExportNode, httpRequestDownloadNode, byId };
