import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { DEFAULT_PARALLEL_PAGE_REQUESTS, parallelRequestsField } from '../../../shared/pages';
import type { OperationOption } from '../../../shared/resources';
import { idOf } from '../../transport/conventions';
import { listFolders } from '../../transport/folders';
import { listAllTranscripts } from '../../transport/transcripts';
import { readOptions } from '../../../shared/fields';
import { optionsCollection, readLimit, readOptionalId, readTimeoutMs, returnAllAndLimit, toItems, trintLocator } from '../fields';
import { transcriptOutput } from '../../helpers/outputs';

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List transcripts',
	action: 'Get many transcripts',
};

export const description: INodeProperties[] = [
	...returnAllAndLimit('transcripts'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			trintLocator('sharedDrive', { description: 'List the transcripts of this Shared Drive, whoever owns them. Empty: the key user\'s own Trints, in whichever drive they are.' }),
			trintLocator('folder', {
				description:
					'Only the transcripts in this folder. With a Shared Drive, Trint filters. Without one (one of the key user\'s own folders), Trint cannot filter by folder, so the node lists the key user\'s own Trints and keeps those whose folderId is this folder: Limit counts the kept ones, and the whole list may be read to find them. A Shared Drive\'s folder needs its Shared Drive here too.',
			}),
		],
	},
	optionsCollection([{ ...parallelRequestsField(), displayOptions: { show: { '/returnAll': [true] } } }]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = readLimit(this, itemIndex);
	const sharedDriveId = readOptionalId(this, 'filters.sharedDrive', 'Shared Drive', itemIndex);
	const folderId = readOptionalId(this, 'filters.folder', 'Folder', itemIndex);
	const parallel = Number(readOptions(this, itemIndex).parallelRequests ?? DEFAULT_PARALLEL_PAGE_REQUESTS);
	const timeoutMs = readTimeoutMs(this, itemIndex);
	const transcripts = await listAllTranscripts(this, { sharedDriveId, folderId }, { returnAll, limit, parallel, itemIndex, timeoutMs });
	if (folderId && !sharedDriveId && transcripts.length === 0) await warnIfNotOwnFolder(this, folderId, itemIndex, timeoutMs);
	return toItems(transcripts.map(transcriptOutput));
}

/** Folders already warned about in this run, so many items give one warning each. */
const warnedFolders = new WeakMap<object, Set<string>>();

/**
 * A Shared Drive's folder chosen by ID without its Shared Drive finds nothing (only the key
 * user's own Trints are listed then), which would look like an empty folder. Checked only when
 * nothing was found, with one free read of the user's own folders: a folder not among them is
 * named in a warning on the output pane.
 */
async function warnIfNotOwnFolder(ctx: IExecuteFunctions, folderId: string, itemIndex: number, timeoutMs: number): Promise<void> {
	const warned = warnedFolders.get(ctx) ?? new Set<string>();
	warnedFolders.set(ctx, warned);
	if (warned.has(folderId)) return;
	const ownFolders = await listFolders(ctx, '', { itemIndex, timeoutMs });
	if (ownFolders.some((folder) => idOf(folder) === folderId)) return;
	warned.add(folderId);
	ctx.addExecutionHints({
		message: `No transcripts: "Folder" (${folderId}) is not one of the key user's own folders. If it belongs to a Shared Drive, choose that Shared Drive under Filters as well; without one, only the key user's own Trints are listed.`,
		type: 'warning',
		location: 'outputPane',
	});
}
