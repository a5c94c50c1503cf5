import type { CborValue } from './cbor';
import { decodeCbor, field, isTagged } from './cbor';
import { readCertificateNames, readTimeStampTime } from './der';
import { C2paReadError } from './limits';

/** COSE header label of the certificate chain (RFC 9360). */
const X5CHAIN = 33;
/** COSE header label of the signature algorithm. */
const ALG = 1;
/** COSE algorithm identifiers C2PA allows, by name. */
const ALGORITHMS: Record<number, string> = {
	[-7]: 'ES256',
	[-35]: 'ES384',
	[-36]: 'ES512',
	[-37]: 'PS256',
	[-38]: 'PS384',
	[-39]: 'PS512',
	[-8]: 'Ed25519',
};

const ALGORITHM_BY_LOWER_CASE = new Map(Object.values(ALGORITHMS).map((name) => [name.toLowerCase(), name]));

/** An algorithm name as the C2PA specification spells it (`ps256` and `Ps256` → `PS256`); others unchanged. */
export function c2paAlgorithmName(name: string): string {
	return ALGORITHM_BY_LOWER_CASE.get(name.trim().toLowerCase()) ?? name;
}

export interface SignatureFacts {
	/** Organisation (O) of the signing certificate's subject: who the certificate was issued to. */
	issuer?: string;
	/** Common name (CN) of the signing certificate's subject. */
	commonName?: string;
	/** Organisation of the certificate authority that issued the signing certificate. */
	certificateAuthority?: string;
	algorithm?: string;
	/** Time from the signature's RFC 3161 time stamp, when it carries one. */
	signedAt?: string;
}

/**
 * Reads who signed and when from a C2PA claim signature (a COSE_Sign1 structure). The signature,
 * the certificate chain and the time stamp are not verified: this only reads what they say.
 */
export function readSignature(bytes: Buffer): SignatureFacts {
	let sign1 = decodeCbor(bytes);
	if (isTagged(sign1)) sign1 = sign1.value;
	if (!Array.isArray(sign1) || sign1.length !== 4) throw new C2paReadError('The claim signature is not a COSE_Sign1 structure');
	const [protectedBytes, unprotected] = sign1;
	const protectedHeader: CborValue = Buffer.isBuffer(protectedBytes) && protectedBytes.length ? decodeCbor(protectedBytes) : new Map();
	const facts: SignatureFacts = {};

	const alg = field(protectedHeader, ALG);
	if (typeof alg === 'number') facts.algorithm = ALGORITHMS[alg] ?? String(alg);

	// Older signers put the chain under the text label "x5chain", and in the unprotected header.
	const chain =
		field(protectedHeader, X5CHAIN) ?? field(unprotected, X5CHAIN) ?? field(protectedHeader, 'x5chain') ?? field(unprotected, 'x5chain');
	const signingCertificate = Array.isArray(chain) ? chain[0] : chain;
	if (Buffer.isBuffer(signingCertificate)) {
		const names = readCertificateNames(signingCertificate);
		facts.issuer = names.subject.organization;
		facts.commonName = names.subject.commonName;
		facts.certificateAuthority = names.issuer.organization ?? names.issuer.commonName;
	}

	for (const key of ['sigTst2', 'sigTst']) {
		const stamp = field(unprotected, key) ?? field(protectedHeader, key);
		const tokens = field(stamp ?? null, 'tstTokens');
		if (!Array.isArray(tokens)) continue;
		for (const token of tokens) {
			const value = field(token, 'val');
			if (!Buffer.isBuffer(value)) continue;
			try {
				const time = readTimeStampTime(value);
				if (time) {
					facts.signedAt = time;
					break;
				}
			} catch {
				// A time stamp that cannot be read leaves the time out; the rest still stands.
			}
		}
		if (facts.signedAt) break;
	}
	return facts;
}
