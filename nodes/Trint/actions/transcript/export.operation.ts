import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { bareMimeType } from '../../../shared/binary';
import { exportFileName } from '../../../shared/fileNames';
import { batchConcurrencyField } from '../../../shared/items';
import { headerValue } from '../../../shared/request';
import type { OperationOption } from '../../../shared/resources';
import { exportWhenReady, fetchTranscriptJson } from '../../helpers/exportWhenReady';
import { simplifyTranscript } from '../../helpers/simplifyTranscript';
import { downloadExportLink } from '../../transport/exports';
import type { ExportFormat } from '../../transport/formats';
import { CAPTION_QUERY_NAMES, EXPORT_FORMATS, findExportFormat } from '../../transport/formats';
import { optionsCollection, readLocator, readTimeoutMs, readWaitSettings, requireLocator, SIMPLIFY_HINT, simplifyField, trintLocator, waitFields } from '../fields';

export const option: OperationOption = {
	name: 'Export',
	description: 'Export a transcript in one of Trint\'s formats',
	action: 'Export a transcript',
};

const fileFormats = EXPORT_FORMATS.filter((format) => format.value !== 'json').map((format) => format.value);
const captionFormats = EXPORT_FORMATS.filter((format) => format.captions).map((format) => format.value);
/** Story Builder exports: they take a Story, not a transcript (docs/trint-wire.md, "Exports"). */
const storyFormats = EXPORT_FORMATS.filter((format) => format.kind === 'story').map((format) => format.value);

export const description: INodeProperties[] = [
	trintLocator('transcriptId', { description: 'The Trint to export', displayOptions: { hide: { format: storyFormats } } }),
	trintLocator('storyId', { displayOptions: { show: { format: storyFormats } } }),
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: EXPORT_FORMATS.map((format) => ({ name: format.name, value: format.value })),
		default: 'json',
		description: 'JSON becomes item data; every other format becomes a file',
	},
	simplifyField({ hint: SIMPLIFY_HINT, displayOptions: { show: { format: ['json'] } } }),
	{
		displayName: 'Download File',
		name: 'downloadFile',
		type: 'boolean',
		default: true,
		description: 'Whether to download the file into a binary field; off returns only Trint\'s temporary link',
		displayOptions: { show: { format: fileFormats } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'outputBinaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { format: fileFormats, downloadFile: [true] } },
	},
	{
		displayName: 'Caption Options',
		name: 'captionOptions',
		type: 'collection',
		placeholder: 'Add Caption Option',
		default: {},
		displayOptions: { show: { format: captionFormats } },
		options: [
			{ displayName: 'Caption by Paragraph', name: 'captionsByParagraph', type: 'boolean', default: false, description: 'Whether to make one caption per paragraph' },
			{ displayName: 'Characters per Line', name: 'maxCharactersPerLine', type: 'number', default: 42, typeOptions: { minValue: 1 }, description: 'Maximum characters per caption line' },
			{ displayName: 'Highlights Only', name: 'highlightsOnly', type: 'boolean', default: false, description: 'Whether to export highlighted text only' },
			{ displayName: 'Show Speakers', name: 'enableSpeakers', type: 'boolean', default: false, description: 'Whether to include speaker names' },
			{ displayName: 'Skip Strikethroughs', name: 'skipStrikethroughs', type: 'boolean', default: false, description: 'Whether to leave out struck-through words' },
			{ displayName: 'Speaker on New Line', name: 'speakerOnNewLine', type: 'boolean', default: false, description: 'Whether to put the speaker name on its own line' },
			{ displayName: 'Upper-Case Speakers', name: 'speakerUppercase', type: 'boolean', default: false, description: 'Whether to write speaker names in capitals' },
		],
	},
	...waitFields({
		description: 'Whether to wait, when Trint is still transcribing the file, until it can be exported',
		hint: 'On: a transcript still being transcribed is asked for again until it can be exported. Off: such a transcript fails the item at once (start the workflow from the Trint Trigger instead).',
	}),
	optionsCollection([batchConcurrencyField('Trint')]),
];

/** Items may be sent several at a time: Options → Batch Concurrency. */
export const concurrent = true;

function captionQuery(ctx: IExecuteFunctions, format: ExportFormat, itemIndex: number): IDataObject {
	if (!format.captions) return {};
	const chosen = ctx.getNodeParameter('captionOptions', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [option, queryName] of Object.entries(CAPTION_QUERY_NAMES)) {
		const value = chosen[option];
		if (value === undefined || value === '') continue;
		if (option === 'maxCharactersPerLine') {
			const characters = Number(value);
			if (!Number.isInteger(characters) || characters < 1) {
				throw new NodeOperationError(ctx.getNode(), '"Characters per Line" must be a whole number of at least 1', { itemIndex });
			}
			qs[queryName] = characters;
		} else {
			qs[queryName] = value ? 'true' : 'false';
		}
	}
	return qs;
}

/**
 * A picker's value, or '' when the field is not shown for the chosen format: n8n cannot extract
 * the value of a hidden resource locator and says it "could not find" the property.
 */
function shownLocator(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	try {
		return readLocator(ctx, name, itemIndex);
	} catch {
		return '';
	}
}

/**
 * The ID to export: the Story for a Story format, else the Transcript. Workflows made before the
 * node had a "Story" field, with the format set by an expression, kept the Story's ID in
 * "Transcript" (n8n keeps that field then, and drops the hidden "Story"): with "Story" empty it
 * is read from there.
 */
function exportedId(ctx: IExecuteFunctions, format: ExportFormat, itemIndex: number): string {
	if (format.kind !== 'story') return requireLocator(ctx, 'transcriptId', 'Transcript', itemIndex);
	const fromTranscriptField = shownLocator(ctx, 'storyId', itemIndex) === '' && shownLocator(ctx, 'transcriptId', itemIndex) !== '';
	return fromTranscriptField ? requireLocator(ctx, 'transcriptId', 'Transcript', itemIndex) : requireLocator(ctx, 'storyId', 'Story', itemIndex);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const formatValue = String(this.getNodeParameter('format', itemIndex, 'json'));
	const format = findExportFormat(formatValue);
	if (!format) {
		throw new NodeOperationError(this.getNode(), `"Format" has an unknown value: "${formatValue}"`, {
			itemIndex,
			description: `Use one of: ${EXPORT_FORMATS.map((entry) => entry.value).join(', ')}.`,
		});
	}
	const trintId = exportedId(this, format, itemIndex);
	const wait = readWaitSettings(this, itemIndex);
	const timeoutMs = readTimeoutMs(this, itemIndex);

	if (format.value === 'json') {
		const data = await fetchTranscriptJson(this, trintId, itemIndex, wait, timeoutMs);
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		return [{ json: simplify ? simplifyTranscript(trintId, data) : { trintId, ...data } }];
	}

	const qs = captionQuery(this, format, itemIndex);
	const outcome = await exportWhenReady(this, trintId, format, qs, itemIndex, wait, timeoutMs);
	const downloadFile = this.getNodeParameter('downloadFile', itemIndex, true) as boolean;
	const outputField = String(this.getNodeParameter('outputBinaryPropertyName', itemIndex, 'data')).trim() || 'data';
	// The title made safe as a file name (README, "Export file names"): one name for both the
	// JSON and the binary, since n8n reads a "/" in a binary's name as a folder.
	const fileName = exportFileName(outcome.kind === 'link' ? outcome.title : undefined, format.extension, trintId);
	const json: IDataObject = { trintId, format: format.value, fileName };

	if (outcome.kind === 'link') {
		json.title = outcome.title ?? null;
		if (!downloadFile) return [{ json: { ...json, url: outcome.url } }];
		const download = await downloadExportLink(this, outcome.url, itemIndex, timeoutMs);
		const mimeType = bareMimeType(headerValue(download.headers, 'content-type')) ?? format.mimeType;
		// The response stream goes straight into n8n's binary store (to disk in filesystem mode).
		// Regrouping its chunks into bigger ones before the store was measured: no faster, and the
		// copies raised n8n's peak memory (bench/results/latest.md).
		const binary = await this.helpers.prepareBinaryData(download.body as Buffer, fileName, mimeType);
		return [{ json: { ...json, mimeType }, binary: { [outputField]: binary } }];
	}
	if (outcome.kind === 'inline') {
		const mimeType = bareMimeType(outcome.contentType) ?? format.mimeType;
		const binary = await this.helpers.prepareBinaryData(outcome.body, fileName, mimeType);
		return [{ json: { ...json, mimeType }, binary: { [outputField]: binary } }];
	}
	// A JSON object without a link: keep what Trint sent rather than invent a file.
	return [{ json: { ...json, response: outcome.data } }];
}
