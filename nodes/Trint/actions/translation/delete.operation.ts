import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { getTrintConnection } from '../../transport';
import { deleteTranslation, translationIdOf } from '../../transport/translation';
import { extraBodyOption, readExtraBody } from '../extraBody';
import { optionsCollection, readTimeoutMs, requireLocator, trintLocator } from '../fields';
import { translationOutput } from './fields';

export const option: OperationOption = {
	name: 'Delete',
	description: 'Permanently delete a translated transcript in Trint; the source transcript stays',
	action: 'Delete a translation',
};

export const description: INodeProperties[] = [
	trintLocator('transcriptId', {
		displayName: 'Translation',
		description: 'The translated transcript to delete (its trintId from Translation → Create or Get Many)',
		hint: 'Trint has not published whether it expects the translation\'s ID or the source\'s; the node sends this ID in the body and the query',
	}),
	optionsCollection([extraBodyOption('delete translation')]),
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
