import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { asArray, editorLink, getTrintConnection, idOf, listAllTranscripts, trintRequest } from '../transport';

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

export async function searchSharedDrives(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const response = await trintRequest(this, { method: 'GET', path: '/workspaces/', qs: { 'include-archived': 'false' } });
	return toResults(asArray(this, response.body, 'Shared Drives'), filter);
}

export async function searchFolders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const sharedDriveId = currentValue(this, ['sharedDrive', 'filters.sharedDrive', 'options.sharedDrive']);
	const qs: IDataObject = sharedDriveId ? { 'workspace-id': sharedDriveId } : {};
	const response = await trintRequest(this, { method: 'GET', path: '/folders/', qs });
	return toResults(asArray(this, response.body, 'folders'), filter);
}

/** The newest 1000 transcripts, searchable by title (Trint has no search parameter). */
export async function searchTranscripts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const connection = await getTrintConnection(this);
	const transcripts = await listAllTranscripts(this, {}, { returnAll: false, limit: 1000 });
	const results = transcripts
		.map((entry) => ({ name: String(entry.title ?? idOf(entry)), value: idOf(entry), url: editorLink(connection, idOf(entry)) }))
		.filter((entry) => entry.value && matches(entry.name, filter));
	return { results };
}
