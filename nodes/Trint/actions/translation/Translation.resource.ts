import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteTranslation from './delete.operation';
import * as getAll from './getMany.operation';
import * as getLanguages from './getLanguages.operation';

export { create, getAll, getLanguages };
export { deleteTranslation as delete };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['translation'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Translate a transcript into another language (a new, translated transcript)', action: 'Create a translation' },
			{
				name: 'Delete',
				value: 'delete',
				description: 'Permanently delete a translated transcript in Trint; the source transcript stays',
				action: 'Delete a translation',
			},
			{ name: 'Get Many', value: 'getAll', description: 'List the translations of a transcript', action: 'Get many translations' },
			{ name: 'Get Many Languages', value: 'getLanguages', description: 'List the languages Trint can translate into', action: 'Get many translation languages' },
		],
		default: 'getAll',
	},
	...create.description,
	...getAll.description,
	...getLanguages.description,
	...deleteTranslation.description,
];
