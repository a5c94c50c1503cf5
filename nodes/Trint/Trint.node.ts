import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as folder from './actions/folder/Folder.resource';
import { router } from './actions/router';
import { authenticationProperty, trintCredentials } from './authentication';
import * as sharedDrive from './actions/sharedDrive/SharedDrive.resource';
import * as transcript from './actions/transcript/Transcript.resource';
import { searchFolders, searchSharedDrives, searchTranscripts } from './methods/listSearch';

export class Trint implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Trint',
		name: 'trint',
		icon: { light: 'file:../../icons/trint.svg', dark: 'file:../../icons/trint.dark.svg' },
		group: ['transform'],
		version: 1,
		// Readable names on the canvas; an operation missing from the map shows its value.
		subtitle:
			'={{ ({ transcript: { upload: "Upload media", export: "Export a transcript", get: "Get a transcript", getAll: "Get many transcripts" }, folder: { create: "Create a folder", get: "Get a folder", getAll: "Get many folders" }, sharedDrive: { get: "Get a Shared Drive", getAll: "Get many Shared Drives" } }[$parameter["resource"]] || {})[$parameter["operation"]] || $parameter["operation"] }}',
		description: 'Upload media to Trint for transcription, export transcripts, and browse transcripts, folders and Shared Drives',
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
					{ name: 'Shared Drive', value: 'sharedDrive' },
					{ name: 'Transcript', value: 'transcript' },
				],
				default: 'transcript',
			},
			...transcript.description,
			...folder.description,
			...sharedDrive.description,
		],
	};

	methods = {
		listSearch: { searchFolders, searchSharedDrives, searchTranscripts },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
