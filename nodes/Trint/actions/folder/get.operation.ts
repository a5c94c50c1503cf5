import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { getFolder } from '../../transport/folders';
import { optionsCollection, readOptionalId, readTimeoutMs, requireLocator, trintLocator } from '../fields';
import { folderOutput } from '../../helpers/outputs';

export const option: OperationOption = {
	name: 'Get',
	description: 'Retrieve one folder',
	action: 'Get a folder',
};

export const description: INodeProperties[] = [
	trintLocator('sharedDrive', { description: 'The Shared Drive the folder is in. Empty: one of the key user\'s own folders, in no Shared Drive.' }),
	trintLocator('folder', { required: true }),
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const folderId = requireLocator(this, 'folder', 'Folder', itemIndex);
	const sharedDriveId = readOptionalId(this, 'sharedDrive', 'Shared Drive', itemIndex);
	return [{ json: folderOutput(await getFolder(this, folderId, sharedDriveId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) })) }];
}
