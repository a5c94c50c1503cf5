/**
 * Incremental SHA-256 (FIPS 180-4), written here because shipped code may import nothing but
 * `n8n-workflow`: n8n Cloud's rules keep community nodes away from Node built-ins such as
 * `crypto`. Bytes are fed as they stream past (an upload, a download), so a file of any size is
 * hashed in constant memory and without reading it a second time.
 *
 * Correctness is checked against node:crypto in test/unit/sha256.test.js, including feeds split
 * at every awkward offset. Speed is a few hundred MB/s in V8, well above what the network gives.
 */

/** The 64 round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const ROUND_CONSTANTS = new Int32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const INITIAL_STATE = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const BLOCK_BYTES = 64;

export class Sha256 {
	private readonly state = new Int32Array(INITIAL_STATE);

	/** Message schedule, reused for every block so hashing allocates nothing per chunk. */
	private readonly schedule = new Int32Array(64);

	/** Bytes of an incomplete block, kept until the next update fills it. */
	private readonly pending = new Uint8Array(BLOCK_BYTES);

	private pendingLength = 0;

	private totalBytes = 0;

	private finished = false;

	/** How many bytes have been fed so far. */
	get length(): number {
		return this.totalBytes;
	}

	/** Feeds more bytes; may be called any number of times with chunks of any size. */
	update(data: Uint8Array): this {
		if (this.finished) throw new Error('SHA-256: update() after digest()');
		let offset = 0;
		const size = data.length;
		this.totalBytes += size;
		// Top up a partial block first.
		if (this.pendingLength > 0) {
			const take = Math.min(BLOCK_BYTES - this.pendingLength, size);
			this.pending.set(data.subarray(0, take), this.pendingLength);
			this.pendingLength += take;
			offset = take;
			if (this.pendingLength < BLOCK_BYTES) return this;
			this.compress(this.pending, 0);
			this.pendingLength = 0;
		}
		// Whole blocks straight from the caller's bytes: no copy.
		while (size - offset >= BLOCK_BYTES) {
			this.compress(data, offset);
			offset += BLOCK_BYTES;
		}
		if (offset < size) {
			this.pending.set(data.subarray(offset), 0);
			this.pendingLength = size - offset;
		}
		return this;
	}

	/** Finishes the hash and returns its 32 bytes. The instance cannot be fed afterwards. */
	digest(): Uint8Array {
		if (this.finished) throw new Error('SHA-256: digest() called twice');
		this.finished = true;
		// Padding: one 0x80 byte, zeros up to 56 mod 64, then the message length in bits as a
		// 64-bit big-endian number. Lengths beyond 2^53 bytes cannot occur in practice.
		const bitsHigh = Math.floor(this.totalBytes / 0x20000000);
		const bitsLow = (this.totalBytes * 8) >>> 0;
		const block = this.pending;
		let used = this.pendingLength;
		block[used++] = 0x80;
		if (used > 56) {
			block.fill(0, used);
			this.compress(block, 0);
			used = 0;
		}
		block.fill(0, used, 56);
		writeUint32(block, 56, bitsHigh);
		writeUint32(block, 60, bitsLow);
		this.compress(block, 0);

		const out = new Uint8Array(32);
		for (let i = 0; i < 8; i++) writeUint32(out, i * 4, this.state[i]);
		return out;
	}

	/** Finishes the hash and returns it as 64 lower-case hex digits. */
	hex(): string {
		const bytes = this.digest();
		let text = '';
		for (let i = 0; i < bytes.length; i++) text += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
		return text;
	}

	/** One 64-byte block starting at `offset`. Int32 arithmetic (`| 0`) keeps V8 on its fast path. */
	private compress(bytes: Uint8Array, offset: number): void {
		const w = this.schedule;
		for (let i = 0; i < 16; i++) {
			const at = offset + i * 4;
			w[i] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
		}
		for (let i = 16; i < 64; i++) {
			const x = w[i - 15];
			const y = w[i - 2];
			const sigma0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
			const sigma1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
			w[i] = (w[i - 16] + sigma0 + w[i - 7] + sigma1) | 0;
		}

		const s = this.state;
		let a = s[0];
		let b = s[1];
		let c = s[2];
		let d = s[3];
		let e = s[4];
		let f = s[5];
		let g = s[6];
		let h = s[7];
		for (let i = 0; i < 64; i++) {
			const bigSigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
			const choose = (e & f) ^ (~e & g);
			const t1 = (h + bigSigma1 + choose + ROUND_CONSTANTS[i] + w[i]) | 0;
			const bigSigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
			const majority = (a & b) ^ (a & c) ^ (b & c);
			const t2 = (bigSigma0 + majority) | 0;
			h = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = b;
			b = a;
			a = (t1 + t2) | 0;
		}
		s[0] = (s[0] + a) | 0;
		s[1] = (s[1] + b) | 0;
		s[2] = (s[2] + c) | 0;
		s[3] = (s[3] + d) | 0;
		s[4] = (s[4] + e) | 0;
		s[5] = (s[5] + f) | 0;
		s[6] = (s[6] + g) | 0;
		s[7] = (s[7] + h) | 0;
	}
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
	target[offset] = (value >>> 24) & 0xff;
	target[offset + 1] = (value >>> 16) & 0xff;
	target[offset + 2] = (value >>> 8) & 0xff;
	target[offset + 3] = value & 0xff;
}

/** SHA-256 of bytes already in memory, as hex. */
export function sha256Hex(data: Uint8Array): string {
	return new Sha256().update(data).hex();
}
