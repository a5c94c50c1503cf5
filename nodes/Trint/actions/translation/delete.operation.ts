import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getTrintConnection } from '../../transport';
import { deleteTranslation, translationIdOf } from '../../transport/translation';
import { extraBodyOption, readExtraBody } from '../extraBody';
import { optionsCollection, readTimeoutMs, requireLocator, transcriptLocator } from '../fields';
import { translationOutput } from './fields';

const show = { resource: ['translation'], operation: ['delete'] };

export const description: INodeProperties[] = [
	transcriptLocator({
		displayName: 'Translation',
		displayOptions: { show },
		description: 'The translated transcript to delete (its trintId from Translation → Create or Get Many)',
		hint: 'Trint has not published whether it expects the translation\'s ID or the source\'s; the node sends this ID in the body and the query',
	}),
	optionsCollection(show, [extraBodyOption('delete translation')]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const translationId = requireLocator(this, 'transcriptId', 'Translation', itemIndex);
	const extraBody = readExtraBody(this, itemIndex);
	const family = await deleteTranslation(this, translationId, extraBody, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	const connection = await getTrintConnection(this);
	const sourceId = translationIdOf(family.source);
	return [
		{
			json: {
				deleted: true,
				trintId: translationId,
				sourceTranscriptId: sourceId || null,
				remainingTranslations: family.translations.map((entry) => translationOutput(connection, entry, sourceId)),
			},
		},
	];
}
