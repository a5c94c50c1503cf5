'use strict';
// Reads executions straight from an n8n SQLite database. Run with the cached Node 24 (it has
// `node:sqlite` built in; the test process's Node 20 does not):
//   node db-read.js <database.sqlite> '{"workflowId":"...","sinceId":12,"ids":[...],"withData":true}'
// Prints a JSON array of executions, oldest first, with the run data decoded.

/**
 * n8n stores run data in the "flatted" format: a JSON array whose first entry is the root and in
 * which every object and every string is stored once, referenced from its parents by its index
 * written as a string. Rebuild the object graph from that.
 */
function unflatten(text) {
	const table = JSON.parse(text);
	if (!Array.isArray(table)) return table;
	const built = new Map();
	const resolve = (index) => {
		const value = table[index];
		if (value === null || typeof value !== 'object') return value;
		if (built.has(index)) return built.get(index);
		const copy = Array.isArray(value) ? [] : {};
		built.set(index, copy);
		for (const key of Object.keys(value)) {
			const entry = value[key];
			copy[key] = typeof entry === 'string' ? resolve(Number(entry)) : entry;
		}
		return copy;
	};
	return resolve(0);
}

/**
 * Opens n8n's database read-only for `query` and builds its filter (not deleted, and the
 * workflow, execution ID bound and IDs it names). A `maxId` query is answered here: then the
 * result is null. Shared with the benchmark's run-stats.js.
 */
function openExecutions(file, query) {
	// Required here, not at the top: the test process (Node 20) loads this file for unflatten().
	const { DatabaseSync } = require('node:sqlite');
	const db = new DatabaseSync(file, { readOnly: true });
	if (query.maxId) {
		const { maxId } = db.prepare('SELECT MAX(id) AS maxId FROM execution_entity').get();
		process.stdout.write(JSON.stringify({ maxId: maxId ?? 0 }));
		return null;
	}
	const where = ['e.deletedAt IS NULL'];
	const params = [];
	if (query.workflowId) {
		where.push('e.workflowId = ?');
		params.push(query.workflowId);
	}
	if (query.sinceId !== undefined) {
		where.push('e.id > ?');
		params.push(Number(query.sinceId));
	}
	if (Array.isArray(query.ids) && query.ids.length) {
		where.push(`e.id IN (${query.ids.map(() => '?').join(',')})`);
		params.push(...query.ids.map(Number));
	}
	return { db, where, params };
}

function main() {
	const [file, queryText] = process.argv.slice(2);
	const query = JSON.parse(queryText || '{}');
	const opened = openExecutions(file, query);
	if (!opened) return;
	const { db, where, params } = opened;
	const columns = query.withData === false ? '' : ', d.data AS runData, d.workflowData AS workflowData';
	// n8n 1.x has no storedAt column; it is then read as null.
	const hasStoredAt = db.prepare("SELECT 1 FROM pragma_table_info('execution_entity') WHERE name = 'storedAt'").get() !== undefined;
	const storedAt = hasStoredAt ? 'e.storedAt' : 'NULL AS storedAt';
	const rows = db
		.prepare(
			`SELECT e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt, e.createdAt, ${storedAt}${columns}
			 FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
			 WHERE ${where.join(' AND ')} ORDER BY e.id ASC`,
		)
		.all(...params);
	const executions = rows.map((row) => {
		const execution = {
			id: String(row.id),
			workflowId: row.workflowId,
			mode: row.mode,
			status: row.status,
			finished: Boolean(row.finished),
			startedAt: row.startedAt,
			stoppedAt: row.stoppedAt,
			createdAt: row.createdAt,
			storedAt: row.storedAt,
		};
		if (query.withData !== false) {
			execution.data = row.runData ? unflatten(row.runData) : null;
			execution.workflowData = row.workflowData ? JSON.parse(row.workflowData) : null;
		}
		return execution;
	});
	process.stdout.write(JSON.stringify(executions));
}

if (require.main === module) main();

module.exports = { unflatten, openExecutions };
