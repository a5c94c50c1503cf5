import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asArray, trintRequest } from '../../transport';
import { folderOutput } from '../../helpers/outputs';
import { readLimit, readLocator, readTimeoutMs, returnAllAndLimit, sharedDriveLocator, toItems, optionsCollection } from '../fields';

const show = { resource: ['folder'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	sharedDriveLocator({ displayOptions: { show }, description: 'List the folders of this Shared Drive. Empty: the personal drive (My Trints).' }),
	...returnAllAndLimit(show, 'folders'),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { limit } = readLimit(this, itemIndex);
	const sharedDriveId = readLocator(this, 'sharedDrive', itemIndex);
	const qs: IDataObject = {};
	if (sharedDriveId) qs['workspace-id'] = sharedDriveId;
	// Trint returns every folder at once; Return All / Limit are applied here.
	const response = await trintRequest(this, { method: 'GET', path: '/folders/', qs, itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return toItems(asArray(this, response.body, 'folders', itemIndex).slice(0, limit).map(folderOutput));
}
