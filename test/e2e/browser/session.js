'use strict';
// A logged-in editor page with a screenshot for every check (kept outside the repository, path
// printed), the browser console and the pack's HTTP responses recorded, and waits that fail with
// a sentence saying which UI state did not come.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// What both packages' names (n8n-nodes-trint, n8n-nodes-trustnxt) start with: their node types,
// and the icons n8n serves under /icons/<package>/, contain it.
const PACKAGE = 'n8n-nodes-tr';
// Generous: a 2-core machine shared with other n8n instances renders slowly.
const UI_TIMEOUT_MS = Number(process.env.EDITOR_UI_TIMEOUT_MS || 90 * 1000);

function screensFolder() {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const folder = process.env.EDITOR_SCREENS_DIR || path.join(os.tmpdir(), 'n8n-pack-screens', stamp);
	fs.mkdirSync(folder, { recursive: true });
	return folder;
}

class EditorSession {
	constructor(context, { baseUrl, owner, log = (line) => process.stdout.write(`${line}\n`) }) {
		this.context = context;
		this.baseUrl = baseUrl;
		this.owner = owner;
		this.log = log;
		this.folder = screensFolder();
		this.shots = [];
		this.console = []; // { type, text, url, at }
		this.packResponses = []; // { status, url, contentType }
		this.pageErrors = [];
		this.counter = 0;
	}

	async open() {
		this.page = this.context.pages()[0] || (await this.context.newPage());
		this.page.setDefaultTimeout(UI_TIMEOUT_MS);
		this.page.setDefaultNavigationTimeout(UI_TIMEOUT_MS);
		this.page.on('console', (message) => {
			if (message.type() !== 'error' && message.type() !== 'warning') return;
			this.console.push({ type: message.type(), text: message.text(), url: message.location()?.url ?? '', at: this.currentStep });
		});
		this.page.on('pageerror', (error) => this.pageErrors.push({ text: `${error.name}: ${error.message}\n${error.stack ?? ''}`, at: this.currentStep }));
		this.page.on('response', (response) => {
			const url = response.url();
			if (!url.includes(PACKAGE) && !/trint|trustnxt/i.test(url)) return;
			this.packResponses.push({ status: response.status(), url, contentType: response.headers()['content-type'] ?? '', at: this.currentStep });
		});
		return this.page;
	}

	/** A screenshot named after the step, its path printed and remembered. */
	async shot(name) {
		this.counter += 1;
		const file = path.join(this.folder, `${String(this.counter).padStart(3, '0')}-${name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80)}.png`);
		try {
			await this.page.screenshot({ path: file, fullPage: false, timeout: 30 * 1000 });
			this.shots.push(file);
			this.log(`[editor] screenshot ${file}`);
		} catch (error) {
			this.log(`[editor] screenshot ${file} failed: ${error.message}`);
		}
		return file;
	}

	/**
	 * Runs one check: a screenshot when it passes, and when it fails a screenshot plus an error
	 * that names the step and where to look.
	 */
	async step(name, action) {
		this.currentStep = name;
		const started = Date.now();
		try {
			const result = await action(this.page);
			await this.shot(name);
			this.log(`[editor] ok   ${name} (${Date.now() - started} ms)`);
			return result;
		} catch (error) {
			const file = await this.shot(`FAILED-${name}`);
			this.log(`[editor] FAIL ${name} (${Date.now() - started} ms): ${error.message.split('\n')[0]}`);
			error.message = `${name}: ${error.message}\n(screenshot: ${file})`;
			throw error;
		}
	}

	/** Waits for a locator to be visible, failing with `what` in words. */
	async see(locator, what, { timeout = UI_TIMEOUT_MS } = {}) {
		try {
			await locator.first().waitFor({ state: 'visible', timeout });
		} catch (error) {
			throw new Error(`did not see ${what} within ${Math.round(timeout / 1000)} s (${error.message.split('\n')[0]})`);
		}
		return locator;
	}

	async goto(urlPath, what) {
		await this.page.goto(`${this.baseUrl}${urlPath}`, { waitUntil: 'domcontentloaded' });
		if (what) await this.see(what.locator, what.text);
	}

	async login() {
		await this.goto('/signin', { locator: this.page.locator('[data-test-id=signin-form]'), text: 'the sign-in form' });
		await this.page.fill('input[name=emailOrLdapLoginId]', this.owner.email);
		await this.page.fill('input[name=password]', this.owner.password);
		await this.page.click('[data-test-id=form-submit-button]');
		try {
			await this.page.waitForURL((url) => !url.pathname.includes('/signin'), { timeout: UI_TIMEOUT_MS });
		} catch {
			throw new Error('the sign-in form did not let the owner in');
		}
	}

	/** Opens a workflow on the canvas and waits for its nodes. */
	async openWorkflow(id, expectedNodes) {
		await this.goto(`/workflow/${id}`, { locator: this.page.locator('[data-test-id=canvas-node]'), text: `the nodes of workflow ${id} on the canvas` });
		if (expectedNodes) {
			await this.page.waitForFunction((count) => document.querySelectorAll('[data-test-id=canvas-node]').length >= count, expectedNodes, { timeout: UI_TIMEOUT_MS }).catch(() => {
				throw new Error(`workflow ${id}: fewer than ${expectedNodes} nodes appeared on the canvas`);
			});
		}
	}

	/**
	 * Opens a node's parameter panel (NDV): on the workflow already shown, by closing any open
	 * panel and double-clicking the node (no page reload); otherwise from the node's URL.
	 */
	async openNode(workflowId, nodeId, name) {
		const panel = this.page.locator('[data-test-id=ndv] [data-test-id=node-parameters]');
		const onWorkflow = new URL(this.page.url()).pathname.startsWith(`/workflow/${workflowId}`);
		const onCanvas = this.page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`);
		if (onWorkflow && (await onCanvas.count())) {
			if (await this.page.locator('[data-test-id=ndv]').isVisible()) {
				await this.page.keyboard.press('Escape');
				await this.page.locator('[data-test-id=ndv]').waitFor({ state: 'hidden' }).catch(() => {});
			}
			await onCanvas.first().dblclick();
			await this.see(panel, `the parameter panel of ${name}`);
			await this.see(this.page.locator('[data-test-id=ndv]', { hasText: name }), `the panel titled ${name}`);
			return;
		}
		await this.goto(`/workflow/${workflowId}/${nodeId}`, { locator: panel, text: `the parameter panel of ${name}` });
	}

	/** Console errors and failed pack requests recorded since `since` (an index pair). */
	mark() {
		return { console: this.console.length, responses: this.packResponses.length, pageErrors: this.pageErrors.length };
	}
}

module.exports = { EditorSession, UI_TIMEOUT_MS, PACKAGE };
