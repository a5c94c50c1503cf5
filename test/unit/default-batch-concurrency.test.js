'use strict';
// An operation may process several items at once when the user did not add Batch Concurrency
// (its `defaultBatchConcurrency`): Verify Content Credentials does, 4 at a time, since each file
// waits on n8n's storage for part of its time and nothing is billed. Operations without it stay
// one item after the other, and the user's own Batch Concurrency always wins.
const { routeToOperation } = require('../../dist/nodes/shared/resources');
const verify = require('../../dist/nodes/TrustNxt/actions/asset/verifyContentCredentials.operation');

/** Runs `count` items through a one-operation resource map; resolves to the most items in flight at once. */
async function mostAtOnce(operationExtras, options, count = 12) {
	let inFlight = 0;
	let most = 0;
	const operation = {
		option: { name: 'Probe', description: '', action: 'probe' },
		description: [],
		concurrent: true,
		...operationExtras,
		async execute(itemIndex) {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise((resolve) => setTimeout(resolve, 5));
			inFlight--;
			return [{ json: { itemIndex } }];
		},
	};
	const items = Array.from({ length: count }, (_, index) => ({ json: { index } }));
	const ctx = {
		getNodeParameter: (name, _index, fallback) => ({ resource: 'probe', operation: 'probe', options }[name] ?? fallback),
		getInputData: () => items,
		getNode: () => ({ name: 'Probe', type: 'probe', typeVersion: 1 }),
		continueOnFail: () => false,
		addExecutionHints: () => undefined,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	const [output] = await routeToOperation(ctx, { probe: { name: 'Probe', default: 'probe', operations: { probe: operation } } });
	expect(output.map((item) => item.json.itemIndex)).toEqual(items.map((_, index) => index));
	return most;
}

test('Verify Content Credentials: 4 at a time by default, and the field says the same', () => {
	expect(verify.defaultBatchConcurrency).toBe(4);
	const field = verify.description.find((property) => property.name === 'options').options.find((option) => option.name === 'batchConcurrency');
	expect(field.default).toBe(4);
});

test('an operation with a default runs that many at once when Batch Concurrency is not added', async () => {
	expect(await mostAtOnce({ defaultBatchConcurrency: 4 }, {})).toBe(4);
});

test('without a default: one item after the other', async () => {
	expect(await mostAtOnce({}, {})).toBe(1);
});

test('the user\'s Batch Concurrency wins over the default', async () => {
	expect(await mostAtOnce({ defaultBatchConcurrency: 4 }, { batchConcurrency: 1 })).toBe(1);
	expect(await mostAtOnce({ defaultBatchConcurrency: 4 }, { batchConcurrency: 6 })).toBe(6);
});
