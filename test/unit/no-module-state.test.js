'use strict';
// "Nothing in the pack keeps state outside n8n's static data": in queue mode each execution may
// run on a different worker, and a worker runs many workflows, so anything a node remembers in
// its module (a counter, a cache of tokens, a "last seen" list) would be lost, split between
// processes, or leak between workflows. What must survive between executions goes in the
// workflow's static data (the triggers' registration, the poller's seen transcripts).
//
// This reads the compiled dist/ with TypeScript's parser and looks at every module-level binding:
// - `let`/`var` at module level (other than TypeScript's emitted helpers and `var x = require()`
//   imports) are state;
// - a module-level `const` that is reassigned, assigned into (`X.a = `, `X[k] = `), or mutated by
//   a method (`add`, `set`, `push`, `delete`, ...) anywhere in its file is state;
// - writes to globalThis/global/process.env are state.
// The one accepted exception is a WeakMap keyed by the execution context object (ALLOWED below):
// an entry lives exactly as long as that node run's context, so it is a per-run cache, never
// shared between executions, workflows or processes.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const TS_HELPERS = new Set(['__createBinding', '__setModuleDefault', '__importStar', '__importDefault', '__exportStar', '__decorate', '__metadata', '__awaiter', '__rest', '__spreadArray', '__assign']);
const MUTATORS = new Set(['add', 'set', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
/** file (relative to dist) → binding → why it is not state shared between executions. */
const ALLOWED = {
	'nodes/shared/client.js': { connections: 'WeakMap keyed by the node run\'s context: the per-run connection cache of both APIs, gone with the run' },
	'nodes/Trint/actions/transcript/upload.operation.js': { folderLists: 'WeakMap keyed by the node run\'s context: the folder lists read in this run, gone with the run' },
	'nodes/Trint/actions/transcript/getMany.operation.js': { warnedFolders: 'WeakMap keyed by the node run\'s context: the folders this run already warned about, gone with the run' },
	'nodes/shared/rateLimits.js': { rateLimitsMet: 'WeakMap keyed by the node run\'s context: the 429s this run met, gone with the run' },
	'nodes/TrustNxt/actions/asset/verifyContentCredentials.operation.js': { perRun: 'WeakMap keyed by the node run\'s context: certificates parsed in this run, gone with the run' },
};

function jsFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return jsFiles(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

/** The module-level state of one compiled file: [{ name, why }]. */
function moduleState(file) {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
	const findings = [];
	const constants = new Map(); // name → initializer kind
	for (const statement of source.statements) {
		if (!ts.isVariableStatement(statement)) continue;
		const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
		for (const declaration of statement.declarationList.declarations) {
			if (!ts.isIdentifier(declaration.name)) continue;
			const name = declaration.name.text;
			if (TS_HELPERS.has(name)) continue;
			// TypeScript emits re-exports as `var x_1 = require(...)`: an import, not state (writes
			// to it are still caught below).
			const isImport = declaration.initializer && ts.isCallExpression(declaration.initializer) && declaration.initializer.expression.getText() === 'require';
			if (!isConst && !isImport) findings.push({ name, why: 'module-level let/var' });
			else constants.set(name, declaration.initializer ? ts.SyntaxKind[declaration.initializer.kind] : 'none');
		}
	}
	const rootOf = (node) => {
		while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = node.expression;
		return node;
	};
	const isAssignment = (node) =>
		ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
	// Module-level names shadowed inside a function would be someone else's variable; the compiled
	// code is small enough that any shadowing shows up as a finding to look at, not a miss.
	const visit = (node) => {
		let target;
		if (isAssignment(node)) target = node.left;
		else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(node.operator)) target = node.operand;
		else if (ts.isDeleteExpression(node)) target = node.expression;
		if (target) {
			const root = rootOf(target);
			if (ts.isIdentifier(root) && constants.has(root.text)) findings.push({ name: root.text, why: `written: ${node.getText().slice(0, 80)}` });
			const text = target.getText();
			if (/^(globalThis|global)\b|^process\.env\b/.test(text)) findings.push({ name: text, why: `global written: ${node.getText().slice(0, 80)}` });
		}
		if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATORS.has(node.expression.name.text)) {
			const root = rootOf(node.expression.expression);
			if (ts.isIdentifier(root) && constants.has(root.text)) findings.push({ name: root.text, why: `mutated: ${node.getText().slice(0, 80)}` });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	// One finding per binding is enough.
	const seen = new Set();
	return findings.filter((finding) => !seen.has(finding.name) && seen.add(finding.name));
}

describe('no state kept in the pack\'s modules', () => {
	const files = [...jsFiles(path.join(DIST, 'nodes')), ...jsFiles(path.join(DIST, 'credentials'))];

	test('dist/ has been built', () => {
		expect(files.length).toBeGreaterThan(10);
	});

	test('no module-level let/var, no mutated module-level constant, no global written (except per-run WeakMaps)', () => {
		const problems = [];
		const allowedSeen = [];
		for (const file of files) {
			const relative = path.relative(DIST, file).split(path.sep).join('/');
			for (const finding of moduleState(file)) {
				if (ALLOWED[relative]?.[finding.name]) allowedSeen.push(`${relative}:${finding.name}`);
				else problems.push(`${relative}: ${finding.name} (${finding.why})`);
			}
		}
		expect(problems).toEqual([]);
		// The allow-list must not go stale: every entry is still there, and is a WeakMap.
		for (const [relative, names] of Object.entries(ALLOWED)) {
			const text = fs.readFileSync(path.join(DIST, relative), 'utf8');
			for (const name of Object.keys(names)) {
				expect(text).toMatch(new RegExp(`^const ${name} = new WeakMap\\(\\);$`, 'm'));
				expect(allowedSeen).toContain(`${relative}:${name}`);
			}
		}
	});

	test('the WeakMap caches are only ever keyed by the context of the node run', () => {
		for (const [relative, bindings] of Object.entries(ALLOWED)) {
			const text = fs.readFileSync(path.join(DIST, relative), 'utf8');
			for (const name of Object.keys(bindings)) {
				const uses = text.match(new RegExp(`\\b${name}\\.(get|set|has|delete)\\(([^,)]+)`, 'g')) || [];
				expect(uses.length).toBeGreaterThan(0);
				for (const use of uses) expect(use).toMatch(/\((ctx|context|this)$/);
			}
		}
	});

	test('the check itself finds state when there is some', () => {
		const probe = path.join(require('node:os').tmpdir(), `module-state-probe-${process.pid}.js`);
		fs.writeFileSync(probe, [
			'"use strict";',
			'let counter = 0;',
			'var imported_1 = require("node:path");',
			'const seen = new Set();',
			'const cache = {};',
			'const fixed = new Set([1, 2]);',
			'function run(id) { counter++; seen.add(id); cache[id] = true; process.env.X = "1"; return fixed.has(id); }',
			'exports.run = run;',
		].join('\n'));
		try {
			const names = moduleState(probe).map((finding) => finding.name).sort();
			expect(names).toEqual(['cache', 'counter', 'process.env.X', 'seen']);
		} finally {
			fs.rmSync(probe, { force: true });
		}
	});
});
