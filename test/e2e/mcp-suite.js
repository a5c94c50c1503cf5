'use strict';
// The pack's nodes as AI-agent tools, proven without a language model: examples/trint-mcp-tools.json
// (n8n's MCP Server Trigger with the pack's read-only tools, arguments filled by $fromAI()) is
// published in a real n8n, and an MCP client from the SDK lists and calls its tools over HTTP,
// as Claude Desktop, Cursor or an n8n MCP Client would. The answers are compared with what the
// mock APIs hold; a bad argument must come back as a tool error, not a dropped connection.
// The suite is defined once here and run on each n8n line by mcp-tools.test.js (2.x) and
// mcp-tools-v1.test.js (1.x, whose langchain package ships the same MCP Server Trigger).
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { SSEClientTransport } = require('@modelcontextprotocol/sdk/client/sse.js');
const { N8nInstance, packPack, sandboxCredentials } = require('./harness');
const { startTrintMock } = require('../mocks/trint-mock');
const { startTrustNxtMock } = require('../mocks/trustnxt-mock');
const { scanForSecrets } = require('./secrets');

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'trint-mcp-tools.json');
const EXPECTED_TOOLS = ['get_transcript', 'list_folders', 'list_shared_drives', 'list_transcripts', 'trustnxt_usage'];
// Operations that cost money or change data: never offered to an agent by the example.
const UNSAFE_OPERATIONS = new Set(['upload', 'export', 'create', 'protect', 'inspect']);

/**
 * Defines the suite for one n8n version.
 * @param {{ n8nVersion?: string, label: string }} options n8nVersion undefined: the harness's default (2.x)
 */
function defineMcpToolSuite({ n8nVersion, label }) {
	jest.setTimeout(15 * 60 * 1000);

	let trint;
	let tnxt;
	let n8n;
	let workflow;
	let client;
	const drives = {};
	const folders = {};
	let newsroomTranscripts;
	let personalTranscripts;
	const timings = {};
	const TOOL_OUTPUTS = [];

	/** The JSON the tool answered with: n8n sends the node's output items as one text block. */
	function payloadOf(result) {
		expect(result.isError).toBeFalsy();
		expect(result.content).toEqual([expect.objectContaining({ type: 'text' })]);
		TOOL_OUTPUTS.push(result.content[0].text);
		return JSON.parse(result.content[0].text);
	}

	/** Tool answers are item lists ([{...}, ...]) or one object; either way the records in it. */
	function records(payload) {
		return Array.isArray(payload) ? payload : [payload];
	}

	async function connect(url, Transport) {
		const mcp = new Client({ name: 'pack-e2e', version: '1.0.0' });
		await mcp.connect(new Transport(new URL(url)));
		return mcp;
	}

	beforeAll(async () => {
		const started = Date.now();
		trint = await startTrintMock({ port: 0 });
		tnxt = await startTrustNxtMock({ port: 0 });
		personalTranscripts = trint.seedTranscripts(12, { titlePrefix: 'Personal ' });
		drives.newsroom = trint.addSharedDrive({ name: 'Newsroom' });
		drives.podcast = trint.addSharedDrive({ name: 'Podcast team' });
		folders.interviews = trint.addFolder({ name: 'Interviews', workspaceId: drives.newsroom._id });
		folders.pressers = trint.addFolder({ name: 'Press conferences', workspaceId: drives.newsroom._id });
		folders.drafts = trint.addFolder({ name: 'My drafts' });
		newsroomTranscripts = trint.seedTranscripts(3, { workspaceId: drives.newsroom._id, folderId: folders.interviews._id, titlePrefix: 'Newsroom ' });
		tnxt.setLimits({ protectCalls: 500, inspectCalls: null });

		workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		n8n = await N8nInstance.create({ tarball: await packPack(), n8nVersion });
		await n8n.importCredentials(sandboxCredentials({ trintOrigin: trint.origin, trustnxtOrigin: tnxt.origin }));
		await n8n.importWorkflows([workflow]);
		await n8n.activate([workflow.id]);
		await n8n.start();
		timings.setupMs = Date.now() - started;
		const trigger = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
		const connectStarted = Date.now();
		client = await connect(`${n8n.baseUrl}/mcp/${trigger.parameters.path}`, StreamableHTTPClientTransport);
		timings.connectMs = Date.now() - connectStarted;
	});

	afterAll(async () => {
		await client?.close().catch(() => {});
		if (n8n) {
			// Stopped first so the log and database are complete.
			await n8n.stop();
			const report = scanForSecrets(n8n, { texts: TOOL_OUTPUTS });
			await n8n.destroy();
			expect(report.hits).toEqual([]);
		}
		await trint?.close();
		await tnxt?.close();
		process.stdout.write(`[mcp-tools ${label}] n8n ${n8n?.n8nVersion} timings ${JSON.stringify(timings)}\n`);
	});

	test(`runs on ${label}`, () => {
		if (n8nVersion) expect(n8n.n8nVersion).toBe(n8nVersion);
		else expect(Number(n8n.n8nVersion.split('.')[0])).toBeGreaterThanOrEqual(2);
	});

	describe('the example exposes only read-only, unbilled operations', () => {
		test('every tool node is a pack tool on a read operation, with a manual description and $fromAI arguments', () => {
			const tools = workflow.nodes.filter((node) => node.type.startsWith('n8n-nodes-trint-trustnxt.'));
			expect(tools.map((node) => node.name).sort()).toEqual(EXPECTED_TOOLS);
			for (const node of tools) {
				expect(node.type).toMatch(/^n8n-nodes-trint-trustnxt\.(trintTool|trustNxtTool)$/);
				expect(UNSAFE_OPERATIONS.has(node.parameters.operation)).toBe(false);
				expect(node.parameters.descriptionType).toBe('manual');
				expect(node.parameters.toolDescription.length).toBeGreaterThan(60);
				expect(workflow.connections[node.name].ai_tool[0][0].node).toBe('MCP Server Trigger');
			}
		});
	});

	describe('tools/list', () => {
		let tools;
		beforeAll(async () => {
			({ tools } = await client.listTools());
		});

		test('lists the five tools by name', () => {
			expect(tools.map((tool) => tool.name).sort()).toEqual(EXPECTED_TOOLS);
		});

		test('each description says what the tool does and names every argument it takes', () => {
			for (const tool of tools) {
				const node = workflow.nodes.find((candidate) => candidate.name === tool.name);
				expect(tool.description).toBe(node.parameters.toolDescription);
				expect(tool.description).toMatch(/Read-only/);
				const argumentNames = Object.keys(tool.inputSchema.properties ?? {});
				for (const name of argumentNames) {
					expect({ tool: tool.name, mentions: tool.description.includes(name) }).toEqual({ tool: tool.name, mentions: true });
					expect(tool.inputSchema.properties[name].description).toBeTruthy();
				}
			}
		});

		test('arguments carry the types an agent must send', () => {
			const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
			expect(byName.list_transcripts.inputSchema.properties.limit.type).toBe('number');
			expect(byName.list_transcripts.inputSchema.properties.sharedDriveId.type).toBe('string');
			expect(byName.get_transcript.inputSchema.required).toContain('transcriptId');
			expect(Object.keys(byName.list_shared_drives.inputSchema.properties ?? {})).toEqual([]);
			expect(Object.keys(byName.trustnxt_usage.inputSchema.properties ?? {})).toEqual([]);
		});
	});

	describe('tools/call answers from the accounts', () => {
		test('list_shared_drives returns the drives the key can see', async () => {
			const started = Date.now();
			const payload = records(payloadOf(await client.callTool({ name: 'list_shared_drives', arguments: {} })));
			timings.listSharedDrivesMs = Date.now() - started;
			expect(payload.map((drive) => drive.name).sort()).toEqual(['Newsroom', 'Podcast team']);
			expect(payload.map((drive) => drive._id).sort()).toEqual([drives.newsroom._id, drives.podcast._id].sort());
			// The readable id beside Trint's _id, the same value.
			for (const drive of payload) expect(drive.id).toBe(drive._id);
		});

		test('list_folders with a Shared Drive id lists that drive\'s folders; with "" the personal ones', async () => {
			const inDrive = records(payloadOf(await client.callTool({ name: 'list_folders', arguments: { sharedDriveId: drives.newsroom._id } })));
			expect(inDrive.map((folder) => folder.name).sort()).toEqual(['Interviews', 'Press conferences']);
			for (const folder of inDrive) expect(folder).toMatchObject({ id: folder._id, sharedDriveId: drives.newsroom._id, workspaceId: drives.newsroom._id });
			const personal = records(payloadOf(await client.callTool({ name: 'list_folders', arguments: { sharedDriveId: '' } })));
			expect(personal.map((folder) => folder.name)).toEqual(['My drafts']);
		});

		test('list_transcripts honours limit and the Shared Drive', async () => {
			const started = Date.now();
			const mine = records(payloadOf(await client.callTool({ name: 'list_transcripts', arguments: { limit: 5, sharedDriveId: '' } })));
			timings.listTranscriptsMs = Date.now() - started;
			expect(mine).toHaveLength(5);
			// "Own" means every Trint the key's user owns, the ones in Shared Drives included.
			const owned = new Map([...personalTranscripts, ...newsroomTranscripts].map((transcript) => [transcript.id, transcript.title]));
			for (const transcript of mine) expect(transcript.title).toBe(owned.get(transcript.id));
			const drive = records(payloadOf(await client.callTool({ name: 'list_transcripts', arguments: { limit: 50, sharedDriveId: drives.newsroom._id } })));
			expect(drive.map((transcript) => transcript.id).sort()).toEqual(newsroomTranscripts.map((transcript) => transcript.id).sort());
		});

		test('get_transcript returns the transcript named by its id', async () => {
			const wanted = newsroomTranscripts[1];
			const payload = records(payloadOf(await client.callTool({ name: 'get_transcript', arguments: { transcriptId: wanted.id } })));
			expect(payload).toHaveLength(1);
			expect(JSON.stringify(payload[0])).toContain(wanted.id);
			expect(JSON.stringify(payload[0])).toContain(wanted.title);
		});

		test('trustnxt_usage reports the counters and limits of the account', async () => {
			const payload = records(payloadOf(await client.callTool({ name: 'trustnxt_usage', arguments: {} })))[0];
			expect(payload).toMatchObject({ protectCalls: 0, inspectCalls: 0 });
			expect(JSON.stringify(payload)).toContain('500');
			expect(tnxt.usage).toEqual({ protectCalls: 0, inspectCalls: 0 });
		});
	});

	describe('bad arguments come back as tool errors, and the server keeps serving', () => {
		test('an id that is not an id: isError with the pack\'s message', async () => {
			const result = await client.callTool({ name: 'get_transcript', arguments: { transcriptId: '..' } });
			expect(result.isError).toBe(true);
			expect(result.content[0].text).toMatch(/not an ID|Transcript/);
		});

		test('an unknown transcript: isError naming what went wrong', async () => {
			const result = await client.callTool({ name: 'get_transcript', arguments: { transcriptId: 'AAAAAAAAAAAAAAAAAAAAAA' } });
			expect(result.isError).toBe(true);
			expect(result.content[0].text.length).toBeGreaterThan(10);
		});

		test('a limit of 0: isError saying what Limit accepts', async () => {
			const result = await client.callTool({ name: 'list_transcripts', arguments: { limit: 0, sharedDriveId: '' } });
			expect(result.isError).toBe(true);
			expect(result.content[0].text).toMatch(/Limit/);
		});

		test('a wrong argument type is refused, and a following call still works', async () => {
			const result = await client
				.callTool({ name: 'list_transcripts', arguments: { limit: 'many', sharedDriveId: '' } })
				.then((answer) => ({ answer }), (error) => ({ error }));
			// The SDK may refuse it as a protocol error or n8n may answer isError: never a crash.
			if (result.error) expect(String(result.error.message)).toMatch(/limit|invalid|expected/i);
			else expect(result.answer.isError).toBe(true);
			const after = records(payloadOf(await client.callTool({ name: 'list_shared_drives', arguments: {} })));
			expect(after).toHaveLength(2);
		});
	});

	test('the same tools over the SSE transport', async () => {
		const trigger = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
		const sse = await connect(`${n8n.baseUrl}/mcp/${trigger.parameters.path}`, SSEClientTransport);
		try {
			const { tools } = await sse.listTools();
			expect(tools.map((tool) => tool.name).sort()).toEqual(EXPECTED_TOOLS);
			const payload = records(payloadOf(await sse.callTool({ name: 'list_folders', arguments: { sharedDriveId: drives.newsroom._id } })));
			expect(payload.map((folder) => folder.name).sort()).toEqual(['Interviews', 'Press conferences']);
		} finally {
			await sse.close().catch(() => {});
		}
	});
}

module.exports = { defineMcpToolSuite };
