import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PARALLEL_PAGE_REQUESTS, parallelRequestsField } from '../../../shared/pages';
import type { OperationOption } from '../../../shared/resources';
import { listAllTranscripts } from '../../transport/transcripts';
import { readOptions } from '../../../shared/fields';
import { optionsCollection, readLimit, readLocator, readTimeoutMs, returnAllAndLimit, toItems, trintLocator } from '../fields';
import { transcriptOutput } from '../../helpers/outputs';

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List transcripts',
	action: 'Get many transcripts',
};

export const description: INodeProperties[] = [
	...returnAllAndLimit('transcripts'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			trintLocator('sharedDrive', { description: 'List the transcripts of this Shared Drive, whoever owns them. Empty: the key user\'s own Trints.' }),
			trintLocator('folder', {
				description:
					'Only the transcripts in this folder. With a Shared Drive, Trint filters. Without one (a folder of the personal drive), Trint cannot filter by folder, so the node lists the key user\'s own Trints and keeps those whose folderId is this folder: Limit counts the kept ones, and the whole personal list may be read to find them.',
			}),
		],
	},
	optionsCollection([{ ...parallelRequestsField(), displayOptions: { show: { '/returnAll': [true] } } }]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readLimit(this, itemIndex);
	const sharedDriveId = readLocator(this, 'filters.sharedDrive', itemIndex);
	const folderId = readLocator(this, 'filters.folder', itemIndex);
	const parallel = Number(readOptions(this, itemIndex).parallelRequests ?? DEFAULT_PARALLEL_PAGE_REQUESTS);
	const transcripts = await listAllTranscripts(this, { sharedDriveId, folderId }, { returnAll, limit, parallel, itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return toItems(transcripts.map(transcriptOutput));
}
