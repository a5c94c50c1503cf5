import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseJsonBody, pathSegment, trintRequest } from '../../transport';
import { optionsCollection, readTimeoutMs, requireLocator, trintLocator } from '../fields';
import { headerValue } from '../../../shared/request';
import type { OperationOption } from '../../../shared/resources';

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
			return [{ json: parseJsonBody(this, bytes, 'the transcript', itemIndex) as IDataObject }];
		} catch {
			const binary = await this.helpers.prepareBinaryData(bytes, `${trintId}.bin`, contentType || 'application/octet-stream');
			return [{ json: { id: trintId }, binary: { data: binary } }];
		}
	}
	return [{ json: parseJsonBody(this, response.body, 'the transcript', itemIndex) as IDataObject }];
}
