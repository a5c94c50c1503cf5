import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { transcriptOutput } from '../../helpers/outputs';
import { parseJsonBody, pathSegment, trintRequest } from '../../transport';
import { readTimeoutMs, requireLocator, transcriptLocator, optionsCollection } from '../fields';
import { headerValue } from '../../../shared/request';

const show = { resource: ['transcript'], operation: ['get'] };

export const description: INodeProperties[] = [
	transcriptLocator({ displayOptions: { show } }),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const trintId = requireLocator(this, 'transcriptId', 'Transcript', itemIndex);
	const response = await trintRequest(this, {
		method: 'GET',
		path: `/transcripts/file/${pathSegment(trintId)}`,
		itemIndex,
		timeoutMs: readTimeoutMs(this, itemIndex),
	});
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	// The reference page shows no response body [modeled]: JSON is passed through; anything else is
	// kept as a file rather than dropped.
	if (!/json/i.test(contentType) && (typeof response.body === 'string' || Buffer.isBuffer(response.body))) {
		const bytes = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body as string, 'utf8');
		try {
			return [{ json: transcriptOutput(parseJsonBody(this, bytes, 'the transcript', itemIndex) as IDataObject) }];
		} catch {
			const binary = await this.helpers.prepareBinaryData(bytes, `${trintId}.bin`, contentType || 'application/octet-stream');
			return [{ json: { id: trintId }, binary: { data: binary } }];
		}
	}
	return [{ json: transcriptOutput(parseJsonBody(this, response.body, 'the transcript', itemIndex) as IDataObject) }];
}
