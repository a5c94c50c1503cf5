import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { trintLocator } from '../fields';
import { translationIdOf } from '../../transport/translation';
import type { TrintConnection } from '../../transport';
import { editorLink } from '../../transport';

export const EXPORT_HINT = 'Export a translated transcript with Transcript → Export and its trintId';

export function sourceTranscriptField(description = 'The transcript to translate'): INodeProperties {
	return trintLocator('transcriptId', { description, hint: EXPORT_HINT });
}

/** One translation as output: Trint's fields unchanged, plus the IDs under names Export understands. */
export function translationOutput(connection: TrintConnection, entry: IDataObject, sourceId: string): IDataObject {
	const trintId = translationIdOf(entry);
	return { ...entry, trintId, sourceTranscriptId: sourceId, editorUrl: trintId ? editorLink(connection, trintId) : null };
}
