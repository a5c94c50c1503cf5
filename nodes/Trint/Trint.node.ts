import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { authenticationProperty, trintCredentials } from './authentication';
import { folder } from './actions/folder/Folder.resource';
import { liveTranscript } from './actions/liveTranscript/LiveTranscript.resource';
import { sharedDrive } from './actions/sharedDrive/SharedDrive.resource';
import { transcript } from './actions/transcript/Transcript.resource';
import { translation } from './actions/translation/Translation.resource';
import { searchFolders, searchSharedDrives, searchStories, searchTranscripts } from './methods/listSearch';
import { searchTranslationLanguages } from './methods/translationLanguages';
import { searchTranslations } from './methods/translationPicker';
import type { ResourceMap } from '../shared/resources';
import { resourceProperties, routeToOperation, subtitleFor } from '../shared/resources';

/** Resource value → resource, in the order their fields are listed. */
const resources = { transcript, folder, sharedDrive, translation, liveTranscript } satisfies ResourceMap;

export class Trint implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Trint',
		name: 'trint',
		icon: { light: 'file:../../icons/trint.svg', dark: 'file:../../icons/trint.dark.svg' },
		group: ['transform'],
		version: 1,
		// Readable names on the canvas; an operation missing from the map shows its value.
		subtitle: subtitleFor(resources),
		description: 'Upload media (a file or a URL) to Trint for transcription, export and translate transcripts, run live transcripts, and browse transcripts, folders and Shared Drives',
		defaults: { name: 'Trint' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: trintCredentials,
		properties: [
			authenticationProperty,
			...resourceProperties(resources, 'transcript'),
		],
	};

	methods = {
		listSearch: { searchFolders, searchSharedDrives, searchStories, searchTranscripts, searchTranslationLanguages, searchTranslations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation(this, resources);
	}
}
