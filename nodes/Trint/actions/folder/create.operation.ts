import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { createFolder } from '../../transport/folders';
import { optionsCollection, readOptionalId, readTimeoutMs, trintLocator } from '../fields';
import { folderOutput } from '../../helpers/outputs';

export const option: OperationOption = {
	name: 'Create',
	description: 'Create a folder',
	action: 'Create a folder',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Interviews 2025',
		description: 'Name of the new folder',
	},
	optionsCollection([
		trintLocator('sharedDrive', { description: 'Create the folder in this Shared Drive. Empty: among the key user\'s own folders, in no Shared Drive.' }),
		trintLocator('folder', { displayName: 'Parent Folder', name: 'parentFolder', description: 'Create the folder inside this one' }),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
	if (!name) {
		throw new NodeOperationError(this.getNode(), '"Name" is empty', { itemIndex, description: 'Enter a name for the new folder.' });
	}
	const sharedDriveId = readOptionalId(this, 'options.sharedDrive', 'Shared Drive', itemIndex);
	const parentId = readOptionalId(this, 'options.parentFolder', 'Parent Folder', itemIndex);
	const folder = await createFolder(this, { name, sharedDriveId, parentId }, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: folderOutput(folder) }];
}
