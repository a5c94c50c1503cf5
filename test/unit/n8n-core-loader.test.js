'use strict';
// Each published package (packages/<name>, laid out by `npm run build`) loads with n8n-core's
// package loaders the way n8n loads an installed community package, without starting n8n, and
// alone: nothing outside its own folder is needed (shared code is compiled into each).
// - at start-up, n8n scans <nodes folder>/node_modules for n8n-nodes-* with
//   scanDirectoryForPackages (LazyPackageDirectoryLoader, falling back to a full load when the
//   package ships no prebuilt type index, as these do);
// - on install from Settings → Community Nodes, it loads the package with PackageDirectoryLoader.
// Both are run on each package folder (via a node_modules link for the scan). Classes are loaded
// in n8n's isolated vm context, not the test shortcut n8n-core takes when NODE_ENV is "test".
// Run after `npm run build`: the loaders read dist/ through package.json, like n8n.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { packageFolders } = require('../../scripts/build-packages');

const previousNodeEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
const { PackageDirectoryLoader, LazyPackageDirectoryLoader, scanDirectoryForPackages } = require('n8n-core');
const { NodeHelpers, injectDomainRestrictionFields } = require('n8n-workflow');
const { inTest } = require('@n8n/backend-common');
process.env.NODE_ENV = previousNodeEnv;

const PACKAGES = packageFolders().map((folder) => ({ folder, manifest: JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) }));
const nodesFolders = [];
const loaders = {};

beforeAll(async () => {
	for (const { folder, manifest } of PACKAGES) {
		const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter((file) => !fs.existsSync(path.join(folder, file)));
		if (missing.length) throw new Error(`not built: ${missing.join(', ')} missing in ${folder}; run \`npm run build\` first`);

		// Each package alone in its own nodes folder, as when only it is installed.
		const nodesFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-core-loader-'));
		nodesFolders.push(nodesFolder);
		fs.mkdirSync(path.join(nodesFolder, 'node_modules'));
		fs.symlinkSync(folder, path.join(nodesFolder, 'node_modules', manifest.name), 'dir');
		const scanned = await scanDirectoryForPackages(path.join(nodesFolder, 'node_modules'));
		expect(scanned.map((loader) => loader.packageName)).toEqual([manifest.name]);
		await scanned[0].loadAll();
		const install = new PackageDirectoryLoader(folder);
		await install.loadAll();
		loaders[manifest.name] = { startup: scanned[0], install };
	}
});

afterAll(() => {
	for (const folder of nodesFolders) fs.rmSync(folder, { recursive: true, force: true });
});

test('two packages, each declaring only its own service', () => {
	const byName = Object.fromEntries(PACKAGES.map(({ manifest }) => [manifest.name, manifest.n8n]));
	expect(Object.keys(byName).sort()).toEqual(['n8n-nodes-trint', 'n8n-nodes-trustnxt']);
	expect([...byName['n8n-nodes-trint'].nodes, ...byName['n8n-nodes-trint'].credentials].every((file) => /Trint/.test(file))).toBe(true);
	expect([...byName['n8n-nodes-trustnxt'].nodes, ...byName['n8n-nodes-trustnxt'].credentials].every((file) => /TrustNxt/.test(file))).toBe(true);
});

/** n8n serves `icons/<package>/<path>` from the package folder (LoadNodesAndCredentials.resolveIcon). */
function iconFile(loader, iconUrl) {
	const prefix = `icons/${loader.packageName}/`;
	expect(iconUrl.startsWith(prefix)).toBe(true);
	const file = path.resolve(loader.directory, iconUrl.slice(prefix.length));
	expect(file.startsWith(loader.directory + path.sep)).toBe(true);
	return file;
}

function iconUrls(iconUrl) {
	return typeof iconUrl === 'string' ? [iconUrl] : [iconUrl.light, iconUrl.dark];
}

const CASES = PACKAGES.flatMap(({ folder, manifest }) => ['startup', 'install'].map((which) => [manifest.name, which, folder, manifest]));

describe.each(CASES)('%s, %s load', (name, which, ROOT, PACKAGE) => {
	const loader = () => loaders[name][which];

	test('the loader n8n uses for this path, on the package folder', () => {
		expect(inTest).toBe(false); // classes were loaded in n8n's vm context
		expect(loader()).toBeInstanceOf(which === 'startup' ? LazyPackageDirectoryLoader : PackageDirectoryLoader);
		expect(loader().isLazyLoaded).toBe(false); // no prebuilt type index: every class was loaded
		expect(loader().directory).toBe(fs.realpathSync(ROOT));
		expect(loader().packageName).toBe(PACKAGE.name);
	});

	test('every node and credential package.json declares is loaded, from that file', () => {
		const nodeFiles = Object.values(loader().known.nodes).map((node) => node.sourcePath);
		expect(nodeFiles.sort()).toEqual([...PACKAGE.n8n.nodes].sort());
		expect(loader().loadedNodes).toHaveLength(PACKAGE.n8n.nodes.length);
		const credentialFiles = Object.values(loader().known.credentials).map((credential) => credential.sourcePath);
		expect(credentialFiles.sort()).toEqual([...PACKAGE.n8n.credentials].sort());
		expect(loader().types.credentials).toHaveLength(PACKAGE.n8n.credentials.length);
		// Each file's class is the one its name says (n8n instantiates `<Name>` from `<Name>.node.js`).
		for (const [type, { className, sourcePath }] of Object.entries(loader().known.nodes)) {
			expect(path.basename(sourcePath)).toBe(`${className}.node.js`);
			expect(loader().getNode(type).type.description.name).toBe(type);
		}
	});

	test('descriptions validate and give default parameters for every version', () => {
		expect(loader().types.nodes.length).toBeGreaterThanOrEqual(PACKAGE.n8n.nodes.length);
		for (const description of loader().types.nodes) {
			expect(description.communityNodePackageVersion).toBe(PACKAGE.version);
			expect(description.displayName).toEqual(expect.any(String));
			expect(description.properties.length).toBeGreaterThan(0);
			const versions = Array.isArray(description.version) ? description.version : [description.version];
			for (const typeVersion of versions) {
				const parameters = NodeHelpers.getNodeParameters(description.properties, {}, true, false, { typeVersion }, description);
				expect(parameters).toEqual(expect.any(Object));
			}
		}
		for (const credential of loader().types.credentials) {
			expect(() => injectDomainRestrictionFields(credential)).not.toThrow();
		}
	});

	test('icons resolve to files inside the package, light and dark', () => {
		const owners = [...loader().types.nodes, ...loader().types.credentials];
		for (const owner of owners) {
			expect(owner.iconUrl).toBeDefined();
			const urls = iconUrls(owner.iconUrl);
			expect(urls).toHaveLength(2);
			for (const url of urls) expect(fs.statSync(iconFile(loader(), url)).size).toBeGreaterThan(0);
		}
	});

	test('codex data from each *.node.json is attached', () => {
		for (const [type, { sourcePath }] of Object.entries(loader().known.nodes)) {
			const codexFile = JSON.parse(fs.readFileSync(path.join(ROOT, `${sourcePath}on`), 'utf8'));
			const { codex } = loader().getNode(type).type.description;
			expect(codexFile.node).toBe(`${PACKAGE.name}.${type}`);
			expect(codex.categories).toEqual(codexFile.categories);
			expect(codex.resources.primaryDocumentation).toEqual(codexFile.resources.primaryDocumentation);
			expect(codex.resources.credentialDocumentation).toEqual(codexFile.resources.credentialDocumentation);
		}
	});

	test('each credential maps to the nodes that use it', () => {
		const nodeTypes = Object.keys(loader().known.nodes);
		const users = {};
		for (const description of loader().types.nodes) {
			for (const { name } of description.credentials ?? []) (users[name] ??= new Set()).add(description.name);
		}
		// No node asks for a credential the package does not ship.
		expect(Object.keys(users).sort()).toEqual(Object.keys(loader().known.credentials).sort());
		for (const credential of loader().types.credentials) {
			expect(credential.supportedNodes.length).toBeGreaterThan(0);
			expect([...credential.supportedNodes].sort()).toEqual([...users[credential.name]].sort());
			expect(credential.supportedNodes.every((node) => nodeTypes.includes(node))).toBe(true);
			expect(loader().known.credentials[credential.name].supportedNodes).toEqual(credential.supportedNodes);
		}
	});
});
