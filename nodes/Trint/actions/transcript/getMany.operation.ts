import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { inPersonalFolder, listAllTranscripts } from '../../transport';
import { transcriptOutput } from '../../helpers/outputs';
import { folderLocator, readLimit, readLocator, readTimeoutMs, returnAllAndLimit, sharedDriveLocator, toItems, optionsCollection } from '../fields';

const show = { resource: ['transcript'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	...returnAllAndLimit(show, 'transcripts'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			sharedDriveLocator({ description: 'List the transcripts of this Shared Drive, whoever owns them. Empty: the key user\'s own Trints.' }),
			folderLocator({
				description:
					'Only the transcripts in this folder. With a Shared Drive, Trint filters. Without one (a folder of the personal drive), Trint cannot filter by folder, so the node lists the key user\'s own Trints and keeps those whose folderId is this folder: Limit counts the kept ones, and the whole personal list may be read to find them.',
			}),
		],
	},
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readLimit(this, itemIndex);
	const sharedDriveId = readLocator(this, 'filters.sharedDrive', itemIndex);
	const folderId = readLocator(this, 'filters.folder', itemIndex);
	const filter: IDataObject = {};
	if (sharedDriveId) filter.sharedDriveId = sharedDriveId;
	// Trint filters by folder only within a Shared Drive; a personal folder is matched here, on
	// each transcript's folderId.
	if (folderId && sharedDriveId) filter.folderId = folderId;
	const keep = folderId && !sharedDriveId ? inPersonalFolder(folderId) : undefined;
	const transcripts = await listAllTranscripts(this, filter, { returnAll, limit, itemIndex, timeoutMs: readTimeoutMs(this, itemIndex), keep });
	return toItems(transcripts.map(transcriptOutput));
}
