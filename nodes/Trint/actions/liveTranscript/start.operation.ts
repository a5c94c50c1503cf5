import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { isTrintLanguage, TRINT_LANGUAGES } from '../../helpers/languages';
import { editorLink, getTrintConnection } from '../../transport';
import { REALTIME_START_FIELDS, startRealtime } from '../../transport/realtime';
import { extraBodyOption, readExtraBody } from '../extraBody';
import { optionsCollection, readLocator, readTimeoutMs, trintLocator } from '../fields';
import { MAX_METADATA_LENGTH } from '../transcript/upload.operation';

export const option: OperationOption = {
	name: 'Start',
	description: 'Start transcribing a live stream into a new Trint',
	action: 'Start a live transcript',
};

/** The rule that matters for Start, shown under both fields where the user types. */
const STREAM_SOURCE_RULE = 'At least one of Stream Key and Stream URL is needed; either may be left empty';

export const description: INodeProperties[] = [
	{
		displayName: 'Stream Key',
		name: 'streamKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'The key from Live Transcript → Create Push Stream, when an encoder pushes to Trint. Leave empty when Trint pulls from a Stream URL.',
		hint: STREAM_SOURCE_RULE,
	},
	{
		displayName: 'Stream URL',
		name: 'streamUrl',
		type: 'string',
		default: '',
		placeholder: 'rtmp://live.example.com/app/stream',
		description: 'A live source for Trint to pull, or the stream URL from Create Push Stream',
		hint: STREAM_SOURCE_RULE,
	},
	optionsCollection([
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Title of the new Trint' },
		{
			displayName: 'Language',
			name: 'language',
			type: 'options',
			options: TRINT_LANGUAGES,
			default: 'en',
			description: 'Language spoken in the stream',
		},
		trintLocator('sharedDrive', { description: 'Create the live Trint in this Shared Drive' }),
		trintLocator('folder', { description: 'Create the live Trint in this folder' }),
		{ displayName: 'Metadata', name: 'metadata', type: 'string', default: '', description: 'Any text (for example your job ID), kept with the Trint' },
		extraBodyOption('start'),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = (this.getNodeParameter('options', itemIndex, {}) as IDataObject) ?? {};
	const streamKey = String(this.getNodeParameter('streamKey', itemIndex, '') ?? '').trim();
	const streamUrl = String(this.getNodeParameter('streamUrl', itemIndex, '') ?? '').trim();
	const extraBody = readExtraBody(this, itemIndex);
	if (!streamKey && !streamUrl && !extraBody[REALTIME_START_FIELDS.streamKey] && !extraBody[REALTIME_START_FIELDS.streamUrl]) {
		throw new NodeOperationError(this.getNode(), '"Stream Key" and "Stream URL" are both empty', {
			itemIndex,
			description: 'Fill in at least one: "Stream Key" with the key from Live Transcript → Create Push Stream, or "Stream URL" with a live source for Trint to pull.',
		});
	}
	// Only the fields the user set are sent.
	const fields: IDataObject = {};
	if (streamUrl) fields[REALTIME_START_FIELDS.streamUrl] = streamUrl;
	if (streamKey) fields[REALTIME_START_FIELDS.streamKey] = streamKey;
	const title = String(options.title ?? '').trim();
	if (title) fields[REALTIME_START_FIELDS.title] = title;
	if (options.language !== undefined) {
		const language = String(options.language).trim();
		if (!isTrintLanguage(language)) {
			throw new NodeOperationError(this.getNode(), `"Language" has an unknown code: "${language}"`, {
				itemIndex,
				description: 'Pick one of the languages in the list (codes such as en, en-GB, de, fr, es).',
			});
		}
		fields[REALTIME_START_FIELDS.language] = language;
	}
	const sharedDriveId = readLocator(this, 'options.sharedDrive', itemIndex);
	const folderId = readLocator(this, 'options.folder', itemIndex);
	if (sharedDriveId) fields[REALTIME_START_FIELDS.sharedDriveId] = sharedDriveId;
	if (folderId) fields[REALTIME_START_FIELDS.folderId] = folderId;
	const metadata = String(options.metadata ?? '');
	if (metadata.length > MAX_METADATA_LENGTH) {
		throw new NodeOperationError(this.getNode(), `"Metadata" is ${metadata.length} characters long; the most is ${MAX_METADATA_LENGTH}`, { itemIndex });
	}
	if (metadata) fields[REALTIME_START_FIELDS.metadata] = metadata;

	const started = await startRealtime(this, fields, extraBody, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	const connection = await getTrintConnection(this);
	const trintId = String(started.trintId);
	// The live transcript is an ordinary Trint: Transcript → Export takes this trintId.
	return [{ json: { ...started, trintId, editorUrl: editorLink(connection, trintId) } }];
}
