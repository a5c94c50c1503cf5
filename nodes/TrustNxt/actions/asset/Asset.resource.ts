import type { INodeProperties } from 'n8n-workflow';

import * as inspect from './inspect.operation';
import * as protect from './protect.operation';
import * as readContentCredentials from './readContentCredentials.operation';

export { inspect, protect, readContentCredentials };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{
				name: 'Inspect',
				value: 'inspect',
				description: 'Check a file\'s Trust Label; the verdict is trusted, valid, invalid or no_credentials (no label). Needs a file (binary input) from a previous node. Billed per call.',
				action: 'Inspect an asset',
			},
			{
				name: 'Protect',
				value: 'protect',
				description: 'Sign a file with a Trust Label and get the protected file back. Needs a file (binary input) from a previous node. Billed per call.',
				action: 'Protect an asset',
			},
			{
				name: 'Read Content Credentials',
				value: 'readContentCredentials',
				description: 'Read a file\'s Content Credentials (C2PA) locally, free and offline: embedded, remote or none, and what the manifest claims. Validates nothing. Needs a file (binary input) from a previous node; no TrustNXT account.',
				action: 'Read content credentials of an asset',
			},
		],
		default: 'protect',
	},
	...protect.description,
	...inspect.description,
	...readContentCredentials.description,
];
