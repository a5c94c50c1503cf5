'use strict';
// The pack's own SHA-256 (shipped code may not import crypto) against node:crypto: fixed vectors,
// every length around the padding boundaries, random inputs fed in random chunk sizes, and a
// large multi-chunk feed like a streamed upload.
const crypto = require('node:crypto');
const { Sha256, sha256Hex } = require('../../dist/nodes/shared/sha256');

const reference = (data) => crypto.createHash('sha256').update(data).digest('hex');

/** A deterministic generator so a failure can be replayed from its seed. */
function prng(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('SHA-256', () => {
	test('known vectors (FIPS 180-4 examples)', () => {
		expect(sha256Hex(Buffer.alloc(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(sha256Hex(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
			'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
		);
		expect(sha256Hex(Buffer.alloc(1000000, 0x61))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
	});

	test('every length from 0 to 300 bytes (all padding cases) matches node:crypto', () => {
		const data = crypto.randomBytes(300);
		for (let length = 0; length <= 300; length++) {
			const slice = data.subarray(0, length);
			expect(sha256Hex(slice)).toBe(reference(slice));
		}
	});

	test('random inputs fed in random chunks match node:crypto, whatever the split', () => {
		const random = prng(20261123);
		for (let round = 0; round < 200; round++) {
			const length = Math.floor(random() * 5000);
			const data = crypto.randomBytes(length);
			const hash = new Sha256();
			let offset = 0;
			while (offset < length) {
				// Mostly small and odd-sized chunks, sometimes empty, sometimes whole blocks.
				const pick = random();
				const size = pick < 0.1 ? 0 : pick < 0.2 ? 64 : Math.ceil(random() * 200);
				hash.update(data.subarray(offset, offset + size));
				offset += size;
			}
			expect(hash.length).toBe(length);
			expect(hash.hex()).toBe(reference(data));
		}
	});

	test('a large file streamed in 64 KiB chunks (plus a ragged tail) matches node:crypto', () => {
		const data = crypto.randomBytes(8 * 1024 * 1024 + 12345);
		const hash = new Sha256();
		for (let offset = 0; offset < data.length; offset += 65536) hash.update(data.subarray(offset, offset + 65536));
		expect(hash.hex()).toBe(reference(data));
	});

	test('hashes a view into a larger buffer by its own bytes only', () => {
		const pool = crypto.randomBytes(1000);
		const view = new Uint8Array(pool.buffer, pool.byteOffset + 17, 333);
		expect(sha256Hex(view)).toBe(reference(Buffer.from(view)));
	});

	test('refuses to be fed or finished twice after digest()', () => {
		const hash = new Sha256().update(Buffer.from('x'));
		hash.digest();
		expect(() => hash.update(Buffer.from('y'))).toThrow(/after digest/);
		expect(() => hash.digest()).toThrow(/twice/);
	});

	test('is fast enough to hash while streaming (at least 20 MB/s)', () => {
		const data = crypto.randomBytes(32 * 1024 * 1024);
		const started = process.hrtime.bigint();
		sha256Hex(data);
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		expect(data.length / seconds / 1e6).toBeGreaterThan(20);
	});
});
