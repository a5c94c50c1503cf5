import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { operationError, shortenText } from '../../shared/errors';
import { optionsCollectionFor } from '../../shared/fields';
import type { WaitSettings } from '../helpers/exportWhenReady';
import { MIN_POLL_INTERVAL_SECONDS } from '../helpers/exportWhenReady';

/** Largest "Limit" accepted: well past any real account, small enough to catch a typo. */
export const MAX_LIMIT = 1_000_000;

export { readTimeoutMs } from '../../shared/fields';

/**
 * The shape of every Trint ID (Trints, Stories, folders, Shared Drives): 22 URL-safe base64
 * characters, 16 bytes without padding, e.g. RDOnOc0pRpaJ89CuBP3beA [observed]
 * (docs/trint-wire.md, "IDs"). Checked in the editor and again at run time, where an
 * expression may feed any text: a malformed ID is named before anything is sent.
 */
export const TRINT_ID_PATTERN = '^[A-Za-z0-9_-]{22}$';
const TRINT_ID = new RegExp(TRINT_ID_PATTERN);
// n8n refuses to run a workflow whose typed value fails a mode's check, even in an optional field
// left empty ("no Shared Drive"): the editor's check lets empty through, and emptiness of a required
// field is n8n's own "required" check.
const TYPED_ID_PATTERN = '(?:[A-Za-z0-9_-]{22})?';
const ID_SHAPE = '22 letters, digits, "-" or "_"';

/** The editor's check of a typed ID (resource locator mode "By ID"). */
function byIdMode(placeholder: string) {
	return {
		displayName: 'By ID',
		name: 'id',
		type: 'string' as const,
		placeholder,
		validation: [{ type: 'regex' as const, properties: { regex: TYPED_ID_PATTERN, errorMessage: `Not a Trint ID: Trint IDs are ${ID_SHAPE}` } }],
	};
}

/** The Trint pickers: what each one picks, and how (from a searchable list, by ID, by URL). */
const PICKERS = {
	sharedDrive: {
		displayName: 'Shared Drive',
		description: 'A Shared Drive of the account. Empty: no Shared Drive.',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchSharedDrives', searchable: true } },
			byIdMode('dlxkjmhkSHG_zE5ecKueAQ'),
		],
	},
	folder: {
		displayName: 'Folder',
		description: 'A folder; the list shows the folders of the Shared Drive chosen above or, with none, the key user\'s own folders',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchFolders', searchable: true } },
			byIdMode('ZLUzq0m1TIqY2mRkU9b3Xw'),
		],
	},
	transcriptId: {
		displayName: 'Transcript',
		required: true,
		description: 'The Trint (transcript) to use',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTranscripts', searchable: true } },
			byIdMode('RDOnOc0pRpaJ89CuBP3beA'),
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.trint.com/editor/RDOnOc0pRpaJ89CuBP3beA',
				extractValue: { type: 'regex', regex: '/editor/([^/?#]+)' },
				validation: [{ type: 'regex', properties: { regex: '^https?://[^/]+/editor/[A-Za-z0-9_-]{22}([/?#].*)?$', errorMessage: 'Not a Trint editor link: paste the address of the transcript as the Trint web app shows it' } }],
			},
		],
	},
	storyId: {
		displayName: 'Story',
		// Not marked required: a workflow saved before this field existed (format set by an
		// expression, the Story's ID kept in "Transcript") must still run; an empty Story is refused
		// by name at run time instead.
		description: 'The Story to export (made in Trint\'s Story Builder); the list shows only Stories',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchStories', searchable: true } },
			byIdMode('Vq3gVBXsSVuWAd7lq_mz1w'),
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
	return checkTrintId(ctx, value, label, itemIndex);
}

/** An optional Trint ID field: empty stays empty, anything else must have an ID's shape. */
export function readOptionalId(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = readLocator(ctx, name, itemIndex);
	return value ? checkTrintId(ctx, value, label, itemIndex) : '';
}

/**
 * Refuses a value that cannot be a Trint ID, naming the field, before any request: Trint would
 * only answer 403, as for an ID the key may not see. (This also keeps "." and "..", which URL
 * parsers resolve as directory steps even when encoded, out of every path.)
 */
export function checkTrintId(ctx: IExecuteFunctions, value: string, label: string, itemIndex: number): string {
	if (TRINT_ID.test(value)) return value;
	throw operationError(ctx.getNode(), `"${label}" is "${shortenText(value, 60)}", which is not a Trint ID`, {
		itemIndex,
		description: `Trint IDs are ${ID_SHAPE} (for example RDOnOc0pRpaJ89CuBP3beA). Pick a ${label.toLowerCase()} from the list or paste its ID. Nothing was sent to Trint.`,
	});
}

export function toItems(entries: IDataObject[]) {
	return entries.map((json) => ({ json }));
}

/** The "Options" collection of a Trint operation: what it adds, plus the timeout. */
export function optionsCollection(extra: INodeProperties[] = []): INodeProperties {
	const collection = optionsCollectionFor('Trint', extra);
	// Listed by name, except that a Folder comes right after the Shared Drive its list depends on.
	const options = collection.options as INodeProperties[];
	const drive = options.findIndex((option) => option.name === 'sharedDrive');
	const folder = options.findIndex((option) => option.name === 'folder' || option.name === 'parentFolder');
	if (drive > folder && folder >= 0) {
		const [moved] = options.splice(drive, 1);
		options.splice(folder, 0, moved);
	}
	return collection;
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

/** The words of "Wait for Transcription" where Upload shows it. */
const UPLOAD_WAIT_WORDS = {
	description: 'Whether to wait until Trint has finished transcribing before this node outputs',
	hint: 'On: the node outputs once the transcript is ready, with its text. Off: it outputs the new trintId at once (use the Trint Trigger or Export later).',
};

/** Fields for "Wait for Transcription"; `words` is what the switch says where it stands. */
export function waitFields(words: { description: string; hint: string } = UPLOAD_WAIT_WORDS): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Transcription',
			name: 'waitForTranscription',
			type: 'boolean',
			default: false,
			...words,
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
