import { createHash } from 'crypto';
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { bareMimeType, getBinaryInput } from '../../../shared/binary';
import { buildApiError } from '../../../shared/errors';
import { derivedFileName } from '../../../shared/fileNames';
import { readableLike } from '../../../shared/multipart';
import { batchConcurrencyField } from '../../../shared/items';
import type { OperationOption } from '../../../shared/resources';
import { getConnection } from '../../transport/client';
import type { ProtectMetadata } from '../../transport/endpoints';
import { protectAsset } from '../../transport/endpoints';
import { addsChecksums } from '../../helpers/outputs';
import { checksumOption, inputBinaryField, optionsCollection, readOptions, readTimeoutMs } from '../fields';

export const option: OperationOption = {
	name: 'Protect',
	description: 'Sign a file with a Trust Label and get the protected file back. Needs a file (binary input) from a previous node. Billed per call.',
	action: 'Protect an asset',
};

/** Longest title or creator accepted; a Trust Label is not the place for a document. */
export const MAX_METADATA_TEXT = 1000;

export const description: INodeProperties[] = [
	inputBinaryField('image or recording to protect'),
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'collection',
		placeholder: 'Add Metadata',
		default: {},
		description: 'Facts recorded in the Trust Label. Only the ones you add are sent.',
		options: [
			{
				displayName: 'Creator',
				name: 'creator',
				type: 'string',
				default: '',
				description: 'Who made the asset (a person or organization)',
			},
			{
				displayName: 'Do Not Train',
				name: 'doNotTrain',
				type: 'boolean',
				default: true,
				description: 'Whether to mark the asset as not to be used for AI training or data mining. Sent only once this field is added (on or off); not added, the Trust Label says nothing about AI training.',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: 'Title of the asset',
			},
		],
	},
	optionsCollection([
		batchConcurrencyField('TrustNXT'),
		checksumOption('the file sent and of the protected file (originalSha256, protectedSha256)'),
		{
			displayName: 'Put Output File in Field',
			name: 'outputBinaryPropertyName',
			type: 'string',
			default: '',
			description: 'Binary field for the protected file. Empty: it replaces the input file in the input\'s field, with the same file name. Another field keeps both; the protected copy is then named with ".protected" before its extension (photo.jpg → photo.protected.jpg).',
		},
	]),
];

/** Items may be sent several at a time: Options → Batch Concurrency. */
export const concurrent = true;

function readMetadata(ctx: IExecuteFunctions, itemIndex: number): ProtectMetadata {
	const chosen = (ctx.getNodeParameter('metadata', itemIndex, {}) as IDataObject) ?? {};
	const metadata: ProtectMetadata = {};
	for (const [field, label] of [['title', 'Title'], ['creator', 'Creator']] as const) {
		const value = chosen[field];
		if (value === undefined || value === null) continue;
		const text = String(value).trim();
		if (!text) continue;
		if (text.length > MAX_METADATA_TEXT) {
			throw new NodeOperationError(ctx.getNode(), `"${label}" is ${text.length} characters long; the most is ${MAX_METADATA_TEXT}`, {
				itemIndex,
				description: `Shorten "${label}". Nothing was sent to TrustNXT.`,
			});
		}
		metadata[field] = text;
	}
	if (chosen.doNotTrain !== undefined) metadata.doNotTrain = chosen.doNotTrain === true || chosen.doNotTrain === 'true';
	return metadata;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	const metadata = readMetadata(this, itemIndex);
	const options = readOptions(this, itemIndex);
	const timeoutMs = readTimeoutMs(this, itemIndex);
	const input = await getBinaryInput(this, itemIndex, binaryPropertyName, 'Input Binary Field');
	const outputField = String(options.outputBinaryPropertyName ?? '').trim() || binaryPropertyName;
	const checksum = addsChecksums(this, options);

	const result = await protectAsset(this, { input, itemIndex, timeoutMs, checksum }, metadata);

	// The protected bytes go into n8n's binary store exactly as they arrive (to disk in
	// filesystem mode), hashed on the way when checksums are on; nothing decodes or rewrites them.
	const hasher = checksum ? createHash('sha256') : undefined;
	let received = 0;
	const source = result.body as AsyncIterable<Buffer | Uint8Array>;
	async function* counted(): AsyncGenerator<Buffer> {
		for await (const raw of source) {
			const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
			received += chunk.length;
			hasher?.update(chunk);
			yield chunk;
		}
	}
	// MIME type and name stay those of the input: the protected file is the same asset. Kept
	// beside the original (another output field), it gets its own name so the two can be told
	// apart, and written to one folder, downstream.
	const protectedName = outputField === binaryPropertyName ? input.fileName : derivedFileName(input.fileName, 'protected');
	const mimeType = input.meta.mimeType || bareMimeType(result.contentType) || input.mimeType;
	let binary: IBinaryData | undefined;
	let failure: string | undefined;
	try {
		const stream = readableLike(result.body, counted());
		if (stream) {
			binary = await this.helpers.prepareBinaryData(stream, protectedName, mimeType);
		} else {
			const chunks: Buffer[] = [];
			for await (const chunk of counted()) chunks.push(chunk);
			binary = await this.helpers.prepareBinaryData(Buffer.concat(chunks), protectedName, mimeType);
		}
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	}
	const incomplete = !binary || (result.contentLength !== undefined && received !== result.contentLength);
	if (!binary || incomplete || received === 0) {
		const connection = await getConnection(this);
		const expected = result.contentLength !== undefined ? ` of ${result.contentLength}` : '';
		throw buildApiError(this.getNode(), {
			message: received === 0 && !incomplete ? 'Protect: TrustNXT sent an empty protected file' : `Protect: the protected file arrived incomplete (${received}${expected} bytes)`,
			description: [
				'TrustNXT processed and billed the Protect call, but the protected file did not arrive whole, so it was not stored.',
				result.assetId ? `Asset ID: ${result.assetId}.` : '',
				failure ? `Reason: ${failure}.` : '',
				'The node does not repeat Protect by itself; run the item again to get a new protected file (billed again).',
			]
				.filter(Boolean)
				.join(' '),
			itemIndex,
			secrets: connection.secrets,
		});
	}

	const inputItem = this.getInputData()[itemIndex];
	const json: IDataObject = {
		assetId: result.assetId,
		fileName: protectedName,
		mimeType,
		originalSize: input.size,
		protectedSize: received,
		binaryField: outputField,
	};
	if (hasher) {
		json.originalSha256 = result.originalSha256;
		json.protectedSha256 = hasher.digest('hex');
	}
	if (Object.keys(metadata).length) json.metadata = { ...metadata };
	return [{ json, binary: { ...(inputItem.binary ?? {}), [outputField]: binary } }];
}
