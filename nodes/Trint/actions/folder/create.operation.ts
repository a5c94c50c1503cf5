import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { folderOutput } from '../../helpers/outputs';
import { parseJsonBody, trintRequest } from '../../transport';
import { folderLocator, readLocator, readTimeoutMs, sharedDriveLocator, optionsCollection } from '../fields';

const show = { resource: ['folder'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Interviews 2025',
		description: 'Name of the new folder',
		displayOptions: { show },
	},
	optionsCollection(show, [
		sharedDriveLocator({ description: 'Create the folder in this Shared Drive. Empty: the personal drive.' }),
		folderLocator({ displayName: 'Parent Folder', name: 'parentFolder', description: 'Create the folder inside this one' }),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
	if (!name) {
		throw new NodeOperationError(this.getNode(), '"Name" is empty', { itemIndex, description: 'Enter a name for the new folder.' });
	}
	const body: IDataObject = { name };
	const sharedDriveId = readLocator(this, 'options.sharedDrive', itemIndex);
	const parentId = readLocator(this, 'options.parentFolder', itemIndex);
	if (sharedDriveId) body.workspaceId = sharedDriveId;
	if (parentId) body.parentId = parentId;
	// Creating a folder is not idempotent: it is sent once (a 429 aside).
	const response = await trintRequest(this, { method: 'POST', path: '/folders/', body, resend: 'billed', kind: 'folderCreate', itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: folderOutput(parseJsonBody(this, response.body, 'the new folder', itemIndex, 'folderCreate') as IDataObject) }];
}
