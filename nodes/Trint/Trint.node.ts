import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as folder from './actions/folder/Folder.resource';
import * as liveTranscript from './actions/liveTranscript/LiveTranscript.resource';
import { router } from './actions/router';
import { authenticationProperty, trintCredentials } from './authentication';
import * as sharedDrive from './actions/sharedDrive/SharedDrive.resource';
import * as transcript from './actions/transcript/Transcript.resource';
import * as translation from './actions/translation/Translation.resource';
import { searchFolders, searchSharedDrives, searchTranscripts } from './methods/listSearch';
import { searchTranslationLanguages } from './methods/translationLanguages';

export class Trint implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Trint',
		name: 'trint',
		icon: { light: 'file:../../icons/trint.svg', dark: 'file:../../icons/trint.dark.svg' },
		group: ['transform'],
		version: 1,
		// Readable names on the canvas; an operation missing from the map shows its value.
		subtitle:
			'={{ ({ transcript: { upload: "Upload media", export: "Export a transcript", get: "Get a transcript", getAll: "Get many transcripts" }, folder: { create: "Create a folder", get: "Get a folder", getAll: "Get many folders" }, sharedDrive: { get: "Get a Shared Drive", getAll: "Get many Shared Drives" }, translation: { getLanguages: "Get translation languages", create: "Create a translation", getAll: "Get many translations", delete: "Delete a translation" }, liveTranscript: { createPushStream: "Create a push stream", start: "Start a live transcript", stop: "Stop a live transcript", getStatus: "Get live status", waitUntilStopped: "Wait until stopped" } }[$parameter["resource"]] || {})[$parameter["operation"]] || $parameter["operation"] }}',
		description: 'Upload media (a file or a URL) to Trint for transcription, export and translate transcripts, run live transcripts, and browse transcripts, folders and Shared Drives',
		defaults: { name: 'Trint' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: trintCredentials,
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Folder', value: 'folder' },
					{ name: 'Live Transcript', value: 'liveTranscript' },
					{ name: 'Shared Drive', value: 'sharedDrive' },
					{ name: 'Transcript', value: 'transcript' },
					{ name: 'Translation', value: 'translation' },
				],
				default: 'transcript',
			},
			...transcript.description,
			...folder.description,
			...sharedDrive.description,
			...translation.description,
			...liveTranscript.description,
		],
	};

	methods = {
		listSearch: { searchFolders, searchSharedDrives, searchTranscripts, searchTranslationLanguages },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
