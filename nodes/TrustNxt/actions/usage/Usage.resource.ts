import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Protect and Inspect calls of the current billing period, with limits and what remains (a null limit means no limit: protectUnlimited / inspectUnlimited are then true). Needs no input file; not billed.',
				action: 'Get usage',
			},
		],
		default: 'get',
	},
	...get.description,
];
