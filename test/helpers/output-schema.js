'use strict';
// Checks a node's output items against the output schema it ships for the editor's preview
// (nodes/<Node>/__schema__/v<version>/<resource>/<operation>.json). The schemas use a small part
// of JSON Schema (type, properties, required, items, enum, additionalProperties), so this checks
// exactly that part instead of pulling in a validator the package does not depend on.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..', 'nodes');

function schemaPath(node, version, resource, operation) {
	return path.join(ROOT, node, '__schema__', `v${version}`, resource, `${operation}.json`);
}

function readSchema(node, version, resource, operation) {
	return JSON.parse(fs.readFileSync(schemaPath(node, version, resource, operation), 'utf8'));
}

function typeOf(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (Number.isInteger(value)) return 'integer';
	return typeof value;
}

function typeMatches(allowed, value) {
	const actual = typeOf(value);
	return allowed.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

/** Every way `value` departs from `schema`, as "where: what" lines (empty when it conforms). */
function schemaProblems(schema, value, where = '$') {
	const problems = [];
	if (schema.type !== undefined) {
		const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!typeMatches(allowed, value)) return [`${where}: ${typeOf(value)}, schema says ${allowed.join(' or ')}`];
	}
	if (schema.enum && !schema.enum.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
	if (typeOf(value) === 'object') {
		const properties = schema.properties ?? {};
		for (const name of schema.required ?? []) if (!(name in value)) problems.push(`${where}.${name}: missing, schema requires it`);
		for (const [name, entry] of Object.entries(value)) {
			if (properties[name]) problems.push(...schemaProblems(properties[name], entry, `${where}.${name}`));
			else if (schema.properties && schema.additionalProperties !== true) problems.push(`${where}.${name}: not declared in the schema`);
		}
	}
	if (typeOf(value) === 'array' && schema.items) value.forEach((entry, index) => problems.push(...schemaProblems(schema.items, entry, `${where}[${index}]`)));
	return problems;
}

/**
 * The declared top-level properties no output carried: a schema that promises a field the
 * operation never outputs has drifted too (pass outputs of every kind of run, so that fields
 * only some runs carry are seen).
 */
function neverSeen(schema, outputs) {
	return Object.keys(schema.properties ?? {}).filter((name) => !outputs.some((output) => name in output));
}

module.exports = { readSchema, schemaPath, schemaProblems, neverSeen };
