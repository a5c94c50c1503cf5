'use strict';
// The TrustNXT credential is asked for exactly where the node calls TrustNXT: Read and Verify
// Content Credentials work on the file alone (free, offline), so the editor neither shows nor
// requires the credential for them; every other operation needs it. Decided by n8n-workflow's
// own display rules, as the editor decides them.
const { NodeHelpers } = require('n8n-workflow');
const { TrustNxt } = require('../../dist/nodes/TrustNxt/TrustNxt.node');

const description = new TrustNxt().description;
const [credential] = description.credentials;
const LOCAL = ['readContentCredentials', 'verifyContentCredentials'];

function operationsOf(resource) {
	const field = description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource));
	return field.options.map((option) => option.value);
}

const cases = ['asset', 'usage'].flatMap((resource) => operationsOf(resource).map((operation) => [resource, operation]));

test.each(cases)('%s → %s', (resource, operation) => {
	const node = { name: 'TrustNXT', type: 'n8n-nodes-trustnxt.trustNxt', typeVersion: description.defaultVersion ?? 1, parameters: { resource, operation } };
	const shown = NodeHelpers.displayParameter(node.parameters, credential, node, description);
	expect(shown).toBe(!LOCAL.includes(operation));
});

test('both local operations exist (the list above is not stale)', () => {
	expect(operationsOf('asset')).toEqual(expect.arrayContaining(LOCAL));
});
