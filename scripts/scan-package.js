#!/usr/bin/env node
'use strict';
// Runs the analysis of n8n's community package scanner (@n8n/scan-community-package) before
// publishing, for each published package (packages/<name>), on the two things the scanner checks
// after a release: the package's source tree (staged by scripts/stage-package-sources.js) and its
// packed tarball. The scanner's own command downloads a published version from npm, so this calls
// its analysis directly with the same file sets and config: the source leg lints package.json and
// nodes/ + credentials/ with the full rule set, inline eslint-disable comments ignored; the tarball
// leg lints the compiled .js and the published package.json.
//
// The scanner's provenance check needs a version published from CI with `npm publish --provenance`
// (.github/workflows/publish.yml); it cannot be run on a local tarball and is reported as skipped.
//
// Also checks that each tarball holds what a verifier expects (package.json, README.md, LICENSE.md,
// CHANGELOG.md and every node and credential file its package.json declares) and nothing else
// outside dist/ (no sources, tests, fixtures or bench).
//
// Usage: node scripts/scan-package.js [--no-build]   (exits 1 on any finding)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const { packageFolders } = require('./build-packages');
const { stagePackage } = require('./stage-package-sources');

const root = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
	if (result.status !== 0) {
		process.stdout.write(result.stdout || '');
		process.stderr.write(result.stderr || '');
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
	}
	return result.stdout;
}

function packAndExtract(folder, workDir) {
	// --ignore-scripts: the tarball is exactly what `npm publish` uploads after the build.
	const out = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], { cwd: folder });
	const [info] = JSON.parse(out);
	const tarball = path.join(workDir, info.filename);
	const extracted = path.join(workDir, 'package');
	fs.mkdirSync(extracted);
	run('tar', ['-xzf', tarball, '-C', extracted, '--strip-components=1']);
	return { tarball, extracted, files: info.files.map((file) => file.path) };
}

const TOP_LEVEL = new Set(['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md']);

function contentFindings(folder, packageFiles) {
	const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
	const required = [...TOP_LEVEL, ...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const missing = required.filter((file) => !packageFiles.includes(file)).map((file) => `missing from the tarball: ${file}`);
	const extra = packageFiles
		.filter((file) => !TOP_LEVEL.has(file) && !(file.startsWith('dist/') && /\.(js|json|svg|png)$/.test(file)))
		.map((file) => `not needed in the tarball: ${file}`);
	return [...missing, ...extra];
}

async function main() {
	const started = Date.now();
	if (!process.argv.includes('--no-build')) run(npm, ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });

	const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const scannerVersion = require('@n8n/scan-community-package/package.json').version;
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);

	console.log(`@n8n/scan-community-package ${scannerVersion} analysis (offline)`);
	let failed = false;
	for (const folder of packageFolders()) {
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trint-trustnxt-scan-'));
		try {
			const stage = stagePackage(folder);
			const pack = packAndExtract(folder, workDir);
			console.log(`${path.basename(folder)}:`);
			const legs = [
				{ name: 'source tree', dir: stage, patterns: SOURCE_FILE_PATTERNS },
				{ name: `tarball ${path.basename(pack.tarball)}`, dir: pack.extracted, patterns: ['**/*.js', 'package.json'] },
			];
			for (const leg of legs) {
				const result = await analyzePackage(leg.dir, leg.patterns);
				if (result.passed) {
					console.log(`  ✔ ${leg.name}: no findings (${leg.patterns.join(', ')})`);
				} else {
					failed = true;
					console.log(`  ✖ ${leg.name}: ${result.message}`);
					if (result.details) console.log(result.details);
				}
			}
			const findings = contentFindings(folder, pack.files);
			if (findings.length) {
				failed = true;
				for (const line of findings) console.log(`  ✖ ${line}`);
			} else {
				console.log(`  ✔ tarball contents: package.json, README.md, LICENSE.md, CHANGELOG.md, every declared node and credential, nothing else outside dist/ (${pack.files.length} files)`);
			}
		} finally {
			fs.rmSync(workDir, { recursive: true, force: true });
		}
	}
	console.log('  - provenance: not checked here; only `npm publish --provenance` from CI (.github/workflows/publish.yml) can give it');
	console.log(`${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
