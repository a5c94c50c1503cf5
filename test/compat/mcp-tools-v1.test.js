'use strict';
// The pack's tools behind n8n's MCP Server Trigger on n8n 1.x (1.123.81 on Node 20), whose
// @n8n/n8n-nodes-langchain ships the same trigger (nodes/mcp/McpTrigger). Suite: mcp-suite.js.
const { defineMcpToolSuite } = require('./mcp-suite');

defineMcpToolSuite({ n8nVersion: process.env.N8N_V1_VERSION || require('../n8n-versions.json').v1, label: 'n8n 1.x' });
