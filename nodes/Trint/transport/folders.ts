/**
 * Folders: `GET` and `POST {api}/folders/`, `GET {api}/folders/folder`. The three calls name the
 * Shared Drive differently (docs/trint-wire.md, "Folders and Shared Drives").
 */
import type { IDataObject } from 'n8n-workflow';

import type { CallOptions } from './conventions';
import type { TrintContext } from './index';
import { asArray, parseJsonBody, trintRequest } from './index';

/** Every folder of a Shared Drive, or of the personal drive without one. Not paged: all at once. */
export async function listFolders(ctx: TrintContext, sharedDriveId: string, options: CallOptions = {}): Promise<IDataObject[]> {
	const qs: IDataObject = {};
	if (sharedDriveId) qs['workspace-id'] = sharedDriveId;
	const response = await trintRequest(ctx, { method: 'GET', path: '/folders/', qs, ...options });
	return asArray(ctx, response.body, 'folders', options.itemIndex);
}

/** One folder; the Shared Drive it is in, if any. */
export async function getFolder(ctx: TrintContext, folderId: string, sharedDriveId: string, options: CallOptions = {}): Promise<IDataObject> {
	const qs: IDataObject = { folderId };
	if (sharedDriveId) qs.workspaceId = sharedDriveId;
	const response = await trintRequest(ctx, { method: 'GET', path: '/folders/folder', qs, ...options });
	return parseJsonBody(ctx, response.body, 'the folder', options.itemIndex) as IDataObject;
}

export interface NewFolder {
	name: string;
	/** Empty: the personal drive. */
	sharedDriveId?: string;
	parentId?: string;
}

/** Creates a folder. Not idempotent: sent once (a 429 aside), and a failure says to check first. */
export async function createFolder(ctx: TrintContext, folder: NewFolder, options: CallOptions = {}): Promise<IDataObject> {
	const body: IDataObject = { name: folder.name };
	if (folder.sharedDriveId) body.workspaceId = folder.sharedDriveId;
	if (folder.parentId) body.parentId = folder.parentId;
	const response = await trintRequest(ctx, { method: 'POST', path: '/folders/', body, resend: 'billed', kind: 'folderCreate', ...options });
	return parseJsonBody(ctx, response.body, 'the new folder', options.itemIndex, 'folderCreate') as IDataObject;
}
