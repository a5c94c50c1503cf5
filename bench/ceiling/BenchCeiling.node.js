'use strict';
// Benchmark only. The requests the pack's Trint node makes for Get Many (Return All), Upload (a
// stored binary streamed as the raw body) and Export (the export call, then the link streamed
// into n8n's binary store), through the same n8n helpers with the same options, and nothing else:
// no parameter checks, no retry policy, no error advice, no de-duplication. Its time is the
// ceiling n8n's helpers allow; the pack's time over it is the pack's own overhead.
// Plain JavaScript, no build, no dependencies; bench/run.js copies this folder into the bench
// n8n's nodes folder beside the pack.

const PAGE_SIZE = 1000;
// As the pack: the stored binary is read in 256 KiB chunks (nodes/shared/binary.ts).
const STREAM_CHUNK_BYTES = 256 * 1024;

/** The pack's options on every authenticated call (nodes/shared/request.ts, trintRequest). */
function full(options) {
	return { ...options, returnFullResponse: true, ignoreHttpStatusErrors: true, disableFollowRedirect: true };
}

async function send(ctx, options) {
	const response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'trintApi', full(options));
	if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`HTTP ${response.statusCode} from ${options.url}`);
	return response;
}

function json(body) {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	return typeof body === 'string' ? JSON.parse(body) : body;
}

async function list(ctx, base) {
	const out = [];
	for (let skip = 0; ; ) {
		const response = await send(ctx, { method: 'GET', url: `${base}/transcripts/`, qs: { limit: PAGE_SIZE, skip }, headers: { accept: 'application/json' } });
		const page = json(response.body);
		for (const entry of page) out.push({ json: entry, pairedItem: { item: 0 } });
		if (page.length < PAGE_SIZE) return out;
		skip += page.length;
	}
}

async function upload(ctx, base, itemIndex) {
	const meta = ctx.getInputData()[itemIndex].binary.data;
	const stored = await ctx.helpers.getBinaryMetadata(meta.id);
	const body = await ctx.helpers.getBinaryStream(meta.id, STREAM_CHUNK_BYTES);
	const response = await send(ctx, {
		method: 'POST',
		url: `${base}/`,
		qs: { filename: meta.fileName, language: 'en' },
		headers: { accept: 'application/json', 'content-type': meta.mimeType, 'content-length': String(stored.fileSize) },
		body,
	});
	return [{ json: json(response.body), pairedItem: { item: itemIndex } }];
}

async function exportFile(ctx, base, itemIndex) {
	const exportPath = ctx.getNodeParameter('exportPath', itemIndex);
	const answer = json((await send(ctx, { method: 'GET', url: `${base}${exportPath}`, headers: { accept: 'application/json' } })).body);
	// The link is fetched without the credential, as the pack does.
	const download = await ctx.helpers.httpRequest({ method: 'GET', url: answer.url, encoding: 'stream', returnFullResponse: true, ignoreHttpStatusErrors: true, disableFollowRedirect: true });
	if (download.statusCode !== 200) throw new Error(`HTTP ${download.statusCode} from the export link`);
	const binary = await ctx.helpers.prepareBinaryData(download.body, 'export.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
	return [{ json: { title: answer.title }, binary: { data: binary }, pairedItem: { item: itemIndex } }];
}

class BenchCeiling {
	constructor() {
		this.description = {
			displayName: 'Bench Ceiling',
			name: 'benchCeiling',
			group: ['transform'],
			version: 1,
			description: 'Benchmark only: the pack\'s Trint requests through n8n\'s helpers, nothing else',
			defaults: { name: 'Bench Ceiling' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'trintApi', required: true }],
			properties: [
				{ displayName: 'Operation', name: 'operation', type: 'options', options: [{ name: 'List', value: 'list' }, { name: 'Upload', value: 'upload' }, { name: 'Export', value: 'export' }], default: 'list' },
				{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
				{ displayName: 'Export Path', name: 'exportPath', type: 'string', default: '' },
			],
		};
	}

	async execute() {
		const operation = this.getNodeParameter('operation', 0);
		const base = this.getNodeParameter('baseUrl', 0);
		if (operation === 'list') return [await list(this, base)];
		const out = [];
		for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
			out.push(...(operation === 'upload' ? await upload(this, base, itemIndex) : await exportFile(this, base, itemIndex)));
		}
		return [out];
	}
}

module.exports = { BenchCeiling };
