#!/usr/bin/env node
// Prints the built description of every node in dist/ as JSON (keys sorted), so a refactor of
// how descriptions are assembled can be checked for changes users would see:
//   node scripts/dump-descriptions.js > before.json; (change, build); node scripts/dump-descriptions.js | diff before.json -
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../dist/nodes');
function sortKeys(value) {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
	}
	return value;
}
// The canvas subtitle maps resource → operation → text inside an expression; the order of that
// map's keys means nothing, so the map is printed parsed, keys sorted.
function readableSubtitle(subtitle) {
	const match = /^=\{\{ \((\{.*\})\[\$parameter\["resource"\]\] \|\| \{\}\)\[\$parameter\["operation"\]\] \|\| \$parameter\["operation"\] \}\}$/.exec(subtitle ?? '');
	if (!match) return subtitle;
	return { operationNames: sortKeys(new Function(`return (${match[1]});`)()) };
}
const out = {};
for (const dir of fs.readdirSync(root).sort()) {
	const folder = path.join(root, dir);
	if (!fs.statSync(folder).isDirectory()) continue;
	for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.node.js')).sort()) {
		const exported = require(path.join(folder, file));
		for (const [name, NodeClass] of Object.entries(exported)) {
			if (typeof NodeClass !== 'function') continue;
			const description = new NodeClass().description;
			out[`${dir}/${name}`] = sortKeys({ ...description, subtitle: readableSubtitle(description.subtitle) });
		}
	}
}
process.stdout.write(JSON.stringify(out, null, '\t') + '\n');
