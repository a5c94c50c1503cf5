import type { X509Certificate } from 'crypto';
import { constants, createHash, createVerify, verify } from 'crypto';

import type { CborValue } from '../cbor';
import { decodeCbor, field, isTagged } from '../cbor';
import type { DerValue } from '../der';
import { childrenOf, parseDer } from '../der';

/** COSE algorithm identifiers the C2PA allows: name, hash and how the signature is checked. */
const ALGORITHMS: Record<number, { name: string; hash: string | null; kind: 'ecdsa' | 'pss' | 'eddsa'; saltLength?: number }> = {
	[-7]: { name: 'ES256', hash: 'sha256', kind: 'ecdsa' },
	[-35]: { name: 'ES384', hash: 'sha384', kind: 'ecdsa' },
	[-36]: { name: 'ES512', hash: 'sha512', kind: 'ecdsa' },
	[-37]: { name: 'PS256', hash: 'sha256', kind: 'pss', saltLength: 32 },
	[-38]: { name: 'PS384', hash: 'sha384', kind: 'pss', saltLength: 48 },
	[-39]: { name: 'PS512', hash: 'sha512', kind: 'pss', saltLength: 64 },
	[-8]: { name: 'Ed25519', hash: null, kind: 'eddsa' },
};

function cborHead(major: number, value: number): Buffer {
	if (value < 24) return Buffer.from([(major << 5) | value]);
	if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
	if (value < 0x10000) {
		const head = Buffer.alloc(3);
		head[0] = (major << 5) | 25;
		head.writeUInt16BE(value, 1);
		return head;
	}
	const head = Buffer.alloc(5);
	head[0] = (major << 5) | 26;
	head.writeUInt32BE(value, 1);
	return head;
}

export function cborBytes(bytes: Buffer): Buffer {
	return Buffer.concat([cborHead(2, bytes.length), bytes]);
}

/**
 * The COSE structure that is signed (RFC 9052 §4.4): a CBOR array of the context, the
 * protected header's bytes exactly as stored, an empty external AAD and the payload. C2PA
 * signatures have a detached payload: the claim's bytes.
 */
export function sigStructure(context: 'Signature1' | 'CounterSignature', protectedBytes: Buffer, payload: Buffer): Buffer {
	const text = Buffer.from(context, 'utf8');
	return Buffer.concat([Buffer.from([0x84]), cborHead(3, text.length), text, cborBytes(protectedBytes), cborBytes(Buffer.alloc(0)), cborBytes(payload)]);
}

export interface CoseSign1 {
	protectedBytes: Buffer;
	protectedHeader: CborValue;
	unprotected: CborValue;
	signature: Buffer;
	algorithm?: number;
	chain: Buffer[];
}

/** Decodes a COSE_Sign1 structure; undefined when it is not one. */
export function decodeCoseSign1(bytes: Buffer): CoseSign1 | undefined {
	let sign1 = decodeCbor(bytes);
	if (isTagged(sign1)) sign1 = sign1.value;
	if (!Array.isArray(sign1) || sign1.length !== 4) return undefined;
	const [protectedBytes, unprotected, , signature] = sign1;
	if (!Buffer.isBuffer(protectedBytes) || !Buffer.isBuffer(signature)) return undefined;
	const protectedHeader: CborValue = protectedBytes.length ? decodeCbor(protectedBytes) : new Map();
	const alg = field(protectedHeader, 1);
	// Older signers put the chain under the text label "x5chain", and in the unprotected header.
	const rawChain = field(protectedHeader, 33) ?? field(unprotected, 33) ?? field(protectedHeader, 'x5chain') ?? field(unprotected, 'x5chain');
	const chain = (Array.isArray(rawChain) ? rawChain : [rawChain]).filter((entry): entry is Buffer => Buffer.isBuffer(entry));
	return { protectedBytes, protectedHeader, unprotected, signature, algorithm: typeof alg === 'number' ? alg : undefined, chain };
}

export function algorithmName(alg: number | undefined): string | undefined {
	return alg === undefined ? undefined : ALGORITHMS[alg]?.name;
}

/** Whether the COSE signature over `payload` verifies with the signer's public key. */
export function verifyCoseSignature(sign1: CoseSign1, payload: Buffer, signer: X509Certificate): boolean | 'unsupported' {
	const algorithm = sign1.algorithm === undefined ? undefined : ALGORITHMS[sign1.algorithm];
	if (!algorithm) return 'unsupported';
	const toBeSigned = sigStructure('Signature1', sign1.protectedBytes, payload);
	try {
		if (algorithm.kind === 'eddsa') return verify(null, toBeSigned, signer.publicKey, sign1.signature);
		if (algorithm.kind === 'ecdsa') return verify(algorithm.hash, toBeSigned, { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, sign1.signature);
		return verify(algorithm.hash, toBeSigned, { key: signer.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength }, sign1.signature);
	} catch {
		return false;
	}
}

const HASH_BY_OID: Record<string, string> = {
	'608648016503040201': 'sha256',
	'608648016503040202': 'sha384',
	'608648016503040203': 'sha512',
	'2b0e03021a': 'sha1',
};
/** Signature algorithms of a CMS signer: the hash they name, when they name one. */
const SIGNATURE_HASH_BY_OID: Record<string, string | undefined> = {
	'2a864886f70d01010b': 'sha256',
	'2a864886f70d01010c': 'sha384',
	'2a864886f70d01010d': 'sha512',
	'2a864886f70d010105': 'sha1',
	'2a8648ce3d040302': 'sha256',
	'2a8648ce3d040303': 'sha384',
	'2a8648ce3d040304': 'sha512',
	'2a864886f70d010101': undefined, // rsaEncryption: the digest algorithm decides
	'2a8648ce3d0201': undefined, // ecPublicKey: the digest algorithm decides
};
const OID_RSASSA_PSS = '2a864886f70d01010a';
const OID_MESSAGE_DIGEST = '2a864886f70d010904';

function oidOf(value: DerValue | undefined): string | undefined {
	if (!value) return undefined;
	const first = value.tag === 0x30 ? childrenOf(value)[0] : value;
	return first && first.tag === 0x06 ? first.content.toString('hex') : undefined;
}

/** The DER encoding of a value from its tag and content. */
function encodeDer(tag: number, content: Buffer): Buffer {
	const length = content.length;
	let header: Buffer;
	if (length < 0x80) header = Buffer.from([tag, length]);
	else {
		const bytes: number[] = [];
		for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
		header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
	}
	return Buffer.concat([header, content]);
}

export interface TimeStampCheck {
	/** The imprint matches what was stamped and the token's signature verifies. */
	validated: boolean;
	/** Why not, when not. */
	reason?: string;
	genTime?: Date;
	/** The TSA's certificates, signer first, as far as the token carries them. */
	chain: X509Certificate[];
	tsaName?: string;
}

/**
 * Checks an RFC 3161 time-stamp token (CMS SignedData over a TSTInfo): the imprint in the TSTInfo
 * is the hash of `stamped`; the signed attributes carry the hash of the TSTInfo; the signature
 * over them verifies with a certificate the token carries.
 */
export function checkTimeStamp(token: Buffer, stamped: Buffer, toCertificate: (der: Buffer) => X509Certificate | undefined): TimeStampCheck {
	const fail = (reason: string, partial: Partial<TimeStampCheck> = {}): TimeStampCheck => ({ validated: false, reason, chain: [], ...partial });
	let contentInfo = parseDer(token);
	const [first, second] = childrenOf(contentInfo);
	// Some signers store the whole TimeStampResp (status, then the token).
	if (first?.tag === 0x30 && second?.tag === 0x30) contentInfo = second;
	const explicit = childrenOf(contentInfo)[1];
	if (!explicit || explicit.tag !== 0xa0) return fail('the token is not CMS signed data');
	const signedData = childrenOf(explicit)[0];
	if (!signedData || signedData.tag !== 0x30) return fail('the token is not CMS signed data');
	const parts = childrenOf(signedData);
	const encapsulated = parts.find((part, index) => index > 0 && part.tag === 0x30);
	const certificatesField = parts.find((part) => part.tag === 0xa0);
	const signerInfos = parts[parts.length - 1];
	const eContent = encapsulated ? childrenOf(encapsulated).find((part) => part.tag === 0xa0) : undefined;
	const tstOctets = eContent ? childrenOf(eContent).find((part) => part.tag === 0x04) : undefined;
	if (!tstOctets || !signerInfos || signerInfos.tag !== 0x31) return fail('the token holds no time-stamp information');
	const tstInfo = childrenOf(parseDer(tstOctets.content));
	const imprint = tstInfo.find((part, index) => index > 1 && part.tag === 0x30);
	const genTimeValue = tstInfo.find((part) => part.tag === 0x18);
	const genTime = genTimeValue ? parseGeneralizedTime(genTimeValue.content.toString('latin1')) : undefined;

	const chain: X509Certificate[] = [];
	for (const der of certificatesField ? childrenOf(certificatesField) : []) {
		if (der.tag !== 0x30) continue;
		const certificate = toCertificate(encodeDer(0x30, der.content));
		if (certificate) chain.push(certificate);
	}
	if (!imprint) return fail('the token has no message imprint', { genTime, chain });
	const [imprintAlgorithm, hashedMessage] = childrenOf(imprint);
	const imprintHash = HASH_BY_OID[oidOf(imprintAlgorithm) ?? ''];
	if (!imprintHash || !hashedMessage) return fail('the token\'s imprint uses an unknown hash', { genTime, chain });
	if (!createHash(imprintHash).update(stamped).digest().equals(hashedMessage.content)) {
		return fail('the time stamp was made for other data', { genTime, chain });
	}

	const signerInfo = childrenOf(signerInfos)[0];
	if (!signerInfo) return fail('the token has no signer', { genTime, chain });
	const info = childrenOf(signerInfo);
	const digestAlgorithm = HASH_BY_OID[oidOf(info[2]) ?? ''];
	const signedAttributes = info.find((part) => part.tag === 0xa0);
	const signatureAlgorithmAt = info.findIndex((part, index) => index > 2 && part.tag === 0x30);
	const signatureAlgorithm = info[signatureAlgorithmAt];
	const signatureValue = info.slice(signatureAlgorithmAt + 1).find((part) => part.tag === 0x04);
	if (!digestAlgorithm || !signedAttributes || !signatureAlgorithm || !signatureValue) return fail('the token\'s signer information is incomplete', { genTime, chain });
	let digestMatches = false;
	for (const attribute of childrenOf(signedAttributes)) {
		const [type, values] = childrenOf(attribute);
		if (oidOf(type) !== OID_MESSAGE_DIGEST || !values) continue;
		const digest = childrenOf(values)[0];
		digestMatches = !!digest && createHash(digestAlgorithm).update(tstOctets.content).digest().equals(digest.content);
	}
	if (!digestMatches) return fail('the token\'s signed digest does not match its time-stamp information', { genTime, chain });

	// The signature covers the signed attributes encoded as a SET, not as the [0] they are stored as.
	const signedBytes = encodeDer(0x31, signedAttributes.content);
	const signatureOid = oidOf(signatureAlgorithm) ?? '';
	const hash = SIGNATURE_HASH_BY_OID[signatureOid] ?? digestAlgorithm;
	const signer = chain.find((certificate) => {
		try {
			if (signatureOid === OID_RSASSA_PSS) {
				return verify(hash, signedBytes, { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signatureValue.content);
			}
			if (createVerify(hash).update(signedBytes).verify(certificate.publicKey, signatureValue.content)) return true;
			// Some signers put an ECDSA signature in its raw r|s form rather than DER.
			return certificate.publicKey.asymmetricKeyType === 'ec' && verify(hash, signedBytes, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, signatureValue.content);
		} catch {
			return false;
		}
	});
	if (!signer) return fail('the token\'s signature does not verify with a certificate it carries', { genTime, chain });
	const ordered = [signer, ...chain.filter((certificate) => certificate !== signer)];
	return { validated: true, genTime, chain: ordered, tsaName: commonName(signer) };
}

function commonName(certificate: X509Certificate): string | undefined {
	return /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1];
}

/** `YYYYMMDDhhmmss[.fff]Z` → a Date. */
function parseGeneralizedTime(value: string): Date | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(value);
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, fraction] = match;
	const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction ?? ''}Z`);
	return Number.isNaN(time) ? undefined : new Date(time);
}
