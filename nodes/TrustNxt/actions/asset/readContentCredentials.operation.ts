import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BinaryInput } from '../../../shared/binary';
import { binaryInputOfSize, getBinaryInput } from '../../../shared/binary';
import { batchConcurrencyField } from '../../../shared/items';
import type { OperationOption } from '../../../shared/resources';
import { NOT_VALIDATED_NOTE, readLocalCredentials, reportToJson } from '../../helpers/localCredentials';
import { inputBinaryField, localOptionsCollection } from '../fields';

export const option: OperationOption = {
	name: 'Read Content Credentials',
	description: 'Read a file\'s Content Credentials (C2PA) locally, free and offline: embedded, remote or none, and what the manifest claims. Validates nothing. Needs a file (binary input) from a previous node; no TrustNXT account.',
	action: 'Read content credentials of an asset',
	subtitle: 'Read Content Credentials',
};

export const description: INodeProperties[] = [
	inputBinaryField('file to read'),
	localOptionsCollection([
		{
			...batchConcurrencyField('TrustNXT'),
			// Local: no service, no rate limit to name.
			description: 'How many files to read at once. The output keeps the input order. Reading is local, so more only helps while the files are being fetched from slow storage.',
		},
	]),
];

/** Files may be read several at a time: Options → Batch Concurrency. */
export const concurrent = true;

/**
 * A file in n8n's binary store whose exact size n8n wrote on the item when it stored it
 * (`bytes`). Its size then needs no read of the store's metadata file, which costs as much as
 * the local read itself on small files. The size only bounds the reader's walk (a wrong one
 * ends the read early or at the stream's end, never past it). Anything else (no such field, an
 * empty file, bytes held in memory, an n8n that does not record `bytes`) takes the general path,
 * which also gives the errors that name the field.
 */
function storedWithKnownSize(ctx: IExecuteFunctions, itemIndex: number, propertyName: string): BinaryInput | undefined {
	const meta = ctx.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!meta?.id || typeof meta.bytes !== 'number' || !Number.isInteger(meta.bytes) || meta.bytes <= 0) return undefined;
	return binaryInputOfSize(ctx, itemIndex, propertyName, meta, meta.bytes);
}

/**
 * Reads a file's Content Credentials (C2PA manifest store) locally: no request, no credential,
 * no bill. Says whether there is a manifest (embedded, remote or none) and what the active one
 * claims. A file that cannot be read gives `readError` on its item rather than failing the node:
 * a damaged or hostile file is an answer about the file, not a fault of the workflow.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	const input = storedWithKnownSize(this, itemIndex, binaryPropertyName) ?? (await getBinaryInput(this, itemIndex, binaryPropertyName, 'Input Binary Field'));
	const report = await readLocalCredentials(input);

	const json: IDataObject = {
		fileName: input.fileName,
		mimeType: input.mimeType,
		fileSize: input.size,
		...reportToJson(report),
		validated: false,
		note: NOT_VALIDATED_NOTE,
	};
	// The file goes on exactly as it came: the next node may Inspect it, and any change would
	// break the hashes its manifest binds.
	const inputBinary = this.getInputData()[itemIndex].binary;
	return [{ json, ...(inputBinary ? { binary: inputBinary } : {}) }];
}
