/** What every endpoint function takes besides its own parameters. */
import type { IDataObject } from 'n8n-workflow';

export interface CallOptions {
	/** The input item the call is made for, so its error is tied to it. */
	itemIndex?: number;
	/** The operation's "Timeout" option, when it has one. */
	timeoutMs?: number;
}

/** IDs of folders and drives come as `_id`, of transcripts as `id` [observed]. */
export function idOf(entry: IDataObject): string {
	return String(entry.id ?? entry._id ?? '');
}
