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
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
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
