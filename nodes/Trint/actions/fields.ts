import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollectionFor } from '../../shared/fields';
import type { WaitSettings } from '../helpers/exportWhenReady';
import { MIN_POLL_INTERVAL_SECONDS } from '../helpers/exportWhenReady';

/** Largest "Limit" accepted: well past any real account, small enough to catch a typo. */
export const MAX_LIMIT = 1_000_000;

export { readTimeoutMs } from '../../shared/fields';

/** The three Trint pickers: what each one picks, and how (from a searchable list, by ID, by URL). */
const PICKERS = {
	sharedDrive: {
		displayName: 'Shared Drive',
		description: 'A Shared Drive of the account. Leave empty for the personal drive (My Trints).',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchSharedDrives', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'dlxkjmhkSHG_zE5ecKueAQ' },
		],
	},
	folder: {
		displayName: 'Folder',
		description: 'A folder; the list shows the folders of the Shared Drive chosen above, or of the personal drive',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchFolders', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'ZLUzq0m1TIqY2mRkU9b3Xw' },
		],
	},
	transcriptId: {
		displayName: 'Transcript',
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
	},
} satisfies Record<string, Partial<INodeProperties>>;

/**
 * A Trint picker; its parameter name is the key in `PICKERS`. `overrides` changes what one
 * operation needs (its description, another parameter name, required).
 */
export function trintLocator(picks: keyof typeof PICKERS, overrides: Partial<INodeProperties> = {}): INodeProperties {
	return { ...PICKERS[picks], name: picks, type: 'resourceLocator', default: { mode: 'list', value: '' }, ...overrides };
}

export function returnAllAndLimit(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
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
			// Also read by AI agents calling the node as a tool, who cannot reach the editor's
			// controls: say which value to send.
			description: `Give "Limit" a whole number from 1 to ${MAX_LIMIT}, e.g. 50.`,
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
export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return optionsCollectionFor('Trint', extra);
}

export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings | undefined {
	const enabled = ctx.getNodeParameter('waitForTranscription', itemIndex, false) as boolean;
	if (!enabled) return undefined;
	return readPollSettings(ctx, itemIndex, 60);
}

/**
 * "Poll Interval (Seconds)" and "Max Wait (Minutes)" of any operation that waits on Trint
 * (transcription, translation, a live stream), refusing values that cannot be meant.
 */
export function readPollSettings(ctx: IExecuteFunctions, itemIndex: number, defaultMaxWaitMinutes: number): WaitSettings {
	const pollIntervalSeconds = Number(ctx.getNodeParameter('pollInterval', itemIndex, 30));
	const maxWaitMinutes = Number(ctx.getNodeParameter('maxWaitMinutes', itemIndex, defaultMaxWaitMinutes));
	if (!Number.isFinite(pollIntervalSeconds) || pollIntervalSeconds < MIN_POLL_INTERVAL_SECONDS) {
		throw new NodeOperationError(ctx.getNode(), `"Poll Interval (Seconds)" must be at least ${MIN_POLL_INTERVAL_SECONDS}`, {
			itemIndex,
			description: 'Trint asks clients not to poll more often than every 10 seconds.',
		});
	}
	if (!Number.isFinite(maxWaitMinutes) || maxWaitMinutes <= 0) {
		throw new NodeOperationError(ctx.getNode(), '"Max Wait (Minutes)" must be a positive number', { itemIndex });
	}
	return { pollIntervalSeconds, maxWaitMinutes };
}

/** Fields for "Wait for Transcription". */
export function waitFields(): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Transcription',
			name: 'waitForTranscription',
			type: 'boolean',
			default: false,
			description: 'Whether to wait until Trint has finished transcribing before this node outputs',
			hint: 'On: the node outputs once the transcript is ready, with its text. Off: it outputs the new trintId at once (use the Trint Trigger or Export later).',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			default: 30,
			typeOptions: { minValue: MIN_POLL_INTERVAL_SECONDS },
			description: 'How often to ask Trint whether the transcript is ready',
			hint: 'How often the node asks Trint whether the transcript is ready',
			displayOptions: { show: { waitForTranscription: [true] } },
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1 },
			description: 'Give up waiting after this long; the error then carries the trintId',
			hint: 'After this long the item fails with the trintId, so the transcript can still be fetched later',
			displayOptions: { show: { waitForTranscription: [true] } },
		},
	];
}

/**
 * "Simplify" of a transcript: plain text and paragraphs instead of Trint's word-level JSON (see
 * `simplifyTranscript`). `overrides` sets when it shows and the wording of each place.
 */
export function simplifyField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return plain text and paragraphs (speaker, start and end time) instead of Trint\'s word-level JSON',
		...overrides,
	};
}

/** The hint of "Simplify" where the field stands among others. */
export const SIMPLIFY_HINT = 'On: plain text and paragraphs with speaker and times. Off: Trint\'s full word-level JSON.';
