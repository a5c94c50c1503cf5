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
const { N8nInstance, packPack, sandboxCredentials } = require('../e2e/harness');
const { startTrintMock } = require('../mocks/trint-mock');
const { startTrustNxtMock } = require('../mocks/trustnxt-mock');
const { scanForSecrets } = require('../e2e/secrets');

const REPO = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(REPO, 'examples', 'trint-mcp-tools.json');
const EXPECTED_TOOLS = ['get_transcript', 'get_transcript_text', 'list_folders', 'list_shared_drives', 'list_transcripts', 'trustnxt_usage'];
// Operations that cost money or change data: never offered to an agent by the example. Export
// only reads; the example offers it in the one format that comes back as data (JSON), not a file.
const UNSAFE_OPERATIONS = new Set(['upload', 'create', 'delete', 'start', 'stop', 'protect', 'inspect']);
// Fields each tool's answer must hold (read from its runs); the description check below goes
// further and wants every field of every answer named in the tool's description.
const OUTPUT_FIELDS = {
	list_transcripts: ['id', 'title', 'created', 'updated', 'durationSeconds', 'language', 'folderId', 'sharedDriveId'],
	get_transcript: ['id', 'title', 'created', 'updated', 'durationSeconds', 'language', 'folderId', 'sharedDriveId'],
	get_transcript_text: ['trintId', 'title', 'text', 'paragraphs'],
	list_shared_drives: ['_id', 'id', 'name'],
	list_folders: ['_id', 'id', 'name', 'parentId', 'sharedDriveId'],
	trustnxt_usage: ['periodStart', 'periodEnd', 'protectCalls', 'protectLimit', 'protectRemaining', 'inspectCalls', 'inspectLimit', 'inspectRemaining'],
};
// The node's own bounds for Limit (nodes/Trint/actions/fields.ts, MAX_LIMIT).
const LIMIT_MAX = 1000000;

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
	// The first answer of each tool, for the description checks.
	const answers = {};

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

	/** Calls a tool that must answer, and keeps its first answer's records. */
	async function call(mcp, name, args) {
		const answer = records(payloadOf(await mcp.callTool({ name, arguments: args })));
		answers[name] ??= answer;
		return answer;
	}

	/** The text of a tool error; fails when the call did not fail. */
	async function toolError(name, args) {
		const result = await client.callTool({ name, arguments: args });
		expect({ name, args, isError: result.isError }).toEqual({ name, args, isError: true });
		return result.content[0].text;
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
		// MCP_DUMP=<file>: each tool's first answer, to read when a description is written.
		if (process.env.MCP_DUMP) fs.writeFileSync(process.env.MCP_DUMP, JSON.stringify({ answers }, null, 2));
	});

	test(`runs on ${label}`, () => {
		if (n8nVersion) expect(n8n.n8nVersion).toBe(n8nVersion);
		else expect(Number(n8n.n8nVersion.split('.')[0])).toBeGreaterThanOrEqual(2);
	});

	describe('the example exposes only read-only, unbilled operations', () => {
		test('every tool node is a pack tool on a read operation, with a manual description and $fromAI arguments', () => {
			const tools = workflow.nodes.filter((node) => /^n8n-nodes-(trint|trustnxt)\./.test(node.type));
			expect(tools.map((node) => node.name).sort()).toEqual(EXPECTED_TOOLS);
			for (const node of tools) {
				expect(node.type).toMatch(/^(n8n-nodes-trint\.trintTool|n8n-nodes-trustnxt\.trustNxtTool)$/);
				expect(UNSAFE_OPERATIONS.has(node.parameters.operation)).toBe(false);
				expect(node.parameters.descriptionType).toBe('manual');
				expect(node.parameters.toolDescription.length).toBeGreaterThan(60);
				expect(workflow.connections[node.name].ai_tool[0][0].node).toBe('MCP Server Trigger');
				if (node.parameters.operation === 'export') expect({ tool: node.name, format: node.parameters.format }).toEqual({ tool: node.name, format: 'json' });
			}
		});

		test('the sticky note and the docs give the MCP address the sandbox really serves', () => {
			// scripts/sandbox.js decides where n8n listens (SANDBOX_LISTEN_ADDRESS, SANDBOX_PORT) and
			// prints the tools' address on its "MCP tools" line; the note must not promise another.
			const sandbox = fs.readFileSync(path.join(REPO, 'scripts', 'sandbox.js'), 'utf8');
			const port = sandbox.match(/SANDBOX_PORT \|\| (\d+)/)[1];
			const host = sandbox.match(/SANDBOX_LISTEN_ADDRESS \|\| '([^']+)'/)[1];
			const trigger = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
			expect(sandbox).toMatch(new RegExp(`MCP tools .*\\$\\{url\\}/mcp/${trigger.parameters.path}`));
			const note = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote').parameters.content;
			// Wherever the sandbox runs, the note holds: it points at the trigger's URL and the
			// sandbox's own line, and names no host or port.
			expect(note).not.toMatch(/(localhost|127\.0\.0\.1|0\.0\.0\.0):\d+|:\d{4,5}\//);
			expect(note).toContain('Production URL');
			expect(note).toContain('MCP tools');
			expect(note).toContain(`/mcp/${trigger.parameters.path}`);
			// The MCP page (docs/ai-agents.md) may show the default address, but only the one the sandbox uses.
			const section = fs.readFileSync(path.join(REPO, 'docs', 'ai-agents.md'), 'utf8');
			const addresses = [...section.matchAll(/https?:\/\/([^/\s`"]+)\/mcp\//g)].map((match) => match[1]);
			expect(addresses.length).toBeGreaterThan(0);
			for (const address of addresses) expect(address).toBe(`${host}:${port}`);
			expect(section).toContain('SANDBOX_PORT');
		});
	});

	describe('tools/list', () => {
		let tools;
		beforeAll(async () => {
			({ tools } = await client.listTools());
		});

		test('lists the six tools by name', () => {
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
			expect(byName.get_transcript_text.inputSchema.required).toEqual(['transcriptId']);
			expect(byName.get_transcript_text.inputSchema.properties.transcriptId.type).toBe('string');
			expect(Object.keys(byName.list_shared_drives.inputSchema.properties ?? {})).toEqual([]);
			expect(Object.keys(byName.trustnxt_usage.inputSchema.properties ?? {})).toEqual([]);
		});

		test('arguments that may be left out are optional, with the default the schema states', () => {
			const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
			const required = (name) => byName[name].inputSchema.required ?? [];
			expect(required('list_transcripts')).toEqual([]);
			expect(required('list_folders')).toEqual([]);
			expect(byName.list_transcripts.inputSchema.properties.sharedDriveId.default).toBe('');
			expect(byName.list_folders.inputSchema.properties.sharedDriveId.default).toBe('');
			expect(byName.list_transcripts.inputSchema.properties.limit.default).toBe(20);
		});

		test('limit states its bounds and its default where an agent reads them', () => {
			// $fromAI() gives n8n a type, a description and a default, no minimum or maximum: the
			// bounds are in the argument's description and the node enforces them (next block).
			const tool = tools.find((candidate) => candidate.name === 'list_transcripts');
			expect(tool.inputSchema.properties.limit.description).toContain(`from 1 to ${LIMIT_MAX}`);
			expect(tool.inputSchema.properties.limit.description).toContain('20');
			expect(tool.description).toContain(`1 to ${LIMIT_MAX}`);
			expect(tool.description).not.toMatch(/1 to 100\b/);
		});
	});

	describe('tools/call answers from the accounts', () => {
		test('list_shared_drives returns the drives the key can see', async () => {
			const started = Date.now();
			const payload = await call(client, 'list_shared_drives', {});
			timings.listSharedDrivesMs = Date.now() - started;
			expect(payload.map((drive) => drive.name).sort()).toEqual(['Newsroom', 'Podcast team']);
			expect(payload.map((drive) => drive._id).sort()).toEqual([drives.newsroom._id, drives.podcast._id].sort());
			// The readable id beside Trint's _id, the same value.
			for (const drive of payload) expect(drive.id).toBe(drive._id);
		});

		test('list_folders with a Shared Drive id lists that drive\'s folders; with "" or none the personal ones', async () => {
			const inDrive = await call(client, 'list_folders', { sharedDriveId: drives.newsroom._id });
			expect(inDrive.map((folder) => folder.name).sort()).toEqual(['Interviews', 'Press conferences']);
			for (const folder of inDrive) expect(folder).toMatchObject({ id: folder._id, sharedDriveId: drives.newsroom._id, workspaceId: drives.newsroom._id });
			const personal = await call(client, 'list_folders', { sharedDriveId: '' });
			expect(personal.map((folder) => folder.name)).toEqual(['My drafts']);
			expect(await call(client, 'list_folders', {})).toEqual(personal);
		});

		test('list_transcripts honours limit and the Shared Drive', async () => {
			const started = Date.now();
			const mine = await call(client, 'list_transcripts', { limit: 5, sharedDriveId: '' });
			timings.listTranscriptsMs = Date.now() - started;
			expect(mine).toHaveLength(5);
			// "Own" means every Trint the key's user owns, the ones in Shared Drives included.
			const owned = new Map([...personalTranscripts, ...newsroomTranscripts].map((transcript) => [transcript.id, transcript.title]));
			for (const transcript of mine) expect(transcript.title).toBe(owned.get(transcript.id));
			const drive = await call(client, 'list_transcripts', { limit: 50, sharedDriveId: drives.newsroom._id });
			expect(drive.map((transcript) => transcript.id).sort()).toEqual(newsroomTranscripts.map((transcript) => transcript.id).sort());
		});

		test('list_transcripts without arguments: the user\'s own transcripts, up to the default 20', async () => {
			const all = await call(client, 'list_transcripts', {});
			const owned = [...personalTranscripts, ...newsroomTranscripts].map((transcript) => transcript.id).sort();
			expect(all.map((transcript) => transcript.id).sort()).toEqual(owned);
			expect(owned.length).toBeLessThan(20);
		});

		test('get_transcript returns the transcript named by its id', async () => {
			const wanted = newsroomTranscripts[1];
			const payload = await call(client, 'get_transcript', { transcriptId: wanted.id });
			expect(payload).toHaveLength(1);
			expect(payload[0]).toMatchObject({ id: wanted.id, title: wanted.title, sharedDriveId: drives.newsroom._id, folderId: folders.interviews._id });
		});

		test('get_transcript_text returns what was said: paragraphs with speaker, times and text', async () => {
			const wanted = newsroomTranscripts[2];
			const payload = await call(client, 'get_transcript_text', { transcriptId: wanted.id });
			expect(payload).toHaveLength(1);
			// Expected from the mock's own JSON export, read here word by word: struck-through words
			// are left out, a paragraph runs from its first word's start to its last word's end.
			const source = JSON.parse(trint.exportBytes(wanted.id, 'json').toString('utf8'));
			const expected = [];
			for (const word of source.words) {
				if (word.strikethrough) continue;
				let paragraph = expected[expected.length - 1];
				if (!paragraph || paragraph.id !== word.paragraphId) {
					paragraph = { id: word.paragraphId, speaker: word.speaker ? source.speakers[word.speaker].name : null, startTime: word.time / 1000, endTime: 0, words: [] };
					expected.push(paragraph);
				}
				paragraph.words.push(word.value);
				paragraph.endTime = (word.time + word.duration) / 1000;
			}
			expect(expected.length).toBeGreaterThanOrEqual(2);
			const [answer] = payload;
			expect(answer).toMatchObject({ trintId: wanted.id, title: wanted.title });
			expect(answer.paragraphs).toEqual(expected.map(({ words, ...paragraph }) => ({ ...paragraph, text: words.join(' ') })));
			expect(answer.text).toBe(expected.map((paragraph) => paragraph.words.join(' ')).join('\n\n'));
			expect(answer.paragraphs.some((paragraph) => /^Speaker \d$/.test(paragraph.speaker))).toBe(true);
		});

		test('trustnxt_usage reports the counters and limits of the account', async () => {
			const payload = (await call(client, 'trustnxt_usage', {}))[0];
			expect(payload).toMatchObject({ protectCalls: 0, inspectCalls: 0 });
			expect(JSON.stringify(payload)).toContain('500');
			expect(tnxt.usage).toEqual({ protectCalls: 0, inspectCalls: 0 });
		});
	});

	describe('each description says what its tool answers', () => {
		test('every field an answer holds is named in the tool\'s description', async () => {
			const { tools } = await client.listTools();
			const named = (tool, field) => ({ tool: tool.name, field, named: new RegExp(`(^|[^\\w])${field}\\b`).test(tool.description) });
			for (const tool of tools) {
				const answer = answers[tool.name];
				expect({ tool: tool.name, answered: Boolean(answer?.length) }).toEqual({ tool: tool.name, answered: true });
				for (const record of answer) {
					for (const field of OUTPUT_FIELDS[tool.name]) expect({ tool: tool.name, field, present: field in record }).toEqual({ tool: tool.name, field, present: true });
					for (const field of Object.keys(record)) expect(named(tool, field)).toEqual({ tool: tool.name, field, named: true });
					// The text tool's paragraphs: each of their fields too.
					for (const paragraph of Array.isArray(record.paragraphs) ? record.paragraphs : []) {
						for (const field of Object.keys(paragraph)) expect(named(tool, field)).toEqual({ tool: tool.name, field, named: true });
					}
				}
			}
		});

		test('no description promises what its answer lacks (get_transcript has no status)', async () => {
			const { tools } = await client.listTools();
			const getTranscript = tools.find((tool) => tool.name === 'get_transcript');
			expect('status' in answers.get_transcript[0]).toBe(false);
			expect(getTranscript.description).not.toMatch(/status/i);
			// What was said comes from get_transcript_text; get_transcript points there.
			expect(getTranscript.description).toContain('get_transcript_text');
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

		test('a limit out of bounds (0, 2.5, above the maximum): isError saying which values to send', async () => {
			const before = trint.requests.length;
			for (const limit of [0, 2.5, LIMIT_MAX + 1]) {
				const text = await toolError('list_transcripts', { limit });
				expect(text).toContain('Limit');
				expect(text).toContain(`from 1 to ${LIMIT_MAX}`);
				expect(text).toContain(`it is ${limit}`);
				// An agent cannot reach the editor's controls: the message says what value to send.
				expect(text).not.toMatch(/Return All|switch on/i);
			}
			// Refused before any request to Trint.
			expect(trint.requests.length).toBe(before);
		});

		test('get_transcript_text of an unknown transcript: isError, naming no editor control', async () => {
			const text = await toolError('get_transcript_text', { transcriptId: 'AAAAAAAAAAAAAAAAAAAAAA' });
			// 2.x appends the error's details ("Check the ID; ..."); the headline alone names the 403.
			expect(text).toMatch(/403/);
			expect(text).not.toMatch(/Return All|switch on/i);
		});

		test('get_transcript_text while Trint is still transcribing: isError at once, as its description says', async () => {
			const processing = trint.addTranscript({ title: 'Still transcribing', processingMs: 10 * 60 * 1000 });
			const started = Date.now();
			const text = await toolError('get_transcript_text', { transcriptId: processing.id });
			expect(text).toContain(processing.id);
			expect(text).toMatch(/still transcribing/);
			// The tool does not wait (Wait for Transcription is off): the agent is not held up.
			expect(Date.now() - started).toBeLessThan(30000);
			const { tools } = await client.listTools();
			expect(tools.find((tool) => tool.name === 'get_transcript_text').description).toMatch(/still transcribing the file this fails; ask again later/);
		});

		test('a wrong argument type is refused, and a following call still works', async () => {
			const result = await client
				.callTool({ name: 'list_transcripts', arguments: { limit: 'many', sharedDriveId: '' } })
				.then((answer) => ({ answer }), (error) => ({ error }));
			// The SDK may refuse it as a protocol error or n8n may answer isError: never a crash.
			if (result.error) expect(String(result.error.message)).toMatch(/limit|invalid|expected/i);
			else expect(result.answer.isError).toBe(true);
			const after = await call(client, 'list_shared_drives', {});
			expect(after).toHaveLength(2);
		});
	});

	test('the same tools over the SSE transport', async () => {
		const trigger = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
		const sse = await connect(`${n8n.baseUrl}/mcp/${trigger.parameters.path}`, SSEClientTransport);
		try {
			const { tools } = await sse.listTools();
			expect(tools.map((tool) => tool.name).sort()).toEqual(EXPECTED_TOOLS);
			const payload = await call(sse, 'list_folders', { sharedDriveId: drives.newsroom._id });
			expect(payload.map((folder) => folder.name).sort()).toEqual(['Interviews', 'Press conferences']);
		} finally {
			await sse.close().catch(() => {});
		}
	});
}

module.exports = { defineMcpToolSuite };
