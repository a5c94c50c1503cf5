/**
 * C2PA validation status codes, spelled as the C2PA specification and c2pa-rs spell them, and
 * the log a validation writes them to. Each entry is a success, a failure or informational, as
 * c2pa-rs files it: only failures can make a manifest Invalid, and of those
 * `signingCredential.untrusted` only keeps it from being Trusted.
 */
export const CODES = {
	claimSignatureValidated: 'claimSignature.validated',
	claimSignatureInsideValidity: 'claimSignature.insideValidity',
	claimSignatureMismatch: 'claimSignature.mismatch',
	claimSignatureMissing: 'claimSignature.missing',
	claimMissing: 'claim.missing',
	claimMalformed: 'claim.malformed',
	hardBindingsMissing: 'claim.hardBindings.missing',
	signingCredentialTrusted: 'signingCredential.trusted',
	signingCredentialUntrusted: 'signingCredential.untrusted',
	signingCredentialExpired: 'signingCredential.expired',
	signingCredentialInvalid: 'signingCredential.invalid',
	algorithmUnsupported: 'algorithm.unsupported',
	timeStampValidated: 'timeStamp.validated',
	timeStampTrusted: 'timeStamp.trusted',
	timeStampUntrusted: 'timeStamp.untrusted',
	timeStampMismatch: 'timeStamp.mismatch',
	timeStampMalformed: 'timeStamp.malformed',
	timeStampOutsideValidity: 'timeStamp.outsideValidity',
	hashedUriMatch: 'assertion.hashedURI.match',
	hashedUriMismatch: 'assertion.hashedURI.mismatch',
	assertionMissing: 'assertion.missing',
	dataHashMatch: 'assertion.dataHash.match',
	dataHashMismatch: 'assertion.dataHash.mismatch',
	bmffHashMatch: 'assertion.bmffHash.match',
	bmffHashMismatch: 'assertion.bmffHash.mismatch',
	dataHashAdditionalExclusions: 'assertion.dataHash.additionalExclusionsPresent',
	ingredientManifestValidated: 'ingredient.manifest.validated',
	ingredientManifestMismatch: 'ingredient.manifest.mismatch',
	ingredientManifestMissing: 'ingredient.manifest.missing',
	ingredientUnknownProvenance: 'ingredient.unknownProvenance',
} as const;

export interface StatusEntry {
	code: string;
	/** The JUMBF URI of what the code is about (`self#jumbf=/c2pa/<manifest>/...`). */
	url?: string;
	explanation: string;
}

export interface ValidationStatus {
	success: StatusEntry[];
	failure: StatusEntry[];
	informational: StatusEntry[];
}

/** A check this validator did not make, and why: it keeps the state from being Valid or Trusted when it matters. */
export interface NotChecked {
	check: string;
	reason: string;
	/** True when the check could have turned the state Invalid: then no Valid or Trusted is given. */
	affectsState: boolean;
}

export function emptyStatus(): ValidationStatus {
	return { success: [], failure: [], informational: [] };
}

/** Failures that c2pa-rs tolerates in a Valid manifest: only the signer's trust. */
export function isToleratedFailure(code: string): boolean {
	return code === CODES.signingCredentialUntrusted;
}
