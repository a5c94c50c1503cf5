import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listAllTranscripts } from '../../transport';
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
			folderLocator({ description: 'Only this folder of the Shared Drive. Trint needs the Shared Drive as well.' }),
		],
	},
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readLimit(this, itemIndex);
	const sharedDriveId = readLocator(this, 'filters.sharedDrive', itemIndex);
	const folderId = readLocator(this, 'filters.folder', itemIndex);
	if (folderId && !sharedDriveId) {
		throw new NodeOperationError(this.getNode(), 'Filter "Folder" needs the "Shared Drive" it belongs to', {
			itemIndex,
			description: 'Trint lists a folder\'s transcripts only within a Shared Drive. Add the "Shared Drive" filter, or remove "Folder".',
		});
	}
	const filter: IDataObject = {};
	if (sharedDriveId) filter.sharedDriveId = sharedDriveId;
	if (folderId) filter.folderId = folderId;
	const transcripts = await listAllTranscripts(this, filter, { returnAll, limit, itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return toItems(transcripts);
}
