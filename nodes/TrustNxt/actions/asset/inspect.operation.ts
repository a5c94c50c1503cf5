import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getBinaryInput } from '../../../shared/binary';
import { batchConcurrencyField } from '../../../shared/items';
import type { OperationOption } from '../../../shared/resources';
import { NOT_VALIDATED_NOTE, readLocalCredentials } from '../../helpers/localCredentials';
import { c2paAlgorithmName } from '../../c2pa/cose';
import type { ChunkStream } from '../../c2pa';
import { verifyContentCredentials } from '../../c2pa/validate';
import { addsChecksums, keepsInputFile, usesContentCredentialsNames } from '../../helpers/outputs';
import { meaningOf } from '../../helpers/validationCodes';
import { VERDICTS } from '../../transport/contract';
import { inspectAsset } from '../../transport/endpoints';
import { checksumOption, inputBinaryField, optionsCollection, readOptions, readTimeoutMs } from '../fields';

export const option: OperationOption = {
	name: 'Inspect',
	description: 'Check a file\'s Trust Label; the verdict is trusted, valid, invalid or no_credentials (no label). Needs a file (binary input) from a previous node. Billed per call.',
	action: 'Inspect an asset',
};

export const description: INodeProperties[] = [
	inputBinaryField('file to inspect'),
	{
		displayName: 'Include Manifest Store',
		name: 'includeManifestStore',
		type: 'boolean',
		default: false,
		description: 'Whether to add the full C2PA manifest store (every manifest, assertion and validation result) to the output',
	},
	optionsCollection([
		batchConcurrencyField('TrustNXT'),
		checksumOption('the inspected file (fileSha256)'),
		{
			// Off unless added: an Inspect already in a workflow keeps asking TrustNXT about every
			// file. Once added it is on, since adding it means wanting the saving.
			displayName: 'Skip When No Content Credentials',
			name: 'skipWhenNoCredentials',
			type: 'boolean',
			default: true,
			description:
				'Whether to read the file locally first and, when it has no embedded manifest and no remote reference, answer "no_credentials" without calling TrustNXT. Saves a billed call per such file. Files the local read cannot read, or in formats it does not know, are still sent.',
		},
		{
			// Off unless added, as the option above.
			displayName: 'Skip When Settled Locally',
			name: 'skipWhenSettledLocally',
			type: 'boolean',
			default: true,
			description:
				'Whether to validate the file locally first (as Verify Content Credentials does) and answer without calling TrustNXT when that settles it: "no_credentials" for a file with no manifest, "invalid" for one whose manifest fails a check. Saves a billed call per such file. Files that pass locally, or that the local check cannot read, are still sent.',
		},
		{
			displayName: 'Keep Input File',
			name: 'keepInputFile',
			type: 'boolean',
			default: true,
			description: 'Whether to pass the inspected file on, unchanged, in its binary field. Without this option, node version 1 passes it on and later versions drop it, so the output opens on the verdict.',
		},
	]),
];

/** Items may be sent several at a time: Options → Batch Concurrency. */
export const concurrent = true;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	const includeManifestStore = this.getNodeParameter('includeManifestStore', itemIndex, false) as boolean;
	const options = readOptions(this, itemIndex);
	const keepInputFile = keepsInputFile(this, options);
	// From version 1.2 the names of Read Content Credentials; earlier versions keep theirs.
	const oneVocabulary = usesContentCredentialsNames(this);
	const checksum = addsChecksums(this, options);
	const timeoutMs = readTimeoutMs(this, itemIndex);
	const input = await getBinaryInput(this, itemIndex, binaryPropertyName, 'Input Binary Field');
	const inputBinary = this.getInputData()[itemIndex].binary;
	const passOn = (json: IDataObject): INodeExecutionData[] => {
		// The input's binary object is handed on as it is (same bytes, name and MIME type): a Trust
		// Label breaks on any change, so the file must reach the next node exactly as inspected.
		if (keepInputFile) return [{ json, ...(inputBinary ? { binary: inputBinary } : {}) }];
		const rest: IBinaryKeyData = { ...(inputBinary ?? {}) };
		delete rest[binaryPropertyName];
		return [{ json, ...(Object.keys(rest).length ? { binary: rest } : {}) }];
	};

	if (options.skipWhenNoCredentials === true || options.skipWhenNoCredentials === 'true') {
		// Only a clean "none" skips the call: a file the local read could not read, or whose format
		// it does not know, might still carry credentials, so TrustNXT is asked as usual.
		const local = await readLocalCredentials(input);
		if (local.manifestLocation === 'none' && !local.readError) {
			return passOn({
				verdict: 'no_credentials',
				verdictMeaning: VERDICTS.no_credentials,
				billed: false,
				skippedReason: `Not sent to TrustNXT: the local read followed this ${local.container ?? 'file'}'s structure and found no embedded manifest and no remote reference. ${NOT_VALIDATED_NOTE}`,
				fileName: input.fileName,
				mimeType: input.mimeType,
				fileSize: input.size,
				[oneVocabulary ? 'hasContentCredentials' : 'hasCredentials']: false,
			});
		}
	}

	if (options.skipWhenSettledLocally === true || options.skipWhenSettledLocally === 'true') {
		const local = await verifyContentCredentials({ size: input.size, open: async () => (await input.open()) as Buffer | ChunkStream });
		const common = { billed: false, fileName: input.fileName, mimeType: input.mimeType, fileSize: input.size };
		if (local.manifestLocation === 'none' && !local.readError) {
			return passOn({
				verdict: 'no_credentials',
				verdictMeaning: VERDICTS.no_credentials,
				skippedReason: `Not sent to TrustNXT: the local check followed this ${local.container ?? 'file'}'s structure and found no embedded manifest and no remote reference.`,
				...common,
				[oneVocabulary ? 'hasContentCredentials' : 'hasCredentials']: false,
			});
		}
		if (local.validationState === 'Invalid' && !local.readError) {
			const failures = [...(local.validationResults?.activeManifest.failure ?? []), ...(local.validationResults?.ingredientDeltas ?? []).flatMap((delta) => delta.validationDeltas.failure)];
			return passOn({
				verdict: 'invalid',
				verdictMeaning: VERDICTS.invalid,
				skippedReason: `Not sent to TrustNXT: the local check (as the C2PA reference implementation validates) found the manifest invalid (${local.failureCodes.join(', ')}).`,
				...common,
				[oneVocabulary ? 'hasContentCredentials' : 'hasCredentials']: true,
				failures: failures.map((failure) => ({ code: failure.code, meaning: meaningOf(failure.code, failure.explanation) })),
				validationState: 'Invalid',
			});
		}
	}

	const report = await inspectAsset(this, { input, itemIndex, timeoutMs, checksum });

	// "no_credentials" is an answer like any other: the item carries it, nothing is raised.
	const signature: IDataObject = oneVocabulary
		? {
				hasContentCredentials: report.hasCredentials,
				signerIssuer: report.signerIssuer,
				signerCommonName: report.signer,
				signedAt: report.signedAt,
				signatureAlgorithm: report.signatureAlgorithm === null ? null : c2paAlgorithmName(report.signatureAlgorithm),
			}
		: {
				hasCredentials: report.hasCredentials,
				signer: report.signer,
				signerIssuer: report.signerIssuer,
				signedAt: report.signedAt,
				signatureAlgorithm: report.signatureAlgorithm,
			};
	const json: IDataObject = {
		verdict: report.verdict,
		verdictMeaning: VERDICTS[report.verdict] ?? `A verdict this node does not know ("${report.verdict}"); see the manifest store.`,
		billed: true,
		assetId: report.assetId,
		fileName: input.fileName,
		mimeType: input.mimeType,
		fileSize: input.size,
		...signature,
		claimGenerator: report.claimGenerator,
		assertions: report.assertions,
		failures: report.failures.map((failure) => ({ code: failure.code, meaning: meaningOf(failure.code, failure.explanation) })),
		validationState: report.validationState,
	};
	if (checksum) json.fileSha256 = report.originalSha256;
	if (includeManifestStore) json.manifestStore = report.manifestStore;

	return passOn(json);
}
