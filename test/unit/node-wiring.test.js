'use strict';
// The Resource and Operation lists, the fields' display options, the canvas subtitle and the
// router are all built from each node's typed map of resources to operations. These tests read
// the built nodes and check that what the editor offers is exactly what the node runs.
const { Trint } = require('../../dist/nodes/Trint/Trint.node');
const { TrustNxt } = require('../../dist/nodes/TrustNxt/TrustNxt.node');
const engine = require('../engine/harness');

/**
 * The node's execute in n8n-core's own ExecuteContext, with no input items: n8n would not start a
 * node without input, so this calls it directly to reach the router alone.
 */
async function executeWithoutItems(nodeType, parameters) {
	const context = await engine.executeContext(nodeType, { parameters, items: [] });
	try {
		const [output] = await (await engine.loadPackage()).getNode(nodeType).type.execute.call(context);
		return { items: output };
	} catch (error) {
		return { error };
	}
}

const NODES = [
	['trint', Trint],
	['trustNxt', TrustNxt],
];

/** Resource value → the operation values its Operation field lists. */
function offered(description) {
	const resourceField = description.properties.find((property) => property.name === 'resource');
	const offers = {};
	for (const { value } of resourceField.options) {
		const operationFields = description.properties.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(value));
		expect(operationFields).toHaveLength(1);
		offers[value] = operationFields[0].options.map((option) => option.value);
	}
	return offers;
}

/** The readable names the subtitle expression maps resource → operation → text to. */
function subtitleNames(subtitle) {
	const match = /^=\{\{ \((\{.*\})\[\$parameter\["resource"\]\] \|\| \{\}\)\[\$parameter\["operation"\]\] \|\| \$parameter\["operation"\] \}\}$/.exec(subtitle);
	expect(match).not.toBeNull();
	return new Function(`return (${match[1]});`)();
}

describe.each(NODES)('%s', (nodeType, NodeClass) => {
	const { description } = new NodeClass();
	const offers = offered(description);

	test('every offered operation is one the node runs; an unknown one is refused by name', async () => {
		for (const [resource, operations] of Object.entries(offers)) {
			expect(operations.length).toBeGreaterThan(0);
			for (const operation of operations) {
				// No input items: the router must find the operation, then has nothing to run it on.
				const { items, error } = await executeWithoutItems(nodeType, { resource, operation });
				expect(error).toBeUndefined();
				expect(items).toEqual([]);
			}
			const { error } = await executeWithoutItems(nodeType, { resource, operation: 'noSuchOperation' });
			expect(error.message).toBe(`The operation "noSuchOperation" of "${resource}" is not supported`);
		}
	});

	test('Resource and Operation lists are sorted by name, and each default is one of their values', () => {
		const choiceFields = description.properties.filter((property) => property.name === 'resource' || property.name === 'operation');
		for (const field of choiceFields) {
			const names = field.options.map((option) => option.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
			expect(field.options.map((option) => option.value)).toContain(field.default);
		}
	});

	test('every other field shows for exactly one offered resource and operation', () => {
		const fields = description.properties.filter((property) => !['authentication', 'resource', 'operation'].includes(property.name));
		expect(fields.length).toBeGreaterThan(0);
		for (const field of fields) {
			const show = field.displayOptions?.show ?? {};
			expect([field.name, show.resource?.length, show.operation?.length]).toEqual([field.name, 1, 1]);
			expect(offers[show.resource[0]]).toContain(show.operation[0]);
		}
		// And every offered operation has at least one field (its Options, or its input).
		for (const [resource, operations] of Object.entries(offers)) {
			for (const operation of operations) {
				expect([resource, operation, fields.some((field) => field.displayOptions.show.resource[0] === resource && field.displayOptions.show.operation[0] === operation)]).toEqual([resource, operation, true]);
			}
		}
	});

	test('the canvas subtitle has a readable name for every offered operation, and nothing else', () => {
		const names = subtitleNames(description.subtitle);
		expect(Object.keys(names).sort()).toEqual(Object.keys(offers).sort());
		for (const [resource, operations] of Object.entries(offers)) {
			expect(Object.keys(names[resource]).sort()).toEqual([...operations].sort());
			for (const text of Object.values(names[resource])) expect(text).toMatch(/^[A-Z]/);
		}
	});
});
