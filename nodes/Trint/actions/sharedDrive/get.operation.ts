import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getSharedDrive } from '../../transport/sharedDrives';
import { readTimeoutMs, requireLocator, sharedDriveLocator, optionsCollection } from '../fields';

const show = { resource: ['sharedDrive'], operation: ['get'] };

export const description: INodeProperties[] = [
	sharedDriveLocator({ displayOptions: { show }, required: true, description: 'The Shared Drive to retrieve' }),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sharedDriveId = requireLocator(this, 'sharedDrive', 'Shared Drive', itemIndex);
	return [{ json: await getSharedDrive(this, sharedDriveId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) }) }];
}
