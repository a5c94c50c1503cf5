import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Node version from which Inspect drops the inspected file unless "Keep Input File" is added.
 * n8n's output panel opens on its Binary tab whenever an item carries a file, which hid the
 * verdict; n8n's own nodes settle this the same way (Edit Fields strips binary data from its
 * 3.4 version, Extract From File keeps only the JSON of its source by default): a new default for
 * new nodes, behind a version, so nodes already in workflows keep passing the file on.
 */
export const DROPS_INPUT_FILE_FROM_VERSION = 1.1;

/** Whether Inspect hands the inspected file on: the option when added, else the version's default. */
export function keepsInputFile(ctx: IExecuteFunctions, options: IDataObject): boolean {
	if (options.keepInputFile !== undefined) return options.keepInputFile !== false;
	return (ctx.getNode().typeVersion ?? 1) < DROPS_INPUT_FILE_FROM_VERSION;
}

/**
 * Node version from which Inspect names the Content Credentials facts it shares with Read
 * Content Credentials the way that operation (and c2pa-rs) does: `hasContentCredentials` for
 * `hasCredentials`, `signerCommonName` for `signer`, and `signatureAlgorithm` spelled as the C2PA
 * specification lists algorithms (`PS256`, `ES256`, `Ed25519`) whatever the case TrustNXT sends.
 * Earlier versions keep their names and values, since workflows read them (docs/trustnxt-outputs.md).
 */
export const CONTENT_CREDENTIALS_NAMES_FROM_VERSION = 1.2;

/** Whether this node's version outputs the one vocabulary of Content Credentials facts. */
export function usesContentCredentialsNames(ctx: IExecuteFunctions): boolean {
	return (ctx.getNode().typeVersion ?? 1) >= CONTENT_CREDENTIALS_NAMES_FROM_VERSION;
}

/**
 * Node version from which Protect and Inspect add SHA-256 checksums unless "Add SHA-256 Checksums"
 * is added and turned off. Node's crypto hashes the bytes as they stream past, at a cost small
 * beside the call itself (docs/performance.md); earlier versions add them only when the option is
 * on, so the output of nodes already in workflows does not change.
 */
export const CHECKSUMS_BY_DEFAULT_FROM_VERSION = 1.3;

/** Whether Protect or Inspect adds checksums: the option when added, else the version's default. */
export function addsChecksums(ctx: IExecuteFunctions, options: IDataObject): boolean {
	if (options.addChecksums !== undefined) return options.addChecksums === true || options.addChecksums === 'true';
	return (ctx.getNode().typeVersion ?? 1) >= CHECKSUMS_BY_DEFAULT_FROM_VERSION;
}
