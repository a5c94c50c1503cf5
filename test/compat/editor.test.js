'use strict';
// The pack as a user meets it: n8n's editor in a real browser (Debian's Chromium through
// playwright-core), against a real n8n started from the packed tarball with the mock APIs, the
// sandbox credentials and examples/, as `npm start` offers them. Every check saves a screenshot
// (os.tmpdir()/n8n-pack-screens/<run>/, paths printed) so a reader can see what a user sees.
//
// EDITOR_ATTACH=<file.json> ({ baseUrl, owner, examples: [{ id, file }] }) drives an n8n that is
// already running instead of starting one (for working on the suite).
const fs = require('node:fs');
const { startEditorEnvironment, launchBrowser } = require('../e2e/browser/environment');
const { EditorSession, PACKAGE } = require('../e2e/browser/session');

jest.setTimeout(30 * 60 * 1000);

const { TYPES } = require('../e2e/workflows');
const TYPE = { trint: TYPES.trint, trustNxt: TYPES.trustNxt, trintTrigger: TYPES.trintTrigger, polling: TYPES.trintNewTranscriptTrigger };

let env;
let browser;
let editor;
let page;
let nodeTypes;
let examples;
let drives;
let credentials;
let badCredentials;
const timings = {};

/**
 * A REST call made by the editor page itself, so it carries the session cookie and the browser id
 * n8n binds the session to. Resolves to the parsed body (`data` unwrapped when present).
 */
async function rest(method, urlPath, data) {
	const answer = await page.evaluate(
		async ({ method: verb, url, body }) => {
			const response = await fetch(url, {
				method: verb,
				credentials: 'include',
				headers: { 'content-type': 'application/json', 'browser-id': window.localStorage.getItem('n8n-browserId') ?? '' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: response.status, text: await response.text() };
		},
		{ method, url: `${editor.baseUrl}${urlPath}`, body: data },
	);
	if (answer.status < 200 || answer.status > 299) throw new Error(`${method} ${urlPath} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
	const parsed = JSON.parse(answer.text);
	return parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
}

function typeDescription(name) {
	const found = nodeTypes.find((type) => type.name === name);
	if (!found) throw new Error(`n8n does not list the node type ${name}`);
	return found;
}

/** The options of the `operation` field shown for `resource`. */
function operationsOf(description, resource) {
	return description.properties
		.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource))
		.flatMap((property) => property.options);
}

/**
 * The labels a user must see for resource/operation: every top-level field shown for exactly that
 * resource/operation (fields that depend on other fields' values are left out, and so are notices).
 */
function expectedLabels(description, resource, operation) {
	return description.properties
		.filter((property) => {
			if (['notice', 'hidden', 'callout'].includes(property.type)) return false;
			// n8n 2.x shows the authentication choice inside the credential field, not as a field.
			if (property.name === 'authentication') return false;
			const show = property.displayOptions?.show ?? {};
			if (property.displayOptions?.hide) return false;
			const keys = Object.keys(show);
			if (keys.some((key) => !['resource', 'operation'].includes(key))) return false;
			if (show.resource && !show.resource.includes(resource)) return false;
			if (show.operation && !show.operation.includes(operation)) return false;
			if (!show.operation && property.name !== 'operation' && property.name !== 'resource' && keys.length) return false;
			return true;
		})
		.map((property) => property.displayName);
}

function node(id, name, type, parameters, credentialsOf, position) {
	return { id, name, type, typeVersion: 1, position, parameters, ...(credentialsOf ? { credentials: credentialsOf } : {}) };
}

const TRINT_KEY = () => ({ trintApi: { id: credentials.trintApi.id, name: credentials.trintApi.name } });
const TRUSTNXT = () => ({ trustNxtApi: { id: credentials.trustNxtApi.id, name: credentials.trustNxtApi.name } });

beforeAll(async () => {
	const started = Date.now();
	if (process.env.EDITOR_ATTACH) {
		const attached = JSON.parse(fs.readFileSync(process.env.EDITOR_ATTACH, 'utf8'));
		env = { ...attached, n8n: { baseUrl: attached.baseUrl } };
	} else {
		env = await startEditorEnvironment();
	}
	timings.n8nReadyMs = Date.now() - started;
	examples = env.examples.map((entry) => ({ file: entry.file, workflow: entry.workflow ?? JSON.parse(fs.readFileSync(require('node:path').join(__dirname, '..', '..', 'examples', entry.file), 'utf8')) }));
	drives = env.drives;
	credentials = Object.fromEntries((env.credentials ?? []).map((credential) => [credential.type, credential]));
	badCredentials = env.badCredentials ?? [];
	const browserStarted = Date.now();
	browser = await launchBrowser();
	editor = new EditorSession(browser.context, { baseUrl: env.n8n.baseUrl, owner: env.owner });
	page = await editor.open();
	timings.browserStartMs = Date.now() - browserStarted;
	process.stdout.write(`[editor] screenshots in ${editor.folder}\n`);
});

afterAll(async () => {
	await browser?.close();
	if (!process.env.EDITOR_ATTACH) await env?.close?.();
	process.stdout.write(`[editor] timings ${JSON.stringify(timings)}\n[editor] ${editor?.shots.length ?? 0} screenshots in ${editor?.folder}\n`);
});

test('the owner logs in through the sign-in form', async () => {
	const started = Date.now();
	await editor.step('login', async () => {
		await editor.login();
		await editor.see(page.locator('text=/Overview|Workflows|Create workflow|Personal/'), 'the home page after sign-in');
	});
	timings.loginMs = Date.now() - started;
	nodeTypes = await rest('GET', '/types/nodes.json');
	expect(nodeTypes.some((type) => type.name === TYPE.trint)).toBe(true);
});

describe('node creator', () => {
	let withTrigger;

	/** Opens the node creator, searches `query` and returns the names listed. */
	async function search(opener, query) {
		await page.click(opener);
		const bar = await editor.see(page.locator('[data-test-id=node-creator-search-bar]'), 'the node creator\'s search bar');
		await bar.first().fill(query);
		await editor.see(page.locator('[data-test-id=node-creator-item-name]', { hasText: query.split(' ')[0] }), `a result for "${query}"`);
		return page.locator('[data-test-id=node-creator-item-name]').allInnerTexts();
	}

	/** The pack's icons in the creator's listed items have loaded (naturalWidth > 0) from a 200 SVG. */
	async function expectIconsRendered(minimum) {
		const icons = page.locator(`[data-test-id=node-creator] img[src*="${PACKAGE}"]`);
		await page.waitForFunction(
			({ selector, minimum: count }) => {
				const images = [...document.querySelectorAll(selector)];
				return images.length >= count && images.every((image) => image.complete && image.naturalWidth > 0);
			},
			{ selector: `[data-test-id=node-creator] img[src*="${PACKAGE}"]`, minimum },
			{ timeout: 60 * 1000 },
		).catch(() => {
			throw new Error(`fewer than ${minimum} of the pack's icons rendered in the node creator`);
		});
		const sources = await icons.evaluateAll((images) => images.map((image) => new URL(image.src).pathname));
		for (const source of new Set(sources)) {
			const seen = editor.packResponses.filter((response) => new URL(response.url).pathname === source);
			expect({ source, statuses: seen.map((response) => response.status) }).toEqual({ source, statuses: expect.arrayContaining([200]) });
			expect(seen.find((response) => response.status === 200).contentType).toMatch(/image\/svg\+xml/);
		}
		return sources;
	}

	test('starting a workflow: finds Trint and both triggers by name, with icons', async () => {
		await editor.step('creator-trigger-search-trint', async () => {
			await editor.goto('/workflow/new', { locator: page.locator('[data-test-id=canvas-plus-button]'), text: 'the empty canvas\'s "Add first step" button' });
			const names = await search('[data-test-id=canvas-plus-button]', 'Trint');
			expect(names).toEqual(expect.arrayContaining(['Trint', 'Trint New Transcript Trigger']));
			await expectIconsRendered(2);
		});
		await editor.step('creator-trigger-trint-events', async () => {
			await page.locator('[data-test-id=node-creator-item-name]', { hasText: /^Trint$/ }).first().click();
			const webhook = typeDescription(TYPE.trintTrigger);
			const events = webhook.properties.find((property) => property.name === 'events').options;
			await editor.see(page.locator('text=/Triggers \\(\\d+\\)/'), 'the Triggers section of the Trint entry');
			for (const event of events) {
				await editor.see(page.locator('[data-test-id=node-creator-item-name]', { hasText: new RegExp(`^On ${event.name}$`, 'i') }), `the trigger event "On ${event.name}"`);
			}
			// The merged entry's description is the Trint node's, not only the trigger's.
			await editor.see(page.locator('[data-test-id=node-creator]', { hasText: /Upload media|transcri/i }), 'the Trint description');
			const panelText = await page.locator('[data-test-id=node-creator]').innerText();
			expect(panelText).toMatch(/Upload media to Trint/);
		});
		await page.keyboard.press('Escape');
	});

	test('after a trigger: Trint and TrustNXT list every action', async () => {
		withTrigger = await rest('POST', '/rest/workflows', {
			name: 'Editor suite: node creator',
			nodes: [node('creatorStart', 'Start', 'n8n-nodes-base.manualTrigger', {}, null, [0, 0])],
			connections: {},
			settings: { executionOrder: 'v1' },
			active: false,
		});
		for (const [name, type, query] of [
			['Trint', TYPE.trint, 'Trint'],
			['TrustNXT', TYPE.trustNxt, 'TrustNXT'],
		]) {
			await editor.step(`creator-actions-${name}`, async () => {
				await editor.openWorkflow(withTrigger.id, 1);
				const names = await search('[data-test-id=node-creator-plus-button]', query);
				expect(names).toContain(name);
				await expectIconsRendered(1);
				await page.locator('[data-test-id=node-creator-item-name]', { hasText: new RegExp(`^${name}$`) }).first().click();
				const description = typeDescription(type);
				const actions = description.properties
					.find((property) => property.name === 'resource')
					.options.flatMap((resource) => operationsOf(description, resource.value))
					.map((operation) => operation.action);
				expect(actions.length).toBeGreaterThanOrEqual(3);
				await editor.see(page.locator(`text=/Actions \\(${actions.length}\\)/`), `"Actions (${actions.length})" for ${name}`);
				const listed = page.locator('[data-test-id=node-creator] [data-test-id=node-creator-item-name]');
				for (const action of actions) {
					const item = listed.filter({ hasText: new RegExp(`^${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i') });
					await item.first().scrollIntoViewIfNeeded().catch(() => {});
					await editor.see(item, `the action "${action}" of ${name}`);
				}
				await page.keyboard.press('Escape');
			});
		}
	});

	test('a Trint node added from the creator selects the Key ID & Secret credential, not the legacy one', async () => {
		await editor.step('creator-add-trint-node', async () => {
			await editor.openWorkflow(withTrigger.id, 1);
			await search('[data-test-id=node-creator-plus-button]', 'Trint');
			await page.locator('[data-test-id=node-creator-item-name]', { hasText: /^Trint$/ }).first().click();
			await page.locator('[data-test-id=node-creator-item-name]', { hasText: /^Get many transcripts$/i }).first().click();
			const select = await editor.see(page.locator('[data-test-id=ndv] [data-test-id=node-credentials-select]'), 'the credential field of the new Trint node');
			await page.waitForFunction(
				() => {
					const input = document.querySelector('[data-test-id=ndv] [data-test-id=node-credentials-select] input');
					return Boolean(input && input.value);
				},
				undefined,
				{ timeout: 60 * 1000 },
			).catch(() => {});
			const chosen = await select.first().locator('input').inputValue().catch(async () => select.first().innerText());
			// n8n gives a new node the most recently updated credential among every type its
			// Authentication field offers; the sandbox (and this suite) import the Key ID & Secret one last.
			expect(chosen).toBe(credentials.trintApi.name);
			await page.keyboard.press('Escape');
		});
	});

	test('the TrustNXT node and the polling trigger are found by name', async () => {
		await editor.step('creator-trigger-search-polling', async () => {
			await editor.goto('/workflow/new', { locator: page.locator('[data-test-id=canvas-plus-button]'), text: 'the empty canvas' });
			const names = await search('[data-test-id=canvas-plus-button]', 'Trint New Transcript');
			expect(names).toContain('Trint New Transcript Trigger');
			await page.keyboard.press('Escape');
		});
	});
});

describe('examples', () => {
	test('every example opens with all its nodes known to n8n', async () => {
		for (const { file, workflow } of examples) {
			await editor.step(`example-${file}`, async () => {
				const onCanvas = workflow.nodes.filter((candidate) => candidate.type !== 'n8n-nodes-base.stickyNote').length;
				await editor.openWorkflow(workflow.id, onCanvas);
				const canvas = page.locator('[data-test-id=canvas-wrapper]');
				const text = await canvas.innerText();
				expect({ file, placeholder: /install this node|node is not currently installed|unknown node|not installed/i.test(text) }).toEqual({ file, placeholder: false });
				expect({ file, notInstalled: await page.locator('[data-test-id=node-not-installed]').count() }).toEqual({ file, notInstalled: 0 });
				// Every pack node shows its own icon, not n8n's "?" placeholder.
				for (const packNode of workflow.nodes.filter((candidate) => candidate.type.startsWith(PACKAGE))) {
					const onCanvasNode = page.locator(`[data-test-id=canvas-node][data-node-name="${packNode.name}"]`);
					await editor.see(onCanvasNode.locator(`img[src*="${PACKAGE}"]`), `the icon of "${packNode.name}" in ${file}`);
				}
			});
		}
	});

	test('canvas subtitles name operations in words', async () => {
		const browse = examples.find(({ file }) => file === 'trint-browse.json').workflow;
		await editor.step('canvas-subtitles', async () => {
			await editor.openWorkflow(browse.id, 3);
			const subtitles = await page.locator('[data-test-id=canvas-node]').allInnerTexts();
			const joined = subtitles.join('\n');
			expect(joined).toMatch(/Get many Shared Drives/);
			expect(joined).toMatch(/Get many folders/);
			expect(joined).not.toMatch(/getAll: /);
		});
	});
});

describe('parameter panels', () => {
	const panels = [];
	let workflowId;

	beforeAll(async () => {
		const nodes = [];
		for (const [type, credentialsOf] of [
			[TYPE.trint, TRINT_KEY()],
			[TYPE.trustNxt, TRUSTNXT()],
		]) {
			const description = typeDescription(type);
			for (const resource of description.properties.find((property) => property.name === 'resource').options) {
				for (const operation of operationsOf(description, resource.value)) {
					const id = `panel-${nodes.length}`;
					const name = `${description.displayName} ${resource.name} ${operation.name}`;
					const parameters = { resource: resource.value, operation: operation.value };
					if (type === TYPE.trint) parameters.authentication = 'keyAndSecret';
					nodes.push(node(id, name, type, parameters, credentialsOf, [220 * (nodes.length % 6), 200 * Math.floor(nodes.length / 6)]));
					panels.push({ id, name, type, resource, operation, labels: expectedLabels(description, resource.value, operation.value) });
				}
			}
		}
		// The triggers go on a row of their own below every operation, so no node covers another.
		const triggerRowY = 200 * Math.ceil(nodes.length / 6);
		for (const [id, type] of [
			['panel-webhook-trigger', TYPE.trintTrigger],
			['panel-polling-trigger', TYPE.polling],
		]) {
			const description = typeDescription(type);
			nodes.push(node(id, description.defaults.name, type, { authentication: 'keyAndSecret' }, TRINT_KEY(), [id.includes('webhook') ? 0 : 440, triggerRowY]));
			panels.push({ id, name: description.defaults.name, type, labels: expectedLabels(description) });
		}
		const created = await rest('POST', '/rest/workflows', { name: 'Editor suite: every operation', nodes, connections: {}, settings: { executionOrder: 'v1' }, active: false });
		workflowId = created.id;
	});

	test('every resource/operation opens without error and shows its fields', async () => {
		expect(panels.length).toBeGreaterThanOrEqual(12);
		for (const panel of panels) {
			await editor.step(`panel-${panel.name}`, async () => {
				const before = editor.mark();
				await editor.openNode(workflowId, panel.id, panel.name);
				const ndv = page.locator('[data-test-id=ndv]');
				await editor.see(ndv.locator('[data-test-id=parameter-item]'), `the fields of ${panel.name}`);
				const text = await ndv.locator('[data-test-id=node-parameters]').innerText();
				const missing = panel.labels.filter((label) => !text.includes(label));
				expect({ panel: panel.name, missing }).toEqual({ panel: panel.name, missing: [] });
				expect(panel.labels.length).toBeGreaterThan(0);
				const errors = editor.pageErrors.slice(before.pageErrors);
				expect({ panel: panel.name, errors: errors.map((error) => error.text.split('\n')[0]) }).toEqual({ panel: panel.name, errors: [] });
				await ndv.locator('[data-test-id=node-error-message]').count().then((count) => expect({ panel: panel.name, nodeErrors: count }).toEqual({ panel: panel.name, nodeErrors: 0 }));
			});
		}
	});

	test('help for Wait for Transcription is visible below it, not only in a tooltip', async () => {
		const upload = panels.find((panel) => panel.type === TYPE.trint && panel.resource?.value === 'transcript' && panel.operation?.value === 'upload');
		await editor.step('panel-upload-hints', async () => {
			await editor.openNode(workflowId, upload.id, upload.name);
			const text = await page.locator('[data-test-id=ndv] [data-test-id=node-parameters]').innerText();
			expect(text).toMatch(/Wait for Transcription/);
			const waitField = typeDescription(TYPE.trint).properties.find((property) => property.name === 'waitForTranscription');
			expect(waitField.hint).toBeTruthy();
			expect(text).toContain(waitField.hint);
		});
	});

	test('"From list" pickers load Shared Drives and their folders from Trint', async () => {
		const folderGet = panels.find((panel) => panel.type === TYPE.trint && panel.resource?.value === 'folder' && panel.operation?.value === 'get');
		await editor.step('picker-shared-drives', async () => {
			await editor.openNode(workflowId, folderGet.id, folderGet.name);
			const locator = page.locator('[data-test-id=resource-locator-sharedDrive]');
			await editor.see(locator, 'the Shared Drive picker');
			await locator.locator('[data-test-id=rlc-input]').click();
			for (const drive of drives) await editor.see(page.getByText(drive.name, { exact: true }).filter({ visible: true }), `the Shared Drive "${drive.name}" in the list`);
		});
		await editor.step('picker-folders', async () => {
			await page.getByText(drives[0].name, { exact: true }).filter({ visible: true }).first().click();
			const locator = page.locator('[data-test-id=resource-locator-folder]');
			await locator.locator('[data-test-id=rlc-input]').click();
			for (const name of ['Interviews', 'Press conferences']) await editor.see(page.getByText(name, { exact: true }).filter({ visible: true }), `the folder "${name}" of ${drives[0].name}`);
			await page.keyboard.press('Escape');
		});
	});
});

describe('credentials', () => {
	/**
	 * Opens the credential's dialog and tests it the way a user does: n8n tests a credential when it
	 * is saved, and Save is enabled once a field was edited, so one character is typed and erased.
	 * Resolves to the visible text of the dialog once the result shows.
	 */
	async function testCredential(credential) {
		const dialog = page.locator('[data-test-id=credential-edit-dialog]');
		await editor.goto(`/home/credentials/${credential.id}`, { locator: dialog, text: `the edit dialog of "${credential.name}"` });
		const resultShown = () =>
			page.waitForFunction(
				() => /Connection tested successfully|Couldn.t connect with these settings/i.test(document.querySelector('[data-test-id=credential-edit-dialog]')?.innerText ?? ''),
				undefined,
				{ timeout: 45 * 1000 },
			);
		// n8n 2.x tests a saved credential when its dialog opens; the edit-and-save path is for
		// versions that do not.
		const withDetails = async () => {
			// A failure's message sits behind "More details".
			const more = dialog.getByText(/^More details$/).filter({ visible: true });
			if (await more.count()) {
				await more.first().click();
				await page.waitForFunction(() => !/More details/.test(document.querySelector('[data-test-id=credential-edit-dialog]')?.innerText ?? ''), undefined, { timeout: 15 * 1000 }).catch(() => {});
			}
			return dialog.innerText();
		};
		if (await resultShown().then(() => true, () => false)) return withDetails();
		const field = await editor.see(dialog.locator('[data-test-id=credential-connection-parameter] input'), `the first field of "${credential.name}"`);
		await field.first().click();
		await page.keyboard.press('End');
		await page.keyboard.type('x');
		await page.keyboard.press('Backspace');
		const save = dialog.locator('[data-test-id=credential-save-button]');
		await page.waitForFunction(() => !document.querySelector('[data-test-id=credential-save-button]')?.disabled, undefined, { timeout: 30 * 1000 }).catch(() => {
			throw new Error(`Save stayed disabled after editing "${credential.name}"`);
		});
		await save.first().click({ force: true });
		await page
			.waitForFunction(
				() => /Connection tested successfully|Couldn.t connect with these settings/i.test(document.querySelector('[data-test-id=credential-edit-dialog]')?.innerText ?? ''),
				undefined,
				{ timeout: 90 * 1000 },
			)
			.catch(() => {
				throw new Error(`no test result appeared after saving "${credential.name}"`);
			});
		return withDetails();
	}

	test('each credential tests green against the sandbox APIs', async () => {
		for (const credential of Object.values(credentials)) {
			await editor.step(`credential-ok-${credential.type}`, async () => {
				const text = await testCredential(credential);
				expect({ credential: credential.name, text }).toEqual({ credential: credential.name, text: expect.stringMatching(/Connection tested successfully/i) });
			});
			await page.keyboard.press('Escape');
		}
	});

	test('a wrong key fails with the pack\'s message, not just "Unauthorized"', async () => {
		const expected = { trintApi: /Trint did not accept this Key ID and Key Secret/, trintLegacyApi: /Trint did not accept this legacy API key/, trustNxtApi: /TrustNXT did not accept this API key/ };
		for (const credential of badCredentials) {
			await editor.step(`credential-bad-${credential.type}`, async () => {
				const text = await testCredential(credential);
				expect(text).toMatch(/Couldn.t connect with these settings/i);
				expect(text).toMatch(expected[credential.type]);
			});
			await page.keyboard.press('Escape');
		}
	});
});

describe('running a workflow from the editor', () => {
	test('Execute workflow runs the upload example; the output panel shows the items and the file', async () => {
		const upload = examples.find(({ file }) => file === 'trint-upload-and-export.json').workflow;
		const started = Date.now();
		await editor.step('execute-upload-example', async () => {
			await editor.openWorkflow(upload.id, 5);
			await page.click('[data-test-id=execute-workflow-button]');
			const ran = upload.nodes.filter((candidate) => candidate.type !== 'n8n-nodes-base.stickyNote').length;
			await page
				.waitForFunction((count) => document.querySelectorAll('[data-test-id=canvas-node-status-success]').length >= count, ran - 1, { timeout: 5 * 60 * 1000 })
				.catch(() => {
					throw new Error('the workflow did not finish with every node green within 5 minutes');
				});
		});
		timings.executeFromEditorMs = Date.now() - started;
		const exportNode = upload.nodes.find((candidate) => candidate.type === TYPE.trint && candidate.parameters.operation === 'export');
		await editor.step('execute-output-items', async () => {
			await page.locator(`[data-test-id=canvas-node][data-node-name="${exportNode.name}"]`).dblclick();
			const output = await editor.see(page.locator('[data-test-id=output-panel], [data-test-id=ndv-output-panel]'), 'the output panel');
			await editor.see(output.first().getByText(/^1 item$/), 'the item count of the export');
		});
		await editor.step('execute-output-binary', async () => {
			const output = page.locator('[data-test-id=output-panel], [data-test-id=ndv-output-panel]').first();
			const binaryTab = output.getByText(/^Binary$/);
			if (await binaryTab.count()) await binaryTab.first().click();
			await editor.see(output.getByText(/\.srt$/), 'the file name of the export in the output panel');
			const text = await output.innerText();
			expect(text).toMatch(/File Name:\s*\S+\.srt/);
			expect(text).toMatch(/Mime Type:\s*application\/x-subrip/);
		});
		await page.keyboard.press('Escape');
	});
});

test('the browser console shows no error caused by the pack', async () => {
	await editor.step('console-summary', async () => {
		// Only what the editor asks of this n8n counts: the node creator also looks the package up
		// on the public npm registry, which this test blocks (no traffic leaves the machine).
		const local = (url) => !url || url.startsWith(editor.baseUrl);
		const packErrors = editor.console.filter(
			(entry) => entry.type === 'error' && local(entry.url) && (entry.text.includes(PACKAGE) || /trint|trustnxt/i.test(entry.text) || entry.url.includes(PACKAGE)),
		);
		const failed = editor.packResponses.filter((response) => response.status >= 400 && local(response.url));
		process.stdout.write(`[editor] console errors: ${editor.console.filter((entry) => entry.type === 'error').length} in all, ${packErrors.length} about the pack; pack responses >= 400: ${failed.length}\n`);
		for (const entry of [...packErrors, ...failed]) process.stdout.write(`[editor]   ${JSON.stringify(entry)}\n`);
		expect(editor.pageErrors.filter((error) => /trint|trustnxt/i.test(error.text))).toEqual([]);
		expect(packErrors).toEqual([]);
		expect(failed).toEqual([]);
	});
});
