import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ShowWhen } from '../../shared/fields';
import { optionsCollectionFor } from '../../shared/fields';

/** Largest "Limit" accepted: well past any real account, small enough to catch a typo. */
export const MAX_LIMIT = 1_000_000;

export type { ShowWhen } from '../../shared/fields';
export { readTimeoutMs } from '../../shared/fields';

export function sharedDriveLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Shared Drive',
		name: 'sharedDrive',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'A Shared Drive of the account. Leave empty for the personal drive (My Trints).',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchSharedDrives', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'dlxkjmhkSHG_zE5ecKueAQ' },
		],
		...overrides,
	};
}

export function folderLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Folder',
		name: 'folder',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'A folder; the list shows the folders of the Shared Drive chosen above, or of the personal drive',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchFolders', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'ZLUzq0m1TIqY2mRkU9b3Xw' },
		],
		...overrides,
	};
}

export function transcriptLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Transcript',
		name: 'transcriptId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Trint (transcript) to use',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTranscripts', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'RDOnOc0pRpaJ89CuBP3beA' },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.trint.com/editor/RDOnOc0pRpaJ89CuBP3beA',
				extractValue: { type: 'regex', regex: '/editor/([^/?#]+)' },
			},
		],
		...overrides,
	};
}

export function returnAllAndLimit(show: ShowWhen, noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
			hint: `How many ${noun} to output at most. Switch on Return All for every one.`,
		},
	];
}

/** Reads the "Limit" field, refusing values that cannot be meant (0, negative, fractions, huge). */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): { returnAll: boolean; limit: number } {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return { returnAll, limit: Number.POSITIVE_INFINITY };
	const limit = Number(ctx.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
		throw new NodeOperationError(ctx.getNode(), `"Limit" must be a whole number from 1 to ${MAX_LIMIT}; it is ${String(limit)}`, {
			itemIndex,
			description: 'Set "Limit" to how many results you want, or switch on "Return All".',
		});
	}
	return { returnAll, limit };
}

/** A resource locator's value, trimmed; empty string when unset. */
export function readLocator(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = ctx.getNodeParameter(name, itemIndex, fallback, { extractValue: true }) as unknown;
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return String((value as IDataObject).value ?? '').trim();
	return String(value).trim();
}

export function requireLocator(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = readLocator(ctx, name, itemIndex);
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is empty`, {
			itemIndex,
			description: `Pick a ${label.toLowerCase()} from the list or enter its ID.`,
		});
	}
	// URL parsers treat "." and ".." (even percent-encoded) as directory steps, so such an ID
	// would reach another path. No Trint ID looks like that.
	if (/^\.+$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is "${value}", which is not an ID`, {
			itemIndex,
			description: `Trint IDs are 22 letters, digits, "-" or "_". Pick a ${label.toLowerCase()} from the list or paste its ID.`,
		});
	}
	return value;
}

export function toItems(entries: IDataObject[]) {
	return entries.map((json) => ({ json }));
}

/** The "Options" collection of a Trint operation: what it adds, plus the timeout. */
export function optionsCollection(show: ShowWhen, extra: INodeProperties[] = []): INodeProperties {
	return optionsCollectionFor('Trint', show, extra);
}
