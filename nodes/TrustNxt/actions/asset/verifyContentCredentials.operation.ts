import type { X509Certificate } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getBinaryInput } from '../../../shared/binary';
import { batchConcurrencyField } from '../../../shared/items';
import type { OperationOption } from '../../../shared/resources';
import type { ChunkStream } from '../../c2pa';
import type { VerificationCache } from '../../c2pa/validate';
import { certificatesFromPem, verificationCache, verifyContentCredentials } from '../../c2pa/validate';
import { reportToJson } from '../../helpers/localCredentials';
import { inputBinaryField, localOptionsCollection } from '../fields';

export const option: OperationOption = {
	name: 'Verify Content Credentials',
	description: 'Validate a file\'s Content Credentials (C2PA) locally, free and offline, as the C2PA reference implementation does: signature, certificate and trust, time stamp, assertion hashes and the hash that binds the manifest to the file. Gives Invalid, Valid or Trusted and the C2PA status codes. No TrustNXT account.',
	action: 'Verify content credentials of an asset',
	subtitle: 'Verify Content Credentials',
};

/** Files verified at once when Options → Batch Concurrency is not added. */
const DEFAULT_BATCH_CONCURRENCY = 4;

export const description: INodeProperties[] = [
	inputBinaryField('file to verify'),
	localOptionsCollection([
		{
			displayName: 'Additional Trust Anchors',
			name: 'additionalTrustAnchors',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----',
			description: 'CA certificates (PEM) to trust besides the bundled C2PA trust list, such as your organisation\'s own CA. A signer or time-stamp authority whose chain reaches one of them counts as trusted.',
		},
		{
			...batchConcurrencyField('TrustNXT'),
			default: DEFAULT_BATCH_CONCURRENCY,
			description: 'How many files to verify at once. The output keeps the input order. Verifying is local: while one file is read from n8n\'s storage, another is checked.',
		},
	]),
];

/** Files may be verified several at a time: Options → Batch Concurrency. */
export const concurrent = true;

/**
 * Several at a time unless the user says otherwise: each file waits on n8n's storage for part of
 * its time, and nothing is billed, so overlapping those waits only makes a batch faster.
 */
export const defaultBatchConcurrency = DEFAULT_BATCH_CONCURRENCY;

/**
 * What the items of one node run share, keyed by the run's context (gone with the run): parsed
 * certificates and trust lists, and the Additional Trust Anchors as parsed for a given text.
 */
const perRun = new WeakMap<object, { cache: VerificationCache; anchors: Map<string, X509Certificate[]> }>();

function runCache(ctx: object) {
	let entry = perRun.get(ctx);
	if (!entry) {
		entry = { cache: verificationCache(), anchors: new Map() };
		perRun.set(ctx, entry);
	}
	return entry;
}

/**
 * Validates a file's Content Credentials locally: no request, no credential, no bill. A file that
 * cannot be read gives `readError` on its item rather than failing the node.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const pem = String(options.additionalTrustAnchors ?? '').trim();
	const shared = runCache(this);
	let additionalAnchors = shared.anchors.get(pem);
	if (!additionalAnchors) {
		additionalAnchors = parseAdditionalAnchors(this, pem, itemIndex);
		// Item expressions may give each item its own anchors: a few texts are kept, not every one.
		if (shared.anchors.size < 16) shared.anchors.set(pem, additionalAnchors);
	}

	const input = await getBinaryInput(this, itemIndex, binaryPropertyName, 'Input Binary Field');
	const report = await verifyContentCredentials(
		{ size: input.size, open: async () => (await input.open()) as Buffer | ChunkStream },
		{ additionalAnchors, cache: shared.cache },
	);
	const json: IDataObject = { fileName: input.fileName, mimeType: input.mimeType, fileSize: input.size, ...reportToJson(report) };
	// The file goes on exactly as it came: any change would break the hashes its manifest binds.
	const inputBinary = this.getInputData()[itemIndex].binary;
	return [{ json, ...(inputBinary ? { binary: inputBinary } : {}) }];
}

/** The certificates of "Additional Trust Anchors", or an error that says how to fill the field. */
function parseAdditionalAnchors(ctx: IExecuteFunctions, pem: string, itemIndex: number): X509Certificate[] {
	if (!pem) return [];
	const description = 'Paste CA certificates in PEM form, each between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----, or leave the field empty.';
	let anchors: X509Certificate[];
	try {
		anchors = certificatesFromPem(pem);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `"Additional Trust Anchors" holds something that is not a certificate: ${(error as Error).message}`, { itemIndex, description });
	}
	if (anchors.length === 0) throw new NodeOperationError(ctx.getNode(), '"Additional Trust Anchors" holds no PEM certificate', { itemIndex, description });
	return anchors;
}
