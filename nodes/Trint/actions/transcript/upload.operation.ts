import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getBinaryInput } from '../../../shared/binary';
import { isTrintLanguage, TRINT_LANGUAGES } from '../../helpers/languages';
import { fetchTranscriptJson, readWaitSettings, simplifyTranscript, waitFields } from '../../helpers/transcriptJson';
import { editorLink, getTrintConnection, parseJsonBody, trintRequest } from '../../transport';
import { folderLocator, optionsCollection, readLocator, readTimeoutMs, sharedDriveLocator } from '../fields';

const show = { resource: ['transcript'], operation: ['upload'] };

/** Longest metadata string accepted; Trint echoes it in every webhook. */
export const MAX_METADATA_LENGTH = 4096;

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the audio or video file',
		description: 'Binary property of the incoming item with the media to transcribe',
		displayOptions: { show },
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: TRINT_LANGUAGES,
		default: 'en',
		description: 'Language spoken in the recording',
		displayOptions: { show },
	},
	...waitFields(show),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return the transcript as plain text and paragraphs (speaker, start and end time) instead of Trint\'s word-level JSON',
		hint: 'On: plain text and paragraphs with speaker and times. Off: Trint\'s full word-level JSON.',
		displayOptions: { show: { ...show, waitForTranscription: [true] } },
	},
	optionsCollection(show, [
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: 'Name the Trint gets (its title). Default: the binary\'s file name.',
		},
		sharedDriveLocator({ description: 'Upload into this Shared Drive. Empty: the personal drive (My Trints).' }),
		folderLocator({ description: 'Upload into this folder' }),
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'string',
			default: '',
			description: 'Any text (for example your job ID); Trint sends it back in its webhook events',
		},
		{
			displayName: 'Detect Speaker Change',
			name: 'detectSpeakerChange',
			type: 'boolean',
			default: true,
			description: 'Whether to start a new paragraph when the speaker changes',
		},
		{
			displayName: 'Custom Dictionary',
			name: 'customDictionary',
			type: 'boolean',
			default: true,
			description: 'Whether to use the account\'s Vocab Builder words',
		},
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const language = String(this.getNodeParameter('language', itemIndex, 'en')).trim();
	if (!isTrintLanguage(language)) {
		throw new NodeOperationError(this.getNode(), `"Language" has an unknown code: "${language}"`, {
			itemIndex,
			description: 'Pick one of the 54 languages in the list (codes such as en, en-GB, de, fr, es).',
		});
	}
	const metadata = String(options.metadata ?? '');
	if (metadata.length > MAX_METADATA_LENGTH) {
		throw new NodeOperationError(this.getNode(), `"Metadata" is ${metadata.length} characters long; the most is ${MAX_METADATA_LENGTH}`, {
			itemIndex,
			description: 'Put a short reference (an ID) in Metadata and keep the details elsewhere.',
		});
	}
	const wait = readWaitSettings(this, itemIndex);
	const timeoutMs = readTimeoutMs(this, itemIndex);
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const input = await getBinaryInput(this, itemIndex, binaryPropertyName, 'Input Binary Field');
	const fileName = String(options.fileName ?? '').trim() || input.fileName;

	const qs: IDataObject = { filename: fileName, language };
	const sharedDriveId = readLocator(this, 'options.sharedDrive', itemIndex);
	const folderId = readLocator(this, 'options.folder', itemIndex);
	if (sharedDriveId) qs['workspace-id'] = sharedDriveId;
	if (folderId) qs['folder-id'] = folderId;
	if (metadata) qs.metadata = metadata;
	if (options.detectSpeakerChange !== undefined) qs['detect-speaker-change'] = options.detectSpeakerChange ? 'true' : 'false';
	if (options.customDictionary !== undefined) qs['custom-dictionary'] = options.customDictionary ? 'true' : 'false';

	// The raw bytes are the body; on disk they are streamed, and a retry (only ever after a 429,
	// which proves Trint did not take the file) opens the file afresh.
	const response = await trintRequest(this, {
		method: 'POST',
		host: 'upload',
		path: '/',
		qs,
		headers: { 'content-type': input.mimeType, 'content-length': String(input.size) },
		bodyFactory: async () => await input.open(),
		resend: 'billed',
		itemIndex,
		timeoutMs,
	});
	const trintId = readTrintId(this, response.body, itemIndex);
	const connection = await getTrintConnection(this);
	const result: IDataObject = {
		trintId,
		title: fileName,
		language,
		editorUrl: editorLink(connection, trintId),
	};
	if (sharedDriveId) result.sharedDriveId = sharedDriveId;
	if (folderId) result.folderId = folderId;
	if (metadata) result.metadata = metadata;
	if (!wait) return [{ json: result }];

	const transcript = await fetchTranscriptJson(this, trintId, itemIndex, wait, timeoutMs);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return [{ json: { ...result, transcript: simplify ? simplifyTranscript(trintId, transcript) : transcript } }];
}

/** `{"trintId": ...}` [official-code]; a bare ID as text is accepted too, as the reference allows text. */
function readTrintId(ctx: IExecuteFunctions, body: unknown, itemIndex: number): string {
	let parsed: unknown = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = (Buffer.isBuffer(body) ? body.toString('utf8') : body).trim();
		if (/^[A-Za-z0-9_-]{10,64}$/.test(text)) return text;
		parsed = parseJsonBody(ctx, text, 'the upload', itemIndex);
	}
	const id = parsed && typeof parsed === 'object' ? (parsed as IDataObject).trintId : undefined;
	if (typeof id !== 'string' || !id) {
		throw new NodeOperationError(ctx.getNode(), 'Trint accepted the upload but sent no trintId', {
			itemIndex,
			description: 'Look for the file in Trint before uploading it again, so that it is not transcribed (and billed) twice.',
		});
	}
	return id;
}
