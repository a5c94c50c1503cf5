import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { editorLink, getTrintConnection } from '../transport';
import { idOf } from '../transport/conventions';
import { listFolders } from '../transport/folders';
import { listSharedDrives } from '../transport/sharedDrives';
import { listTranscripts } from '../transport/transcripts';

function matches(name: string, filter?: string): boolean {
	return !filter || name.toLowerCase().includes(filter.toLowerCase());
}

function currentValue(ctx: ILoadOptionsFunctions, names: string[]): string {
	for (const name of names) {
		try {
			const value = ctx.getCurrentNodeParameter(name, { extractValue: true }) as unknown;
			const text = typeof value === 'object' && value ? String((value as IDataObject).value ?? '') : String(value ?? '');
			if (text.trim()) return text.trim();
		} catch {
			// The parameter does not exist for this operation: try the next place it can live.
		}
	}
	return '';
}

function toResults(entries: IDataObject[], filter?: string, label: (entry: IDataObject) => string = (entry) => String(entry.name ?? idOf(entry))): INodeListSearchResult {
	const results: INodeListSearchItems[] = entries
		.map((entry) => ({ name: label(entry), value: idOf(entry) }))
		.filter((entry) => entry.value && matches(entry.name, filter));
	return { results };
}

/** Every Shared Drive the key can see, archived ones included and labelled so. */
export async function searchSharedDrives(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const label = (entry: IDataObject) => `${String(entry.name ?? idOf(entry))}${entry.archived === true ? ' (archived)' : ''}`;
	return toResults(await listSharedDrives(this, true), filter, label);
}

export async function searchFolders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const sharedDriveId = currentValue(this, ['sharedDrive', 'filters.sharedDrive', 'options.sharedDrive']);
	return toResults(await listFolders(this, sharedDriveId), filter);
}

/** Enough matches to fill the picker's view before it asks for more. */
const PICKER_MATCHES_PER_CALL = 100;
/** Pages read per call while searching, so one keystroke never reads a whole large account. */
const PICKER_PAGES_PER_CALL = 5;

/**
 * Transcripts for the picker, page by page: n8n asks again with the returned token when the
 * list is scrolled to its end. Trint has no search parameter, so the title filter is applied
 * here, over as many pages (of the most Trint allows) as it takes to find some matches. With a
 * Shared Drive chosen in the node, that drive's transcripts are listed.
 */
export async function searchTranscripts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchFiles(this, filter, paginationToken, () => true);
}

/**
 * Stories for the Story Builder exports: the same list as transcripts, keeping only the items
 * whose `fileType` is STORY (Trint's three file kinds: TRANSCRIPT, CAPTION, STORY).
 */
export async function searchStories(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchFiles(this, filter, paginationToken, (entry) => entry.fileType === 'STORY');
}

async function searchFiles(
	ctx: ILoadOptionsFunctions,
	filter: string | undefined,
	paginationToken: string | undefined,
	kind: (entry: IDataObject) => boolean,
): Promise<INodeListSearchResult> {
	const connection = await getTrintConnection(ctx);
	const sharedDriveId = currentValue(ctx, ['sharedDrive', 'filters.sharedDrive', 'options.sharedDrive']);
	const start = Number(paginationToken);
	let skip = Number.isSafeInteger(start) && start > 0 ? start : 0;
	const results: INodeListSearchItems[] = [];
	let pages = 0;
	for await (const page of listTranscripts(ctx, { sharedDriveId }, { skip })) {
		for (const entry of page.fresh) {
			const id = idOf(entry);
			if (!id || !kind(entry)) continue;
			const name = String(entry.title ?? id);
			if (!matches(name, filter)) continue;
			const url = editorLink(connection, id);
			results.push(url ? { name, value: id, url } : { name, value: id });
		}
		if (page.last) return { results };
		skip = page.nextSkip;
		if (++pages >= PICKER_PAGES_PER_CALL || results.length >= PICKER_MATCHES_PER_CALL) break;
	}
	return { results, paginationToken: String(skip) };
}
