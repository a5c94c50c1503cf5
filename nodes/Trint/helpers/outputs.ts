import type { IDataObject } from 'n8n-workflow';

import { TRINT_DURATION_UNITS_PER_SECOND } from '../transport';

// Trint names a record's id `_id` for Shared Drives and folders but `id` for transcripts, and
// calls a Shared Drive a "workspace". The items get the names the node's fields use (`id`,
// `sharedDriveId`) beside Trint's own, which stay so workflows that read them keep working.
// A name Trint already sends is never overwritten.

function withReadableIds(record: IDataObject): IDataObject {
	const named: IDataObject = {};
	if (!('id' in record) && record._id !== undefined) named.id = record._id;
	const output: IDataObject = { ...named, ...record };
	if (!('sharedDriveId' in record) && 'workspaceId' in record) output.sharedDriveId = record.workspaceId ?? null;
	return output;
}

/** A Shared Drive as the node outputs it: `id` beside `_id`. */
export function sharedDriveOutput(record: IDataObject): IDataObject {
	return withReadableIds(record);
}

/** A folder: `id` beside `_id`, `sharedDriveId` beside `workspaceId` (null: the personal drive). */
export function folderOutput(record: IDataObject): IDataObject {
	return withReadableIds(record);
}

/**
 * A transcript's details: `sharedDriveId` beside `workspaceId`, and the media length in seconds
 * (`durationSeconds`) beside Trint's `duration`, whose unit the name does not say.
 */
export function transcriptOutput(record: IDataObject): IDataObject {
	// A transcript has its `id`, so the added names only follow Trint's own: they are set on the
	// record itself, which every caller has just parsed and owns, so a long list is not copied
	// once more.
	let output: IDataObject;
	if ('id' in record) {
		output = record;
		if (!('sharedDriveId' in record) && 'workspaceId' in record) output.sharedDriveId = record.workspaceId ?? null;
	} else {
		output = withReadableIds(record);
	}
	if (!('durationSeconds' in record) && 'duration' in record) {
		const duration = record.duration;
		output.durationSeconds = typeof duration === 'number' && Number.isFinite(duration) ? duration / TRINT_DURATION_UNITS_PER_SECOND : null;
	}
	return output;
}
