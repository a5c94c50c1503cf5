import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { listFolders } from '../../transport/folders';
import { optionsCollection, readLimit, readOptionalId, readTimeoutMs, returnAllAndLimit, toItems, trintLocator } from '../fields';
import { folderOutput } from '../../helpers/outputs';

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List the key user\'s own folders or those of a Shared Drive',
	action: 'Get many folders',
};

export const description: INodeProperties[] = [
	trintLocator('sharedDrive', { description: 'List the folders of this Shared Drive. Empty: the key user\'s own folders, outside any Shared Drive.' }),
	...returnAllAndLimit('folders'),
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { limit } = readLimit(this, itemIndex);
	const sharedDriveId = readOptionalId(this, 'sharedDrive', 'Shared Drive', itemIndex);
	// Trint returns every folder at once; Return All / Limit are applied here.
	const folders = await listFolders(this, sharedDriveId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return toItems(folders.slice(0, limit).map(folderOutput));
}
