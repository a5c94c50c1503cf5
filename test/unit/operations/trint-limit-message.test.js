'use strict';
// A Limit out of bounds, as an AI agent calling the node as a tool meets it (examples/
// trint-mcp-tools.json): the error says which value to send and names no editor control, which
// an agent cannot reach. The same error through a real n8n's MCP Server Trigger:
// test/compat/mcp-suite.js.
const { useFastTrintMock, runTrint, requestsTo } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
});

const getMany = (limit) => ({ resource: 'transcript', operation: 'getAll', returnAll: false, limit, filters: {}, options: {} });

test.each([0, 2.5, 1000001])('a Limit of %p: the error says which values to send, nothing about Return All', async (limit) => {
	const { error } = await runTrint(credentials, getMany(limit));
	expect(error.message).toBe(`"Limit" must be a whole number from 1 to 1000000; it is ${limit}`);
	expect(error.description).toBe('Give "Limit" a whole number from 1 to 1000000, e.g. 50.');
	expect(`${error.message} ${error.description}`).not.toMatch(/Return All|switch on/i);
	expect(requestsTo(trint, 'GET', '/transcripts')).toHaveLength(0);
});
