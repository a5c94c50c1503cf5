import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { clampParallelPageRequests, DEFAULT_PARALLEL_PAGE_REQUESTS, parallelRequestsField } from '../shared/pages';
import { trintLocator } from './actions/fields';
import { transcriptOutput } from './helpers/outputs';
import { searchFolders, searchSharedDrives } from './methods/listSearch';
import { TRINT_MAX_PAGE_SIZE } from './transport';
import { idOf } from './transport/conventions';
import type { TranscriptScope } from './transport/transcripts';
import { listTranscripts } from './transport/transcripts';
import { authenticationProperty, trintCredentials } from './authentication';
import { applyListing, readSeenState } from './trigger/seenTranscripts';

const DEFAULT_MAX_PAGES = 10;
const MAX_PAGES_LIMIT = 100;

interface PollListing {
	entries: IDataObject[];
	/** Every page was read, up to the short (or empty) one that ends the list. */
	complete: boolean;
}

function locatorValue(ctx: IPollFunctions, name: string): string {
	const value = ctx.getNodeParameter(name, '', { extractValue: true }) as unknown;
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return String((value as IDataObject).value ?? '').trim();
	return String(value).trim();
}

function readMaxPages(ctx: IPollFunctions): number {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const maxPages = Number(options.maxPages ?? DEFAULT_MAX_PAGES);
	if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > MAX_PAGES_LIMIT) {
		throw new NodeOperationError(ctx.getNode(), `"Max Pages per Poll" must be a whole number from 1 to ${MAX_PAGES_LIMIT}; it is ${String(options.maxPages)}`);
	}
	return maxPages;
}

/** Time of creation in ms, or undefined when Trint sent none that parses. */
function createdAt(entry: IDataObject): number | undefined {
	if (typeof entry.created !== 'string') return undefined;
	const time = Date.parse(entry.created);
	return Number.isNaN(time) ? undefined : time;
}

/**
 * Oldest first when every entry has a creation time; otherwise as listed. Trint documents no
 * order, so this is only about the order new transcripts reach the workflow in.
 */
function oldestFirst(entries: IDataObject[]): IDataObject[] {
	if (!entries.every((entry) => createdAt(entry) !== undefined)) return entries;
	return entries
		.map((entry, index) => ({ entry, index, time: createdAt(entry) as number }))
		.sort((a, b) => a.time - b.time || a.index - b.index)
		.map(({ entry }) => entry);
}

/**
 * Pages asked for at once. With "Assume Newest First" a poll usually needs only the first page,
 * so unless set it reads one page at a time rather than ask for pages it will not use.
 */
function readParallelRequests(ctx: IPollFunctions): number {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.parallelRequests === undefined) return options.assumeNewestFirst === true ? 1 : DEFAULT_PARALLEL_PAGE_REQUESTS;
	return clampParallelPageRequests(options.parallelRequests);
}

/**
 * Reads the list page by page (largest pages Trint allows) up to `maxPages`, `parallel` page
 * requests at a time. With `stopAfter`, reading ends after the first page it accepts; the listing
 * then counts as incomplete.
 */
async function listForPoll(
	ctx: IPollFunctions,
	scope: TranscriptScope,
	maxPages: number,
	stopAfter?: (page: IDataObject[]) => boolean,
): Promise<PollListing> {
	const entries: IDataObject[] = [];
	// Positions rather than pages: pages read ahead overlap by one, and "Max Pages per Poll"
	// promises that many pages of 1000 transcripts.
	const paging = { parallel: readParallelRequests(ctx), maxCount: maxPages * TRINT_MAX_PAGE_SIZE };
	for await (const page of listTranscripts(ctx, scope, paging)) {
		entries.push(...page.fresh);
		if (page.last) return { entries, complete: true };
		if (stopAfter?.(page.entries)) return { entries, complete: false };
		// A full page of transcripts already listed: the server ignores `skip`; reading on would only repeat it.
		if (page.repeated) return { entries, complete: false };
	}
	return { entries, complete: false };
}

export class TrintNewTranscriptTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Trint New Transcript Trigger',
		name: 'trintNewTranscriptTrigger',
		icon: { light: 'file:../../icons/trint.svg', dark: 'file:../../icons/trint.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New transcripts (polling)',
		description: 'Starts the workflow when a new transcript appears in Trint, by asking Trint on a schedule',
		defaults: { name: 'Trint New Transcript Trigger' },
		polling: true,
		// Replaces n8n's generic polling help ("fetch a single mock event", "check … for new events").
		triggerPanel: {
			header: 'Pull in the newest transcript',
			executionsHelp: {
				inactive:
					'<b>While building your workflow</b>, click "Fetch Test Event" to fetch the newest transcript once; it shows up in this editor.<br /><br /><b>Then publish the workflow</b>: n8n asks Trint at the Poll Times above and runs the workflow once per poll with every transcript it has not seen before. The first poll after publishing only records what exists. These runs show up in the <a data-key="executions">executions list</a>, not in the editor.',
				active:
					'<b>While building your workflow</b>, click "Fetch Test Event" to fetch the newest transcript once; it shows up in this editor.<br /><br /><b>The workflow is published</b>: n8n asks Trint at the Poll Times above and runs the workflow once per poll with every transcript it has not seen before. These runs show up in the <a data-key="executions">executions list</a>, not in the editor.',
			},
			activationHint: 'Once the workflow works, publish it and n8n checks Trint for new transcripts by itself.',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: trintCredentials,
		properties: [
			authenticationProperty,
			{
				displayName:
					'Checks Trint at the Poll Times above and starts the workflow once per poll with every transcript not seen before (one item each). The first poll after activation only records what exists. "New" means a new file: it may still be transcribing. For "finished transcribing", use the Trint Trigger (webhook) if Trint can reach this n8n.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			trintLocator('sharedDrive', {
				description: 'Watch the transcripts of this Shared Drive, whoever owns them. Empty: the key user\'s own Trints.',
			}),
			trintLocator('folder', {
				description:
					'Only the transcripts in this folder. With a Shared Drive, Trint filters. Without one (a folder of the personal drive), the node reads the key user\'s own Trints and keeps those whose folderId is this folder; "Max Pages per Poll" counts every page read.',
			}),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Assume Newest First',
						name: 'assumeNewestFirst',
						type: 'boolean',
						default: false,
						description:
							'Whether to stop reading at the first page that holds a known transcript. Trint does not document the order of its list; turn this on only if yours lists newest first. Faster for large accounts.',
					},
					{
						displayName: 'Max Pages per Poll',
						name: 'maxPages',
						type: 'number',
						default: DEFAULT_MAX_PAGES,
						typeOptions: { minValue: 1, maxValue: MAX_PAGES_LIMIT },
						description: 'How many pages of 1000 transcripts to read per poll. Transcripts beyond them are not watched.',
					},
					{
						...parallelRequestsField(),
						description:
							'How many pages to ask for at once while reading the list. More saves waiting on the network; the transcripts found are the same. Default 4, or 1 with "Assume Newest First" (a poll then usually needs only the first page).',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchFolders, searchSharedDrives },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const sharedDriveId = locatorValue(this, 'sharedDrive');
		const folderId = locatorValue(this, 'folder');
		const watched: TranscriptScope = { sharedDriveId, folderId };
		const maxPages = readMaxPages(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;

		if (this.getMode() === 'manual') {
			// A test run shows the newest transcript, so its fields can be mapped; nothing is recorded.
			const { entries } = await listForPoll(this, watched, maxPages);
			const ordered = oldestFirst(entries.filter((entry) => idOf(entry)));
			const newest = ordered.every((entry) => createdAt(entry) !== undefined) ? ordered[ordered.length - 1] : ordered[0];
			if (!newest) {
				throw new NodeOperationError(this.getNode(), 'No transcripts found to show', {
					description: sharedDriveId || folderId
						? 'The chosen Shared Drive or folder holds no transcripts yet. Upload a file to it and test again.'
						: 'The account has no transcripts yet. Upload a file to Trint and test again.',
				});
			}
			return [[{ json: transcriptOutput(newest) }]];
		}

		const staticData = this.getWorkflowStaticData('node');
		const previous = readSeenState(staticData);
		const credentials = this.getNode().credentials ?? {};
		const credential = Object.entries(credentials).map(([type, value]) => `${type}:${value?.id ?? value?.name ?? ''}`).join(',');
		const scope = `${credential}|drive:${sharedDriveId}|folder:${folderId}`;
		const known = previous && previous.scope === scope ? new Set(previous.seen) : undefined;
		const stopAfter = options.assumeNewestFirst && known ? (page: IDataObject[]) => page.some((entry) => known.has(idOf(entry))) : undefined;

		const listing = await listForPoll(this, watched, maxPages, stopAfter);
		const entries = oldestFirst(listing.entries.filter((entry) => idOf(entry)));
		const outcome = applyListing(
			previous,
			{ ids: entries.map(idOf), complete: listing.complete },
			{ scope, maxSeen: maxPages * TRINT_MAX_PAGE_SIZE * 2 },
		);
		staticData.version = outcome.state.version;
		staticData.scope = outcome.state.scope;
		staticData.seen = outcome.state.seen;
		staticData.missing = outcome.state.missing;

		if (!outcome.newIds.length) return null;
		const fresh = new Set(outcome.newIds);
		const emitted = new Set<string>();
		const items: INodeExecutionData[] = [];
		for (const entry of entries) {
			const id = idOf(entry);
			if (!fresh.has(id) || emitted.has(id)) continue;
			emitted.add(id);
			items.push({ json: transcriptOutput(entry) });
		}
		return [items];
	}
}
