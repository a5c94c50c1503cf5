'use strict';
// What the browser suite drives: a real n8n (the packed tarball, `n8n start`) with the mock Trint
// and TrustNXT APIs, the sandbox credentials, the examples/ workflows and Shared Drives and folders
// to pick from, as `npm start` offers them; and Debian's Chromium through playwright-core.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, sandboxCredentials, DEFAULT_OWNER } = require('../harness');
const { startTrintMock, TRINT_FIXTURES } = require('../../mocks/trint-mock');
const { startTrustNxtMock } = require('../../mocks/trustnxt-mock');

const REPO = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES = path.join(REPO, 'examples');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Debian's Chromium, installed by scripts/ensure-chromium.sh when missing. Returns its path. */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	execFileSync('bash', [path.join(REPO, 'scripts', 'ensure-chromium.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60 * 1000 });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`scripts/ensure-chromium.sh ran but ${CHROMIUM} is still missing`);
	return CHROMIUM;
}

/** Examples as the sandbox imports them: each with an id, sandbox file paths pointed at `files`. */
function readExamples(files) {
	const list = [];
	for (const file of fs.readdirSync(EXAMPLES).filter((name) => name.endsWith('.json')).sort()) {
		const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8').split('__SANDBOX_FILES__').join(files);
		const parsed = JSON.parse(text);
		for (const [index, workflow] of (Array.isArray(parsed) ? parsed : [parsed]).entries()) {
			const id = workflow.id || `ex${crypto.createHash('sha1').update(`${file}#${index}`).digest('hex').slice(0, 14)}`;
			list.push({ file, workflow: { ...workflow, id, active: false } });
		}
	}
	return list;
}

/**
 * Starts the mocks and n8n. Returns `{ n8n, trint, tnxt, examples, drives, folders, files, owner,
 * badCredentials, close() }`.
 */
async function startEditorEnvironment({ port } = {}) {
	const trint = await startTrintMock({ port: 0, processingMs: 0 });
	const tnxt = await startTrustNxtMock({ port: 0 });
	trint.seedTranscripts(25);
	const drives = [trint.addSharedDrive({ name: 'Newsroom' }), trint.addSharedDrive({ name: 'Podcast team' })];
	const folders = [
		trint.addFolder({ name: 'Interviews', workspaceId: drives[0]._id }),
		trint.addFolder({ name: 'Press conferences', workspaceId: drives[0]._id }),
		trint.addFolder({ name: 'Season 1', workspaceId: drives[1]._id }),
	];
	trint.seedTranscripts(3, { workspaceId: drives[0]._id, folderId: folders[0]._id, titlePrefix: 'Newsroom interview ' });
	const files = fs.mkdtempSync(path.join(os.tmpdir(), 'editor-files-'));
	fs.writeFileSync(path.join(files, 'interview.mp3'), Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64 * 1024, 7)]));
	const examples = readExamples(files);
	const credentials = sandboxCredentials({ trintOrigin: trint.origin, trustnxtOrigin: tnxt.origin });
	// Bad keys for each credential type, to see the failure a user gets in the credential modal.
	const custom = { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin };
	const badCredentials = [
		{ id: 'badTrintKeySecret', name: 'Trint wrong key', type: 'trintApi', data: { ...custom, keyId: TRINT_FIXTURES.keyId, keySecret: 'not-the-secret' } },
		{ id: 'badTrintLegacyKey', name: 'Trint wrong legacy key', type: 'trintLegacyApi', data: { ...custom, apiKey: 'not-a-valid-legacy-key' } },
		{ id: 'badTrustNxtKey001', name: 'TrustNXT wrong key', type: 'trustNxtApi', data: { apiKey: 'wrong-key', apiSecret: 'wrong-secret', baseUrl: tnxt.origin } },
	];
	let n8n;
	try {
		n8n = await N8nInstance.create({ tarball: await packPack(), binaryDataMode: null, env: { N8N_RESTRICT_FILE_ACCESS_TO: files } });
		// As the sandbox does: the Key ID & Secret credential is imported last (n8n gives new nodes
		// the most recently updated credential of the types their Authentication field offers).
		await n8n.importCredentials([...badCredentials, ...credentials.filter((credential) => credential.type !== 'trintApi')]);
		await n8n.importCredentials(credentials.filter((credential) => credential.type === 'trintApi'));
		await n8n.importWorkflows(examples.map(({ workflow }) => workflow));
		await n8n.start({ port });
		const owner = await n8n.setupOwner();
		return {
			n8n,
			trint,
			tnxt,
			examples,
			drives,
			folders,
			files,
			owner: { ...DEFAULT_OWNER, ...owner },
			credentials,
			badCredentials,
			async close() {
				await n8n.destroy();
				await trint.close();
				await tnxt.close();
				fs.rmSync(files, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await n8n?.destroy();
		await trint.close();
		await tnxt.close();
		throw error;
	}
}

/** Chromium with a fresh profile; `close()` also removes the profile. */
async function launchBrowser() {
	const { chromium } = require('playwright-core');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'editor-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: ensureChromium(),
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
		timeout: 120 * 1000,
	});
	// The editor reaches out (for example to the npm registry for a community node's details);
	// the suite keeps every request on this machine.
	await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
	return {
		context,
		async close() {
			await context.close().catch(() => {});
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

module.exports = { startEditorEnvironment, launchBrowser, ensureChromium, CHROMIUM_ARGS };
