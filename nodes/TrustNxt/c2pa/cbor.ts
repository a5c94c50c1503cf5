import { C2paReadError, LIMITS } from './limits';

/** A decoded CBOR tag (COSE_Sign1 is tag 18): the number and the tagged value. */
export interface CborTagged {
	cborTag: number;
	value: CborValue;
}

export type CborValue =
	| number
	| string
	| boolean
	| null
	| undefined
	| Buffer
	| CborValue[]
	| Map<CborValue, CborValue>
	| CborTagged;

const BREAK = Symbol('break');

/**
 * A minimal CBOR decoder (RFC 8949) for C2PA claims, assertions and COSE signatures. Maps are
 * returned as `Map` (COSE uses integer keys). Bounded: nesting depth, number of items, and every
 * length is checked against the bytes actually present before anything is allocated.
 */
export function decodeCbor(bytes: Buffer): CborValue {
	let pos = 0;
	let items = 0;

	function need(count: number): void {
		if (count > bytes.length - pos) throw new C2paReadError('CBOR data ends early or declares a length past its end');
	}

	function readArgument(info: number): number {
		if (info < 24) return info;
		if (info === 24) {
			need(1);
			return bytes[pos++];
		}
		if (info === 25) {
			need(2);
			const value = bytes.readUInt16BE(pos);
			pos += 2;
			return value;
		}
		if (info === 26) {
			need(4);
			const value = bytes.readUInt32BE(pos);
			pos += 4;
			return value;
		}
		if (info === 27) {
			need(8);
			const high = bytes.readUInt32BE(pos);
			const low = bytes.readUInt32BE(pos + 4);
			pos += 8;
			// Past 2^53 a count or length cannot be real for a file the reader holds; values keep
			// their approximate size, which the length checks then reject.
			return high * 0x100000000 + low;
		}
		throw new C2paReadError(`CBOR uses a reserved additional-information value (${info})`);
	}

	function readItem(depth: number): CborValue | typeof BREAK {
		if (depth > LIMITS.maxCborDepth) throw new C2paReadError('CBOR is nested too deeply');
		if (++items > LIMITS.maxCborItems) throw new C2paReadError('CBOR holds too many items');
		need(1);
		const initial = bytes[pos++];
		const major = initial >> 5;
		const info = initial & 0x1f;

		if (major === 7) {
			if (info === 31) return BREAK;
			if (info === 20) return false;
			if (info === 21) return true;
			if (info === 22) return null;
			if (info === 23) return undefined;
			if (info === 25) {
				need(2);
				const half = bytes.readUInt16BE(pos);
				pos += 2;
				return decodeHalf(half);
			}
			if (info === 26) {
				need(4);
				const value = bytes.readFloatBE(pos);
				pos += 4;
				return value;
			}
			if (info === 27) {
				need(8);
				const value = bytes.readDoubleBE(pos);
				pos += 8;
				return value;
			}
			if (info < 24) return info;
			if (info === 24) {
				need(1);
				return bytes[pos++];
			}
			throw new C2paReadError('CBOR uses a reserved simple value');
		}

		const indefinite = info === 31;
		if (indefinite && (major === 0 || major === 1 || major === 6)) throw new C2paReadError('CBOR has an indefinite length where none is allowed');
		const argument = indefinite ? -1 : readArgument(info);

		switch (major) {
			case 0:
				return argument;
			case 1:
				return -1 - argument;
			case 2:
			case 3: {
				let chunk: Buffer;
				if (indefinite) {
					const parts: Buffer[] = [];
					for (;;) {
						const part = readItem(depth + 1);
						if (part === BREAK) break;
						if (major === 2 && !Buffer.isBuffer(part)) throw new C2paReadError('CBOR byte string has a chunk of another type');
						if (major === 3 && typeof part !== 'string') throw new C2paReadError('CBOR text string has a chunk of another type');
						parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string, 'utf8'));
					}
					chunk = Buffer.concat(parts);
				} else {
					need(argument);
					chunk = bytes.subarray(pos, pos + argument);
					pos += argument;
				}
				return major === 2 ? chunk : chunk.toString('utf8');
			}
			case 4: {
				// Each element takes at least one byte: a count past the bytes left cannot be real.
				if (!indefinite) need(argument);
				const array: CborValue[] = [];
				for (let index = 0; indefinite || index < argument; index++) {
					const element = readItem(depth + 1);
					if (element === BREAK) {
						if (!indefinite) throw new C2paReadError('CBOR has a stray break');
						break;
					}
					array.push(element);
				}
				return array;
			}
			case 5: {
				if (!indefinite) need(argument * 2);
				const map = new Map<CborValue, CborValue>();
				for (let index = 0; indefinite || index < argument; index++) {
					const key = readItem(depth + 1);
					if (key === BREAK) {
						if (!indefinite) throw new C2paReadError('CBOR has a stray break');
						break;
					}
					const value = readItem(depth + 1);
					if (value === BREAK) throw new C2paReadError('CBOR map ends between a key and its value');
					map.set(key, value);
				}
				return map;
			}
			default: {
				// major 6: a tag
				const value = readItem(depth + 1);
				if (value === BREAK) throw new C2paReadError('CBOR tag has no value');
				return { cborTag: argument, value };
			}
		}
	}

	const result = readItem(0);
	if (result === BREAK) throw new C2paReadError('CBOR starts with a break');
	return result;
}

function decodeHalf(half: number): number {
	const exponent = (half >> 10) & 0x1f;
	const mantissa = half & 0x3ff;
	const sign = half & 0x8000 ? -1 : 1;
	if (exponent === 0) return sign * mantissa * 2 ** -24;
	if (exponent === 31) return mantissa ? NaN : sign * Infinity;
	return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Whether a value is a CBOR tag wrapper. */
export function isTagged(value: CborValue): value is CborTagged {
	return typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && !Array.isArray(value) && !(value instanceof Map) && 'cborTag' in value;
}

/** A map entry by text key (claims and assertions use text keys), or undefined. */
export function field(value: CborValue, key: string | number): CborValue {
	if (isTagged(value)) return field(value.value, key);
	return value instanceof Map ? value.get(key) : undefined;
}

/** A text value or undefined. */
export function text(value: CborValue): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** Lets JSON assertions be read with the same accessors as CBOR ones. */
export function jsonToCbor(value: unknown): CborValue {
	if (Array.isArray(value)) return value.map(jsonToCbor);
	if (value && typeof value === 'object') {
		const map = new Map<CborValue, CborValue>();
		for (const [key, entry] of Object.entries(value)) map.set(key, jsonToCbor(entry));
		return map;
	}
	return value as CborValue;
}
