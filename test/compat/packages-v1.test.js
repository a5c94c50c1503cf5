'use strict';
// Each published package alone on n8n 1.x (the suite: test/e2e/packages-alone.js).
const { definePackagesAloneSuite } = require('../e2e/packages-alone');

definePackagesAloneSuite([process.env.N8N_V1_VERSION || require('../n8n-versions.json').v1]);
