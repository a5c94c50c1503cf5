import { C2paReadError, LIMITS } from './limits';

/** One DER value: its tag byte and its content (a view, not a copy). */
export interface DerValue {
	tag: number;
	content: Buffer;
}

/** Reads the DER value at `at`; returns it and where the next one starts. */
function readValue(bytes: Buffer, at: number): { value: DerValue; next: number } {
	if (bytes.length - at < 2) throw new C2paReadError('A certificate ends inside a value header');
	const tag = bytes[at];
	if ((tag & 0x1f) === 0x1f) throw new C2paReadError('A certificate uses a multi-byte tag');
	let length = bytes[at + 1];
	let header = 2;
	if (length & 0x80) {
		const count = length & 0x7f;
		if (count === 0 || count > 4) throw new C2paReadError('A certificate value has an unsupported length');
		if (bytes.length - at < 2 + count) throw new C2paReadError('A certificate ends inside a length');
		length = 0;
		for (let index = 0; index < count; index++) length = length * 256 + bytes[at + 2 + index];
		header = 2 + count;
	}
	if (length > bytes.length - at - header) throw new C2paReadError('A certificate value declares a length past its end');
	return { value: { tag, content: bytes.subarray(at + header, at + header + length) }, next: at + header + length };
}

/** The values inside a constructed value (SEQUENCE, SET, context tag). */
export function childrenOf(value: DerValue): DerValue[] {
	const children: DerValue[] = [];
	let at = 0;
	// Every value takes at least two bytes, so this ends within content.length / 2 steps.
	while (at < value.content.length) {
		const { value: child, next } = readValue(value.content, at);
		children.push(child);
		at = next;
	}
	return children;
}

export function parseDer(bytes: Buffer): DerValue {
	return readValue(bytes, 0).value;
}

const OID_COMMON_NAME = '550403';
const OID_ORGANIZATION = '55040a';

function decodeString(value: DerValue): string {
	// BMPString (0x1e) is UTF-16BE; the rest that certificates use are UTF-8 compatible.
	if (value.tag === 0x1e) {
		const swapped = Buffer.from(value.content);
		for (let index = 0; index + 1 < swapped.length; index += 2) {
			const high = swapped[index];
			swapped[index] = swapped[index + 1];
			swapped[index + 1] = high;
		}
		return swapped.toString('utf16le');
	}
	return value.content.toString(value.tag === 0x0c ? 'utf8' : 'latin1');
}

/** Organisation (O) and common name (CN) of an X.509 Name. */
function readName(name: DerValue): { organization?: string; commonName?: string } {
	const result: { organization?: string; commonName?: string } = {};
	for (const relativeName of childrenOf(name)) {
		for (const attribute of childrenOf(relativeName)) {
			const [type, value] = childrenOf(attribute);
			if (!type || !value || type.tag !== 0x06) continue;
			const oid = type.content.toString('hex');
			if (oid === OID_ORGANIZATION && result.organization === undefined) result.organization = decodeString(value);
			if (oid === OID_COMMON_NAME && result.commonName === undefined) result.commonName = decodeString(value);
		}
	}
	return result;
}

export interface CertificateNames {
	subject: { organization?: string; commonName?: string };
	issuer: { organization?: string; commonName?: string };
}

/** Subject and issuer names of a DER X.509 certificate. Nothing about it is checked. */
export function readCertificateNames(der: Buffer): CertificateNames {
	const certificate = parseDer(der);
	if (certificate.tag !== 0x30) throw new C2paReadError('The signing certificate is not a DER sequence');
	const [tbs] = childrenOf(certificate);
	if (!tbs || tbs.tag !== 0x30) throw new C2paReadError('The signing certificate has no to-be-signed part');
	const fields = childrenOf(tbs);
	// version [0] is optional; then serial, signature algorithm, issuer, validity, subject.
	const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
	const issuer = fields[offset + 2];
	const subject = fields[offset + 4];
	if (!issuer || !subject || issuer.tag !== 0x30 || subject.tag !== 0x30) throw new C2paReadError('The signing certificate has no subject or issuer');
	return { subject: readName(subject), issuer: readName(issuer) };
}

/** A value's first child with this tag, or undefined. */
function firstWithTag(values: DerValue[], tag: number): DerValue | undefined {
	return values.find((value) => value.tag === tag);
}

/**
 * The generation time of an RFC 3161 time-stamp token (CMS SignedData holding a TSTInfo), or of
 * a whole time-stamp response holding one, as an ISO 8601 string. The token's signature is not checked.
 */
export function readTimeStampTime(token: Buffer): string | undefined {
	let depth = 0;
	const step = (): void => {
		if (++depth > LIMITS.maxDerDepth) throw new C2paReadError('A time-stamp token is nested too deeply');
	};
	let contentInfo = parseDer(token);
	step();
	// Some signers store the whole TimeStampResp (status, then the token) rather than the token.
	const [first, second] = childrenOf(contentInfo);
	if (first?.tag === 0x30 && second?.tag === 0x30) contentInfo = second;
	step();
	const [, explicitSignedData] = childrenOf(contentInfo);
	if (!explicitSignedData || explicitSignedData.tag !== 0xa0) return undefined;
	step();
	const [signedData] = childrenOf(explicitSignedData);
	if (!signedData || signedData.tag !== 0x30) return undefined;
	step();
	const encapsulated = childrenOf(signedData).filter((value) => value.tag === 0x30)[0];
	if (!encapsulated) return undefined;
	step();
	const explicitContent = firstWithTag(childrenOf(encapsulated), 0xa0);
	if (!explicitContent) return undefined;
	const octets = firstWithTag(childrenOf(explicitContent), 0x04);
	if (!octets) return undefined;
	const tstInfo = parseDer(octets.content);
	const generalizedTime = firstWithTag(childrenOf(tstInfo), 0x18);
	if (!generalizedTime) return undefined;
	return generalizedTimeToIso(generalizedTime.content.toString('latin1'));
}

/** `YYYYMMDDhhmmss[.fff]Z` → `YYYY-MM-DDThh:mm:ss[.fff]Z`. */
function generalizedTimeToIso(value: string): string | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(value);
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, fraction] = match;
	return `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction ?? ''}Z`;
}
