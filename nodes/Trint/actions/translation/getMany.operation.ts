import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { getTrintConnection } from '../../transport';
import { listTranslations } from '../../transport/translation';
import { optionsCollection, readTimeoutMs, requireLocator } from '../fields';
import { sourceTranscriptField, translationOutput } from './fields';

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List the translations of a transcript',
	action: 'Get many translations',
};

export const description: INodeProperties[] = [
	sourceTranscriptField(
		'The original transcript whose translations to list',
		'One item per translation, each with its own trintId (export it with Transcript → Export)',
	),
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sourceId = requireLocator(this, 'transcriptId', 'Transcript', itemIndex);
	const family = await listTranslations(this, sourceId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	const connection = await getTrintConnection(this);
	return family.translations.map((entry) => ({ json: translationOutput(connection, entry, sourceId) }));
}
