import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getTranscript } from '../../transport/transcripts';
import { optionsCollection, readTimeoutMs, requireLocator, trintLocator } from '../fields';
import type { OperationOption } from '../../../shared/resources';
import { transcriptOutput } from '../../helpers/outputs';

export const option: OperationOption = {
	name: 'Get',
	description: 'Retrieve one transcript',
	action: 'Get a transcript',
};

export const description: INodeProperties[] = [
	trintLocator('transcriptId'),
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const trintId = requireLocator(this, 'transcriptId', 'Transcript', itemIndex);
	const transcript = await getTranscript(this, trintId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	if (transcript.kind === 'json') return [{ json: transcriptOutput(transcript.data) }];
	const binary = await this.helpers.prepareBinaryData(transcript.bytes, `${trintId}.bin`, transcript.contentType);
	return [{ json: { id: trintId }, binary: { data: binary } }];
}
