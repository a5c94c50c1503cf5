import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getBinaryInput } from '../../../shared/binary';
import { meaningOf } from '../../helpers/validationCodes';
import { inspectAsset, VERDICTS } from '../../transport';
import { checksumOption, inputBinaryField, optionsCollection, readOptions, readTimeoutMs, wantsChecksums } from '../fields';

const show = { resource: ['asset'], operation: ['inspect'] };

export const description: INodeProperties[] = [
	inputBinaryField(show, 'file to inspect'),
	{
		displayName: 'Include Manifest Store',
		name: 'includeManifestStore',
		type: 'boolean',
		default: false,
		description: 'Whether to add the full C2PA manifest store (every manifest, assertion and validation result) to the output',
		displayOptions: { show },
	},
	optionsCollection(show, [
		checksumOption('the inspected file (fileSha256)'),
		{
			displayName: 'Keep Input File',
			name: 'keepInputFile',
			type: 'boolean',
			default: true,
			description: 'Whether to pass the inspected file on, unchanged, in its binary field. Turn off to drop it.',
		},
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	const includeManifestStore = this.getNodeParameter('includeManifestStore', itemIndex, false) as boolean;
	const options = readOptions(this, itemIndex);
	const keepInputFile = options.keepInputFile !== false;
	const checksum = wantsChecksums(options);
	const timeoutMs = readTimeoutMs(this, itemIndex);
	const input = await getBinaryInput(this, itemIndex, binaryPropertyName, 'Input Binary Field');

	const report = await inspectAsset(this, { input, itemIndex, timeoutMs, checksum });

	// "no_credentials" is an answer like any other: the item carries it, nothing is raised.
	const json: IDataObject = {
		verdict: report.verdict,
		verdictMeaning: VERDICTS[report.verdict] ?? `A verdict this node does not know ("${report.verdict}"); see the manifest store.`,
		assetId: report.assetId,
		fileName: input.fileName,
		mimeType: input.mimeType,
		fileSize: input.size,
		hasCredentials: report.hasCredentials,
		signer: report.signer,
		signerIssuer: report.signerIssuer,
		signedAt: report.signedAt,
		signatureAlgorithm: report.signatureAlgorithm,
		claimGenerator: report.claimGenerator,
		assertions: report.assertions,
		failures: report.failures.map((failure) => ({ code: failure.code, meaning: meaningOf(failure.code, failure.explanation) })),
		validationState: report.validationState,
	};
	if (checksum) json.fileSha256 = report.originalSha256;
	if (includeManifestStore) json.manifestStore = report.manifestStore;

	// The input's binary object is handed on as it is (same bytes, name and MIME type): a Trust
	// Label breaks on any change, so the file must reach the next node exactly as inspected.
	const inputBinary = this.getInputData()[itemIndex].binary;
	if (keepInputFile) return [{ json, ...(inputBinary ? { binary: inputBinary } : {}) }];
	const rest: IBinaryKeyData = { ...(inputBinary ?? {}) };
	delete rest[binaryPropertyName];
	return [{ json, ...(Object.keys(rest).length ? { binary: rest } : {}) }];
}
