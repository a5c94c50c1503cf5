import type { INodeProperties } from 'n8n-workflow';

import { optionsCollectionFor } from '../../shared/fields';

export { readOptions, readTimeoutMs } from '../../shared/fields';

export function inputBinaryField(what: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
		description: `Binary property of the incoming item with the ${what}`,
	};
}

/** The "Options" collection of an operation that runs locally (no request, so no timeout). */
export function localOptionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/** The "Options" collection of a TrustNXT operation: what it adds, plus the timeout. */
export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return optionsCollectionFor('TrustNXT', extra);
}

/**
 * The "Add SHA-256 Checksums" option of Protect and Inspect. Not added, the node version decides
 * (helpers/outputs.ts); once added it is on, since adding it means wanting them, and turning it
 * off is how a new node goes without.
 */
export function checksumOption(what: string): INodeProperties {
	return {
		displayName: 'Add SHA-256 Checksums',
		name: 'addChecksums',
		type: 'boolean',
		default: true,
		description: `Whether to add the SHA-256 of ${what} to the output. Computed as the bytes stream past, without reading the file again. Without this option, node versions 1.3 and later add them and earlier versions do not.`,
	};
}
