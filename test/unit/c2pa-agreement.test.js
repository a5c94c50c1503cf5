'use strict';
// Agreement with the reference implementation: the pack's local reader and c2pa-rs (through
// @contentauth/c2pa-wasm) read every shared fixture and files this test signs itself in every
// container (JPEG, PNG, HEIC, MP4, MP3, WAV, WebP) with the public test signer. Presence,
// manifest count, active manifest label, claim generator, title and signer must agree on every
// file. The table of files × fields is printed and written to <tmpdir>/c2pa-agreement.md.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { readContentCredentials, bufferSource } = require('../../dist/nodes/TrustNxt/c2pa');
const b = require('../helpers/c2pa-build');

const ORACLE = path.resolve(__dirname, '../helpers/c2pa-oracle.mjs');
const FORMATS = { jpg: 'image/jpeg', png: 'image/png', heic: 'image/heic', avif: 'image/avif', mp4: 'video/mp4', mp3: 'audio/mpeg', wav: 'audio/wav', webp: 'image/webp' };
const FIELDS = ['present', 'manifestCount', 'activeLabel', 'claimGenerator', 'title', 'signer'];

function runOracle(job) {
	const result = spawnSync(process.execPath, [ORACLE], { input: JSON.stringify(job), maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`reference reader failed: ${result.stderr}`);
	return JSON.parse(result.stdout);
}

/** c2pa-rs reports `claim_generator` for v1 claims, else the first claim_generator_info entry. */
function referenceGenerator(entry) {
	if (entry.claimGenerator) return entry.claimGenerator;
	const first = Array.isArray(entry.claimGeneratorInfo) ? entry.claimGeneratorInfo[0] : entry.claimGeneratorInfo;
	if (!first?.name) return null;
	return first.version ? `${first.name}/${first.version}` : first.name;
}

function fieldsOfReference(entry) {
	if (!entry.found) return { present: false, manifestCount: 0, activeLabel: null, claimGenerator: null, title: null, signer: null };
	return {
		present: true,
		manifestCount: entry.manifestCount,
		activeLabel: entry.activeLabel,
		claimGenerator: referenceGenerator(entry),
		title: entry.title,
		signer: entry.signerIssuer || entry.signerCommonName ? `${entry.signerIssuer} / ${entry.signerCommonName}` : null,
	};
}

function fieldsOfLocal(report) {
	if (report.manifestLocation !== 'embedded') return { present: false, manifestCount: 0, activeLabel: null, claimGenerator: null, title: null, signer: null };
	return {
		present: true,
		manifestCount: report.manifestCount,
		activeLabel: report.activeManifest ?? null,
		claimGenerator: report.claimGenerator ?? null,
		title: report.title ?? null,
		signer: report.signerIssuer || report.signerCommonName ? `${report.signerIssuer} / ${report.signerCommonName}` : null,
	};
}

const rows = [];
let workDir;

beforeAll(async () => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2pa-agreement-'));
	// Base files without a manifest, one per container; WAV is made here (no fixture has one).
	fs.writeFileSync(path.join(workDir, 'base.wav'), b.wav(4000));
	const bases = [
		['jpg', path.join(b.FIXTURES, 'without-manifest/c2pa-rs-IMG_0003.jpg')],
		['png', path.join(b.FIXTURES, 'without-manifest/c2pa-ts-trustnxt-icon.png')],
		['heic', path.join(b.FIXTURES, 'without-manifest/c2pa-ts-trustnxt-icon.heic')],
		['mp4', path.join(b.FIXTURES, 'without-manifest/c2pa-ts-test-video.mp4')],
		['mp3', path.join(b.FIXTURES, 'without-manifest/c2pa-ts-sample1.mp3')],
		['wav', path.join(workDir, 'base.wav')],
		['webp', path.join(b.FIXTURES, 'without-manifest/c2pa-rs-sample1.webp')],
	];
	const sign = bases.map(([ext, input], index) => ({
		input,
		output: path.join(workDir, `signed-${ext}.${ext}`),
		format: FORMATS[ext],
		title: `agreement ${ext} file`,
		claimGenerator: `n8n-nodes-trint-trustnxt-test-${ext}`,
		aiGenerated: index % 2 === 0,
	}));
	// A second manifest on top of a signed JPEG: the active one must be the newest.
	const signed = runOracle({ sign }).signed;
	const failures = signed.filter((entry) => entry.error);
	if (failures.length) throw new Error(`signing failed: ${JSON.stringify(failures)}`);
	const resign = runOracle({ sign: [{ input: path.join(workDir, 'signed-jpg.jpg'), output: path.join(workDir, 'resigned-jpg.jpg'), format: 'image/jpeg', title: 'second edit', claimGenerator: 'n8n-nodes-trint-trustnxt-test-edit', aiGenerated: false, parent: true }] }).signed;
	if (resign[0].error) throw new Error(`re-signing failed: ${resign[0].error}`);

	const files = [];
	for (const folder of ['with-manifest', 'without-manifest', 'malformed']) {
		for (const name of fs.readdirSync(path.join(b.FIXTURES, folder)).sort()) files.push({ label: `${folder}/${name}`, file: path.join(b.FIXTURES, folder, name) });
	}
	for (const name of fs.readdirSync(workDir).filter((n) => n.startsWith('signed-') || n.startsWith('resigned-')).sort()) files.push({ label: `signed here/${name}`, file: path.join(workDir, name) });

	const reference = runOracle({ read: files.map(({ file }) => ({ path: file, format: FORMATS[path.extname(file).slice(1)] })) }).read;
	for (let index = 0; index < files.length; index++) {
		const local = await readContentCredentials(bufferSource(fs.readFileSync(files[index].file)));
		rows.push({ label: files[index].label, local: fieldsOfLocal(local), reference: fieldsOfReference(reference[index]), raw: local });
	}

	const table = {};
	for (const row of rows) {
		table[row.label] = Object.fromEntries(FIELDS.map((field) => [field, JSON.stringify(row.local[field]) === JSON.stringify(row.reference[field]) ? 'agree' : `DIFFER: ${row.local[field]} vs ${row.reference[field]}`]));
	}
	console.table(table);
	const markdown = [
		`| file | ${FIELDS.join(' | ')} | local reader: location, generator, signer |`,
		`|---|${FIELDS.map(() => '---').join('|')}|---|`,
		...rows.map((row) => `| ${row.label} | ${FIELDS.map((field) => table[row.label][field]).join(' | ')} | ${row.raw.manifestLocation}${row.raw.readError ? ' (could not read)' : ''}, ${row.local.claimGenerator ?? '–'}, ${row.local.signer ?? '–'} |`),
	].join('\n');
	fs.writeFileSync(path.join(os.tmpdir(), 'c2pa-agreement.md'), `${markdown}\n`);
}, 180_000);

afterAll(() => {
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('every fixture and every container is in the table', () => {
	expect(rows.length).toBe(fs.readdirSync(path.join(b.FIXTURES, 'with-manifest')).length + fs.readdirSync(path.join(b.FIXTURES, 'without-manifest')).length + fs.readdirSync(path.join(b.FIXTURES, 'malformed')).length + 8);
	for (const ext of ['jpg', 'png', 'heic', 'mp4', 'mp3', 'wav', 'webp']) {
		const row = rows.find((entry) => entry.label === `signed here/signed-${ext}.${ext}`);
		expect([ext, row.reference.present, row.local.present]).toEqual([ext, true, true]);
		expect(row.local.signer).toBe('C2PA Test Signing Cert / C2PA Signer');
	}
	const resigned = rows.find((entry) => entry.label === 'signed here/resigned-jpg.jpg');
	expect(resigned.local.manifestCount).toBe(2);
	expect(resigned.raw.ingredientCount).toBe(1);
	expect(resigned.local.claimGenerator).toBe('n8n-nodes-trint-trustnxt-test-edit/1.0.0');
});

test.each(FIELDS)('the local reader and c2pa-rs agree on "%s" for every file', (field) => {
	const disagreements = rows.filter((row) => JSON.stringify(row.local[field]) !== JSON.stringify(row.reference[field])).map((row) => ({ file: row.label, local: row.local[field], reference: row.reference[field] }));
	expect(disagreements).toEqual([]);
});

test('AI generation declared at signing is read back', () => {
	for (const ext of ['jpg', 'heic', 'mp3', 'webp']) expect([ext, rows.find((row) => row.label === `signed here/signed-${ext}.${ext}`).raw.declaresAiGeneration]).toEqual([ext, true]);
	for (const ext of ['png', 'mp4', 'wav']) expect([ext, rows.find((row) => row.label === `signed here/signed-${ext}.${ext}`).raw.declaresAiGeneration]).toEqual([ext, false]);
});

test('damaged stores: wherever a bit flip makes the local reader say "none", c2pa-rs finds no store either', async () => {
	// A skipped Inspect rests on "none", so "none" must never be said of a file c2pa-rs would see a
	// store in (even a broken one): the local reader answers "could not read" for those.
	let state = 2024;
	const random = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const originals = ['jpg', 'png', 'mp4', 'mp3', 'wav'].map((ext) => ({ ext, bytes: fs.readFileSync(path.join(workDir, `signed-${ext}.${ext}`)) }));
	const flipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2pa-flips-'));
	const saidNone = [];
	const outcomes = {};
	for (let round = 0; round < 4000; round++) {
		const { ext, bytes: original } = originals[round % originals.length];
		const bytes = Buffer.from(original);
		const flips = 1 + Math.floor(random() * 4);
		for (let flip = 0; flip < flips; flip++) {
			const at = Math.floor(random() * Math.min(bytes.length, 64 * 1024));
			bytes[at] ^= 1 << Math.floor(random() * 8);
		}
		const report = await readContentCredentials(bufferSource(bytes));
		const key = report.readError ? `${report.manifestLocation}+readError` : report.manifestLocation;
		outcomes[key] = (outcomes[key] ?? 0) + 1;
		if (report.manifestLocation === 'none') {
			const file = path.join(flipDir, `flip-${round}.${ext}`);
			fs.writeFileSync(file, bytes);
			saidNone.push({ path: file, format: FORMATS[ext] });
		}
	}
	console.log(`bit flips: ${JSON.stringify(outcomes)}; checked ${saidNone.length} "none" answers with c2pa-rs`);
	const reference = saidNone.length ? runOracle({ read: saidNone }).read : [];
	fs.rmSync(flipDir, { recursive: true, force: true });
	const disagreements = reference.filter((entry) => entry.found || !/JumbfNotFound/.test(entry.error)).map((entry) => ({ file: path.basename(entry.path), reference: entry.found ? 'found' : entry.error }));
	expect(disagreements).toEqual([]);
}, 120_000);
