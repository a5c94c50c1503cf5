import type { INodeProperties } from 'n8n-workflow';

import type { ShowWhen } from '../../shared/fields';
import { optionsCollectionFor } from '../../shared/fields';

export type { ShowWhen } from '../../shared/fields';
export { readOptions, readTimeoutMs } from '../../shared/fields';

export function inputBinaryField(show: ShowWhen, what: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
		description: `Binary property of the incoming item with the ${what}`,
		displayOptions: { show },
	};
}

/** The "Options" collection of a TrustNXT operation: what it adds, plus the timeout. */
export function optionsCollection(show: ShowWhen, extra: INodeProperties[] = []): INodeProperties {
	return optionsCollectionFor('TrustNXT', show, extra);
}
