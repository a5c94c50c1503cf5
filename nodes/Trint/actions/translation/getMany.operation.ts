import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getTrintConnection } from '../../transport';
import { listTranslations } from '../../transport/translation';
import { optionsCollection, readTimeoutMs, requireLocator } from '../fields';
import { sourceTranscriptField, translationOutput } from './fields';

const show = { resource: ['translation'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	sourceTranscriptField(show, 'The transcript whose translations to list'),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sourceId = requireLocator(this, 'transcriptId', 'Transcript', itemIndex);
	const family = await listTranslations(this, sourceId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	const connection = await getTrintConnection(this);
	return family.translations.map((entry) => ({ json: translationOutput(connection, entry, sourceId) }));
}
