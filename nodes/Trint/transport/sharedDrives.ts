/** Shared Drives (Trint's older name: workspaces): `GET {api}/workspaces/` and `/workspaces/workspace`. */
import type { IDataObject } from 'n8n-workflow';

import type { CallOptions } from './conventions';
import type { TrintContext } from './index';
import { asArray, parseJsonBody, trintRequest } from './index';

/** Every Shared Drive the key can see; archived ones only when asked. Not paged: all at once. */
export async function listSharedDrives(ctx: TrintContext, includeArchived: boolean, options: CallOptions = {}): Promise<IDataObject[]> {
	const response = await trintRequest(ctx, {
		method: 'GET',
		path: '/workspaces/',
		qs: { 'include-archived': includeArchived ? 'true' : 'false' },
		...options,
	});
	return asArray(ctx, response.body, 'Shared Drives', options.itemIndex);
}

/** One Shared Drive. */
export async function getSharedDrive(ctx: TrintContext, sharedDriveId: string, options: CallOptions = {}): Promise<IDataObject> {
	const response = await trintRequest(ctx, { method: 'GET', path: '/workspaces/workspace', qs: { workspaceId: sharedDriveId }, ...options });
	return parseJsonBody(ctx, response.body, 'the Shared Drive', options.itemIndex) as IDataObject;
}
