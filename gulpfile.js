// Copies the assets tsc does not emit (icons, codex JSON) next to the compiled nodes and
// credentials, keeping their folder layout, so the `file:` icon paths resolve inside dist/.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png}', 'credentials/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:assets'] = copyAssets;
exports.default = copyAssets;
