/**
 * Plain-language meanings of C2PA validation status codes, the codes a TrustNXT inspection
 * reports as failures (they come from the C2PA specification, not from TrustNXT). Written for
 * someone deciding what to do with a file, not for a cryptographer.
 */
const MEANINGS: Record<string, string> = {
	'assertion.dataHash.mismatch': 'The file\'s bytes changed after it was signed (edited, re-compressed, resized or stripped of metadata).',
	'assertion.bmffHash.mismatch': 'The media data changed after it was signed (edited or re-encoded).',
	'assertion.boxesHash.mismatch': 'Parts of the file changed after it was signed.',
	'assertion.collectionHash.mismatch': 'One of the files covered by the label changed after signing.',
	'assertion.dataHash.malformed': 'The label\'s record of the original bytes cannot be read.',
	'assertion.hashedURI.mismatch': 'A statement inside the label was changed after signing.',
	'assertion.missing': 'A statement the label refers to is missing.',
	'assertion.multipleHardBindings': 'The label binds to the file in more than one way, which is not allowed.',
	'assertion.undeclared': 'The label contains a statement that its signed claim does not list.',
	'assertion.inaccessible': 'A statement of the label could not be read.',
	'assertion.notRedacted': 'A statement the label says was removed is still present.',
	'assertion.selfRedacted': 'The label tries to remove one of its own statements.',
	'assertion.action.ingredientMismatch': 'An editing step refers to a source file that does not match.',
	'assertion.cloud-data.hardBinding': 'A statement stored elsewhere cannot bind the file.',
	'claim.missing': 'The label has no signed claim.',
	'claim.multiple': 'The label contains more than one claim where only one is allowed.',
	'claim.hardBindings.missing': 'The label does not bind to the file\'s bytes at all.',
	'claim.malformed': 'The Trust Label is present but cannot be read (damaged or truncated).',
	'claim.cbor.invalid': 'The label\'s claim is not well formed.',
	'claimSignature.missing': 'The label is not signed.',
	'claimSignature.mismatch': 'The signature does not match the label: the label was altered or forged.',
	'claimSignature.outsideValidity': 'The label was signed when the signing certificate was not valid.',
	'manifest.missing': 'The label referred to is missing from the file.',
	'manifest.multipleParents': 'The label names more than one parent file, which is not allowed.',
	'manifest.updateInvalid': 'An update to the label is not allowed.',
	'manifest.inaccessible': 'The label is stored elsewhere and could not be fetched.',
	'manifest.timestamp.invalid': 'The label\'s timestamp is not valid.',
	'ingredient.hashedURI.mismatch': 'A source file recorded in the label changed or does not match.',
	'ingredient.manifest.missing': 'The label of a source file is missing.',
	'ingredient.claimSignature.mismatch': 'The signature of a source file\'s label does not match it.',
	'signingCredential.untrusted': 'The signer is not on the trust list: the label is intact, but who signed it is not vouched for.',
	'signingCredential.invalid': 'The signing certificate is not valid for signing labels.',
	'signingCredential.revoked': 'The signing certificate was revoked.',
	'signingCredential.expired': 'The signing certificate had expired when the label was signed.',
	'signingCredential.ocsp.revoked': 'The signing certificate was revoked (checked online).',
	'signingCredential.ocsp.unknown': 'The signing certificate\'s revocation status is unknown.',
	'timeStamp.mismatch': 'The trusted timestamp does not match the signature.',
	'timeStamp.untrusted': 'The timestamp authority is not trusted.',
	'timeStamp.outsideValidity': 'The timestamp lies outside the certificate\'s validity.',
	'timeStamp.malformed': 'The timestamp cannot be read.',
	'algorithm.unsupported': 'The label uses a hashing or signing method the checker does not support.',
	'algorithm.deprecated': 'The label uses an outdated hashing or signing method.',
	'general.error': 'The checker hit an unexpected error.',
	'hashedURI.missing': 'A reference inside the label points to nothing.',
	'hashedURI.mismatch': 'A part of the label changed after signing.',
};

/**
 * A failure code with its meaning: the code's own entry above, else what TrustNXT said about it,
 * else the code itself in a sentence, so the output never has an empty meaning.
 */
export function meaningOf(code: string, explanation?: string | null): string {
	const known = MEANINGS[code];
	if (known) return known;
	if (explanation) return `${explanation.charAt(0).toUpperCase()}${explanation.slice(1)}${/[.!?]$/.test(explanation) ? '' : '.'}`;
	return `A check failed (${code}).`;
}
