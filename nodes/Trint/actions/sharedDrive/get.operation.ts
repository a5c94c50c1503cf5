import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { sharedDriveOutput } from '../../helpers/outputs';
import { parseJsonBody, trintRequest } from '../../transport';
import { readTimeoutMs, requireLocator, sharedDriveLocator, optionsCollection } from '../fields';

const show = { resource: ['sharedDrive'], operation: ['get'] };

export const description: INodeProperties[] = [
	sharedDriveLocator({ displayOptions: { show }, required: true, description: 'The Shared Drive to retrieve' }),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sharedDriveId = requireLocator(this, 'sharedDrive', 'Shared Drive', itemIndex);
	const response = await trintRequest(this, {
		method: 'GET',
		path: '/workspaces/workspace',
		qs: { workspaceId: sharedDriveId },
		itemIndex,
		timeoutMs: readTimeoutMs(this, itemIndex),
	});
	return [{ json: sharedDriveOutput(parseJsonBody(this, response.body, 'the Shared Drive', itemIndex) as IDataObject) }];
}
