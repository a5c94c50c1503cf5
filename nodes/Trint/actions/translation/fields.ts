import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { trintLocator } from '../fields';
import { translationIdOf } from '../../transport/translation';
import type { TrintConnection } from '../../transport';
import { editorLink } from '../../transport';

/**
 * The original transcript a translation is made from (parameter `transcriptId`, as Create and
 * Get Many have always named it).
 */
export function sourceTranscriptField(description: string, hint: string): INodeProperties {
	return trintLocator('transcriptId', { description, hint });
}

/** One translation as output: Trint's fields unchanged, plus the IDs under names Export understands. */
export function translationOutput(connection: TrintConnection, entry: IDataObject, sourceId: string): IDataObject {
	const trintId = translationIdOf(entry);
	return { ...entry, trintId, sourceTranscriptId: sourceId, editorUrl: trintId ? editorLink(connection, trintId) : null };
}
