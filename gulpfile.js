// Copies the assets tsc does not emit (icons, codex JSON, output schemas) next to the compiled
// nodes and credentials, keeping their folder layout, so the `file:` icon paths resolve inside
// dist/ and n8n finds each node's output schemas in <node folder>/__schema__/v<version>/.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png}', 'nodes/**/__schema__/**/*.json', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:assets'] = copyAssets;
exports.default = copyAssets;
