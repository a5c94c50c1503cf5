import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { getSharedDrive } from '../../transport/sharedDrives';
import { optionsCollection, readTimeoutMs, requireLocator, trintLocator } from '../fields';
import { sharedDriveOutput } from '../../helpers/outputs';

export const option: OperationOption = {
	name: 'Get',
	description: 'Retrieve one Shared Drive',
	action: 'Get a shared drive',
	subtitle: 'Get a Shared Drive',
};

export const description: INodeProperties[] = [
	trintLocator('sharedDrive', { required: true, description: 'The Shared Drive to retrieve' }),
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sharedDriveId = requireLocator(this, 'sharedDrive', 'Shared Drive', itemIndex);
	return [{ json: sharedDriveOutput(await getSharedDrive(this, sharedDriveId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) })) }];
}
