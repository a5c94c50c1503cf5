import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ShowWhen } from '../fields';
import { transcriptLocator } from '../fields';
import { translationIdOf } from '../../transport/translation';
import type { TrintConnection } from '../../transport';
import { editorLink } from '../../transport';

export const EXPORT_HINT = 'Export a translated transcript with Transcript → Export and its trintId';

export function sourceTranscriptField(show: ShowWhen, description = 'The transcript to translate'): INodeProperties {
	return transcriptLocator({ displayOptions: { show }, description, hint: EXPORT_HINT });
}

/** One translation as output: Trint's fields unchanged, plus the IDs under names Export understands. */
export function translationOutput(connection: TrintConnection, entry: IDataObject, sourceId: string): IDataObject {
	const trintId = translationIdOf(entry);
	return { ...entry, trintId, sourceTranscriptId: sourceId, editorUrl: trintId ? editorLink(connection, trintId) : null };
}
