'use strict';
// The pack's tools behind n8n's MCP Server Trigger on n8n 2.x (the suite: mcp-suite.js).
const { defineMcpToolSuite } = require('./mcp-suite');

defineMcpToolSuite({ label: 'n8n 2.x' });
