'use strict';
// Each published package alone on the default n8n (the suite: packages-alone.js).
const { definePackagesAloneSuite } = require('./packages-alone');

definePackagesAloneSuite([require('../n8n-versions.json').default]);
