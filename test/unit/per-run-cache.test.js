'use strict';
// Per-run caches under Batch Concurrency: items started at once share one pending read of the
// credential; a read that failed is not kept, so a later item reads again.
const { perRunConnection } = require('../../dist/nodes/shared/client');

function deferred() {
	let resolve;
	let reject;
	const promise = new Promise((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

test('items asking at once share one pending read', async () => {
	const run = {};
	const gate = deferred();
	let reads = 0;
	const read = async () => {
		reads++;
		return await gate.promise;
	};
	const asked = [1, 2, 3, 4].map(() => perRunConnection(run, 'trint', read));
	gate.resolve({ baseUrl: 'http://example.test' });
	const connections = await Promise.all(asked);
	expect(reads).toBe(1);
	expect(new Set(connections).size).toBe(1);
	expect(await perRunConnection(run, 'trint', read)).toBe(connections[0]);
	expect(reads).toBe(1);
});

test('a failed read is shared by the items waiting on it, then forgotten', async () => {
	const run = {};
	let reads = 0;
	const read = async () => {
		reads++;
		if (reads === 1) throw new Error('credential unreadable');
		return { baseUrl: 'http://example.test' };
	};
	const results = await Promise.allSettled([perRunConnection(run, 'trint', read), perRunConnection(run, 'trint', read)]);
	expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
	expect(reads).toBe(1);
	await expect(perRunConnection(run, 'trint', read)).resolves.toEqual({ baseUrl: 'http://example.test' });
	expect(reads).toBe(2);
});

test('runs and APIs do not share entries', async () => {
	let reads = 0;
	const read = async () => ({ n: ++reads });
	const first = {};
	const second = {};
	expect(await perRunConnection(first, 'trint', read)).toEqual({ n: 1 });
	expect(await perRunConnection(second, 'trint', read)).toEqual({ n: 2 });
	expect(await perRunConnection(first, 'trustNxt', read)).toEqual({ n: 3 });
	expect(await perRunConnection(first, 'trint', read)).toEqual({ n: 1 });
});
