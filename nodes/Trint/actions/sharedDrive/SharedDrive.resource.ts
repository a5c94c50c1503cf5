import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getMany.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sharedDrive'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Retrieve one Shared Drive', action: 'Get a shared drive' },
			{ name: 'Get Many', value: 'getAll', description: 'List the Shared Drives the key can see', action: 'Get many shared drives' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
];
