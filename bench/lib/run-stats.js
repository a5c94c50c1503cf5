'use strict';
// Reads the timing of finished executions straight from an n8n SQLite database, without building
// the whole run in memory (a Get Many run holds 100,000 items). Run with the harness's Node 24,
// which has node:sqlite:
//   node run-stats.js <database.sqlite> '{"workflowId":"...","sinceId":12,"countValues":{"Inspect":"verdict"}}'
// Prints a JSON array, oldest first:
//   [{ id, status, finished, durationMs, dataBytes, error, nodes: { <name>: { executionTime, items, error, values? } } }]
// `items` counts the items of the node's first output in its last run.

const { openExecutions } = require('../../test/e2e/harness/db-read');

/**
 * n8n stores run data "flatted": a JSON array whose entry 0 is the root; inside objects, every
 * object or string value is an index (written as a string) into that array. This walks it lazily.
 */
function flattedReader(text) {
	const table = JSON.parse(text);
	const isTable = Array.isArray(table);
	const deref = (value) => (isTable && typeof value === 'string' ? table[Number(value)] : value);
	const root = isTable ? table[0] : table;
	const get = (node, ...keys) => {
		let current = node;
		for (const key of keys) {
			if (current === null || typeof current !== 'object') return undefined;
			current = deref(current[key]);
		}
		return current;
	};
	return { root, get, deref };
}

function summarise(row, { countValues = {} } = {}) {
	const at = (text) => Date.parse(`${text.replace(' ', 'T')}Z`);
	const summary = {
		id: String(row.id),
		status: row.status,
		finished: Boolean(row.finished),
		durationMs: row.startedAt && row.stoppedAt ? at(row.stoppedAt) - at(row.startedAt) : null,
		dataBytes: row.data ? Buffer.byteLength(row.data) : 0,
		nodes: {},
		error: null,
	};
	if (!row.data) return summary;
	const { root, get } = flattedReader(row.data);
	const resultError = get(root, 'resultData', 'error');
	if (resultError) summary.error = String(get(resultError, 'message') ?? 'error');
	const runData = get(root, 'resultData', 'runData') || {};
	for (const name of Object.keys(runData)) {
		const runs = get(runData, name) || [];
		const last = get(runs, runs.length - 1);
		if (!last) continue;
		const main = get(last, 'data', 'main');
		const first = main ? get(main, 0) : null;
		const taskError = get(last, 'error');
		const node = { executionTime: get(last, 'executionTime') ?? null, items: Array.isArray(first) ? first.length : 0, error: taskError ? String(get(taskError, 'message') ?? 'error') : null };
		// How often each value of json[field] occurs among the node's output items.
		const field = countValues[name];
		if (field && Array.isArray(first)) {
			const counts = {};
			for (let index = 0; index < first.length; index++) {
				const value = String(get(get(first, index), 'json', field));
				counts[value] = (counts[value] || 0) + 1;
			}
			node.values = { [field]: counts };
		}
		summary.nodes[name] = node;
	}
	return summary;
}

function main() {
	const [file, queryText] = process.argv.slice(2);
	const query = JSON.parse(queryText || '{}');
	const opened = openExecutions(file, query);
	if (!opened) return;
	const { db, where, params } = opened;
	const rows = db
		.prepare(
			`SELECT e.id, e.workflowId, e.status, e.finished, e.startedAt, e.stoppedAt, d.data AS data
			 FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
			 WHERE ${where.join(' AND ')} ORDER BY e.id ASC`,
		)
		.all(...params);
	process.stdout.write(JSON.stringify(rows.map((row) => summarise(row, { countValues: query.countValues }))));
}

main();
