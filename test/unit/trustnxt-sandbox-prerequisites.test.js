'use strict';
// `npm start` checks what the sandbox's mock TrustNXT needs (the C2PA test signer, c2pa-rs's
// WebAssembly build) before anything else, and stops with a list of what is missing instead of
// saying "ready" with a Protect that cannot work. No n8n is started here: with the signer
// missing, scripts/sandbox.js must stop before it looks for the n8n runtime.
const { execFile } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { missingPrerequisites, SIGNER_DIR } = require('../mocks/c2pa');

const SANDBOX = path.resolve(__dirname, '../../scripts/sandbox.js');
const dirs = [];
const tempDir = () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-prereq-'));
	dirs.push(dir);
	return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test('the signer shipped in the repository is complete: nothing is missing', () => {
	expect(SIGNER_DIR).toBe(path.resolve(__dirname, '../fixtures/c2pa/test-signer'));
	expect(missingPrerequisites()).toEqual([]);
});

test('a folder without the signer: both files are named, with their paths', () => {
	const dir = tempDir();
	expect(missingPrerequisites({ signerDir: dir })).toEqual([
		`the C2PA test signer's certificate chain ${path.join(dir, 'c2pa-ts-sample_es256.pem')} (no such file)`,
		`the C2PA test signer's private key ${path.join(dir, 'c2pa-ts-sample_es256.key')} (no such file)`,
	]);
});

test('files that are there but hold no PEM are named too', () => {
	const dir = tempDir();
	fs.copyFileSync(path.join(SIGNER_DIR, 'c2pa-ts-sample_es256.pem'), path.join(dir, 'c2pa-ts-sample_es256.pem'));
	fs.writeFileSync(path.join(dir, 'c2pa-ts-sample_es256.key'), 'version https://git-lfs.github.com/spec/v1\n');
	expect(missingPrerequisites({ signerDir: dir })).toEqual([`the C2PA test signer's private key ${path.join(dir, 'c2pa-ts-sample_es256.key')} (the file holds no PEM private key)`]);
});

test('npm start with the signer missing: says what is missing, exits non-zero, never says ready', async () => {
	const dir = tempDir();
	// The sandbox's n8n port is taken: should the check not stop the script first, it stops on the
	// port instead of starting anything.
	const busy = net.createServer();
	await new Promise((resolve) => busy.listen(0, '127.0.0.1', resolve));
	let result;
	try {
		result = await new Promise((resolve) => {
			execFile(process.execPath, [SANDBOX], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, C2PA_TEST_SIGNER_DIR: dir, SANDBOX_PORT: String(busy.address().port) } }, (error, stdout, stderr) =>
				resolve({ status: error ? error.code : 0, stdout, stderr }),
			);
		});
	} finally {
		busy.close();
	}
	const output = `${result.stdout}${result.stderr}`;
	expect(result.status).toBe(1);
	expect(output).toContain(`the C2PA test signer's certificate chain ${path.join(dir, 'c2pa-ts-sample_es256.pem')} (no such file)`);
	expect(output).toContain(`the C2PA test signer's private key ${path.join(dir, 'c2pa-ts-sample_es256.key')} (no such file)`);
	expect(output).not.toMatch(/ready|checking the n8n runtime/);
});
