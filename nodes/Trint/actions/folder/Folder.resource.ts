import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getMany.operation';

export { create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['folder'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a folder', action: 'Create a folder' },
			{ name: 'Get', value: 'get', description: 'Retrieve one folder', action: 'Get a folder' },
			{ name: 'Get Many', value: 'getAll', description: 'List folders of the personal drive or a Shared Drive', action: 'Get many folders' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...create.description,
];
