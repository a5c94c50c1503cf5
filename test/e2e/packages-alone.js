'use strict';
// Each published package alone, as a user who installs only one of them gets it: its tarball into
// a fresh real n8n (test/e2e/packages.test.js: the default n8n; test/compat/packages-v1.test.js:
// n8n 1.x, both from test/n8n-versions.json). n8n must offer that
// package's nodes and credentials and nothing of the other, load it without a complaint, and run a
// workflow with it: Trint Transcript → Get Many against the Trint mock; TrustNXT Usage → Get
// against the TrustNXT mock. (Both installed together: every other real-n8n file.)
const { N8nInstance, packPack, packageInfo, outputOf, errorOf, sandboxCredentials, SANDBOX_CREDENTIAL_IDS } = require('./harness');
const { TYPES, chainWorkflow } = require('./workflows');
const { startTrintMock } = require('../mocks/trint-mock');
const { startTrustNxtMock } = require('../mocks/trustnxt-mock');

/** The suite for the given n8n versions: one fresh n8n per package and version. */
function definePackagesAloneSuite(versions) {
	jest.setTimeout(15 * 60 * 1000);

	let trint;
	let trustnxt;

	beforeAll(async () => {
		trint = await startTrintMock({ port: 0, processingMs: 0 });
		trustnxt = await startTrustNxtMock({ port: 0 });
		trint.addTranscript({ title: 'Alone.mp3' });
	});

	afterAll(async () => {
		await trint?.close();
		await trustnxt?.close();
	});

	const PACKAGES = {
		'n8n-nodes-trint': {
			credentialTypes: ['trintApi', 'trintLegacyApi'],
			workflow: () =>
				chainWorkflow('aloneTrint', [
					{
						name: 'List',
						type: TYPES.trint,
						parameters: {
							authentication: 'keyAndSecret',
							resource: 'transcript',
							operation: 'getAll',
							returnAll: true,
							filters: {},
							options: {},
						},
						credentials: {
							trintApi: {
								id: SANDBOX_CREDENTIAL_IDS.trintApi,
								name: 'Trint sandbox (Key ID & Secret)',
							},
						},
					},
				]),
			check: (items) => expect(items.map((item) => item.json.title)).toContain('Alone.mp3'),
		},
		'n8n-nodes-trustnxt': {
			credentialTypes: ['trustNxtApi'],
			workflow: () =>
				chainWorkflow('aloneTnxt', [
					{
						name: 'Usage',
						type: TYPES.trustNxt,
						parameters: { resource: 'usage', operation: 'get' },
						credentials: {
							trustNxtApi: {
								id: SANDBOX_CREDENTIAL_IDS.trustNxtApi,
								name: 'TrustNXT sandbox',
							},
						},
					},
				]),
			check: (items) =>
				expect(items[0].json).toEqual(
					expect.objectContaining({
						protectCalls: expect.any(Number),
						inspectCalls: expect.any(Number),
					}),
				),
		},
	};

	const CASES = Object.keys(PACKAGES).flatMap((name) => versions.map((version) => [name, version]));

	describe.each(CASES)('%s alone on n8n %s', (name, n8nVersion) => {
		const { credentialTypes, workflow, check } = PACKAGES[name];
		const other = Object.keys(PACKAGES).find((candidate) => candidate !== name);
		let n8n;
		const flow = workflow();

		beforeAll(async () => {
			n8n = await N8nInstance.create({
				tarball: await packPack({ only: name }),
				n8nVersion,
			});
			const credentials = sandboxCredentials({
				trintOrigin: trint.origin,
				trustnxtOrigin: trustnxt.origin,
			}).filter((credential) => credentialTypes.includes(credential.type));
			await n8n.importCredentials(credentials);
			await n8n.importWorkflows([flow]);
		});

		afterAll(async () => n8n?.destroy());

		test('only this package is installed; n8n offers its nodes and credentials, none of the other', async () => {
			expect(n8n.packageNames).toEqual([name]);
			await n8n.start();
			await n8n.setupOwner();
			const types = (await n8n.nodeTypes()).map((type) => type.name);
			const declared = packageInfo().find((info) => info.name === name).n8n.nodes;
			expect(types.filter((type) => type.startsWith(`${name}.`)).length).toBeGreaterThanOrEqual(declared.length);
			expect(types.filter((type) => type.startsWith(`${other}.`))).toEqual([]);
			const credentialNames = (await n8n.rest('GET', '/types/credentials.json')).map((credential) => credential.name);
			for (const type of credentialTypes) expect(credentialNames).toContain(type);
			expect(n8n.logText()).not.toMatch(/Problem loading|Error loading|Failed to load|could not be loaded/i);
		});

		test('a workflow with its node runs', async () => {
			const result = await n8n.execute(flow.id);
			expect(errorOf(result)).toBeNull();
			check(outputOf(result, flow.nodes.at(-1).name));
		});
	});
}

module.exports = { definePackagesAloneSuite };
