import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BinaryInput } from '../../../shared/binary';
import { getBinaryInput, openWithHead } from '../../../shared/binary';
import { operationError } from '../../../shared/errors';
import { batchConcurrencyField } from '../../../shared/items';
import type { OperationOption } from '../../../shared/resources';
import { isTrintLanguage, TRINT_LANGUAGES } from '../../helpers/languages';
import { fetchTranscriptJson } from '../../helpers/exportWhenReady';
import { detectedFrom, detectMedia, MEDIA_HEAD_BYTES } from '../../helpers/mediaType';
import { simplifyTranscript } from '../../helpers/simplifyTranscript';
import { editorLink, getTrintConnection } from '../../transport';
import { idOf } from '../../transport/conventions';
import { listFolders } from '../../transport/folders';
import type { UploadTarget } from '../../transport/upload';
import { uploadedTrintId, uploadMedia } from '../../transport/upload';
import { optionsCollection, readOptionalId, readTimeoutMs, readWaitSettings, SIMPLIFY_HINT, simplifyField, trintLocator, waitFields } from '../fields';
import { uploadFromUrl } from '../../transport/urlSource';
import { readUrlSourceSettings, sourceField, urlSourceFields } from './uploadSource';

export const option: OperationOption = {
	name: 'Upload',
	description: 'Upload media to be transcribed',
	action: 'Upload media to transcribe',
	subtitle: 'Upload media',
};

/** Longest metadata string accepted; Trint echoes it in every webhook. */
export const MAX_METADATA_LENGTH = 4096;

export const description: INodeProperties[] = [
	sourceField(),
	...urlSourceFields(),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the audio or video file',
		description: 'Binary property of the incoming item with the media to transcribe',
		displayOptions: { show: { source: ['binary'] } },
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: TRINT_LANGUAGES,
		default: 'en',
		description: 'Language spoken in the recording',
	},
	...waitFields(),
	simplifyField({
		description: 'Whether to return the transcript as plain text and paragraphs (speaker, start and end time) instead of Trint\'s word-level JSON',
		hint: SIMPLIFY_HINT,
		displayOptions: { show: { waitForTranscription: [true] } },
	}),
	optionsCollection([
		batchConcurrencyField('Trint'),
		{
			displayName: 'Allow Non-Media Files',
			name: 'allowNonMedia',
			type: 'boolean',
			default: false,
			description:
				'Whether to send a file that is not audio or video (judged by its first bytes, else its MIME type or name) to Trint anyway. Off: such a file fails the item before anything is uploaded.',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: 'Name the Trint gets (its title). Default: the binary\'s file name.',
		},
		trintLocator('sharedDrive', { description: 'Upload into this Shared Drive. Empty: the Trint is the key user\'s own, in no Shared Drive.' }),
		trintLocator('folder', {
			description:
				'Upload into this folder: a folder of the chosen "Shared Drive" or, with no Shared Drive, one of the key user\'s own folders. Checked before the file is sent.',
		}),
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

/** Items may be sent several at a time: Options → Batch Concurrency. */
export const concurrent = true;

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
	const fromUrl = this.getNodeParameter('source', itemIndex, 'binary') === 'url';
	const binaryPropertyName = fromUrl ? '' : String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const input = fromUrl ? undefined : await getBinaryInput(this, itemIndex, binaryPropertyName, 'Input Binary Field');
	const allowNonMedia = options.allowNonMedia === true;
	let fileName = String(options.fileName ?? '').trim() || (input?.fileName ?? '');

	const sharedDriveId = readOptionalId(this, 'options.sharedDrive', 'Shared Drive', itemIndex);
	const folderId = readOptionalId(this, 'options.folder', 'Folder', itemIndex);
	if (folderId) await checkFolder(this, folderId, sharedDriveId, itemIndex, timeoutMs);
	const target: UploadTarget = {
		fileName,
		language,
		sharedDriveId,
		folderId,
		metadata,
		detectSpeakerChange: options.detectSpeakerChange as boolean | undefined,
		customDictionary: options.customDictionary as boolean | undefined,
	};

	// The raw bytes are the body; on disk they are streamed, and a retry (only ever after a 429,
	// which proves Trint did not take the file) opens the file afresh.
	let response;
	if (input) {
		const media = allowNonMedia ? input : await mediaOnly(this, input, binaryPropertyName, itemIndex);
		response = await uploadMedia(this, target, { contentType: media.mimeType, length: media.size, open: async () => await media.open() }, { itemIndex, timeoutMs });
	} else {
		// Source "URL": fetched and passed on as it arrives; the file name may come from the source.
		const uploaded = await uploadFromUrl(this, { ...readUrlSourceSettings(this, itemIndex, fileName), allowNonMedia }, target);
		response = uploaded.response;
		fileName = uploaded.fileName;
	}
	const trintId = uploadedTrintId(this, response, itemIndex);
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

/**
 * The input file, refused when its first bytes (else its MIME type or name) say it is not audio
 * or video. The file is opened once for both the look and the upload.
 */
async function mediaOnly(ctx: IExecuteFunctions, input: BinaryInput, binaryPropertyName: string, itemIndex: number): Promise<BinaryInput> {
	const looked = await openWithHead(input, MEDIA_HEAD_BYTES);
	const verdict = detectMedia(looked.head, input.meta.mimeType, [input.fileName]);
	if (verdict.media !== false) return looked.input;
	looked.release();
	throw operationError(ctx.getNode(), `"Input Binary Field" ("${binaryPropertyName}") holds ${verdict.what}, not audio or video`, {
		itemIndex,
		description: `Trint transcribes audio and video only. "${input.fileName}" (${input.mimeType}) was taken for ${verdict.what} from ${detectedFrom(verdict)}. Put the recording itself in this field, or switch on Options → "Allow Non-Media Files" to send it anyway. Nothing was uploaded.`,
	});
}

/**
 * Folder lists read in this run, per Shared Drive ('' = personal drive). The pending read is
 * kept, so uploads running at once share it; a failed read is forgotten.
 */
const folderLists = new WeakMap<object, Map<string, Promise<Set<string>>>>();

/**
 * Makes sure the chosen folder is where the upload is going: in the chosen Shared Drive, or in
 * the personal drive when there is none. A folder of a Shared Drive chosen without that drive
 * would otherwise only be refused by Trint after the whole file was sent. Reading the folder
 * list is free; it is read once per run and drive.
 */
async function checkFolder(ctx: IExecuteFunctions, folderId: string, sharedDriveId: string, itemIndex: number, timeoutMs?: number): Promise<void> {
	let lists = folderLists.get(ctx);
	if (!lists) {
		lists = new Map();
		folderLists.set(ctx, lists);
	}
	let pending = lists.get(sharedDriveId);
	if (!pending) {
		const read = listFolders(ctx, sharedDriveId, { itemIndex, timeoutMs }).then((folders) => new Set(folders.map(idOf)));
		const forget = () => {
			if (lists?.get(sharedDriveId) === read) lists.delete(sharedDriveId);
		};
		read.then(undefined, forget);
		lists.set(sharedDriveId, read);
		pending = read;
	}
	const known = await pending;
	if (known.has(folderId)) return;
	throw new NodeOperationError(
		ctx.getNode(),
		sharedDriveId
			? `"Folder" (${folderId}) is not a folder of the chosen "Shared Drive" (${sharedDriveId})`
			: `"Folder" (${folderId}) is not a folder of your personal drive`,
		{
			itemIndex,
			description: sharedDriveId
				? 'Pick the folder from the list (it shows the chosen Shared Drive\'s folders), or choose the Shared Drive the folder belongs to. Nothing was uploaded.'
				: 'A folder of a Shared Drive needs that Shared Drive as well: choose it under "Shared Drive", then the folder. Or pick one of your own folders from the list. Nothing was uploaded.',
		},
	);
}
