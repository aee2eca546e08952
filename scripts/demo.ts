/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling runs in Node, not inside n8n */
/**
 * `npm run demo`: a real n8n with this package, talking to the local WhatsApp Cloud API
 * simulator, with the example workflows imported and the triggered ones published.
 *
 *   npm run demo                      n8n on :5678, simulator on :4010, state in ~/.local/share/wabp-demo
 *   npm run demo -- --help            every option (the README's "Demo" section says the same)
 *
 * State (n8n's database, credentials, your edits) lives outside the repository, so `npm ci` and
 * `git clean` keep it: `$WABP_DEMO_HOME`, else `$XDG_DATA_HOME/wabp-demo`, else
 * `~/.local/share/wabp-demo`. Later runs are plain `npm run demo`.
 *
 * Type `help` at the `demo>` prompt for the commands that play the customer. Ctrl-C stops all.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { CredentialRef, N8nHandle, WorkflowInput, WorkflowNode } from '../test/e2e/harness';
import { DEFAULT_N8N_VERSION, ensureN8n, packPackage, REPO_ROOT, startN8n, TYPES, whatsAppCredential } from '../test/e2e/harness';
import type { SimulatorHandle } from '../simulator';
import { DEFAULTS, SHOP_PHONE, startSimulator } from '../simulator';
import { describeTemplates, importTemplates } from './demoTemplates';

const DEMO_PHONE = { id: DEFAULTS.phoneNumberId, display_phone_number: DEFAULTS.displayPhoneNumber, verified_name: DEFAULTS.verifiedName };
import { runQueueModeFromArgs } from './queue-mode';

const DEMO_OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-Passw0rd' };
const CREDENTIAL_NAME = 'WhatsApp (local simulator)';
const DATA_TABLES_CREDENTIAL_NAME = 'n8n Data Tables (demo)';
const DATA_TABLES_CREDENTIAL_TYPE = 'whatsAppBusinessPlatformN8nApi';
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

export const USAGE = `npm run demo -- [options]
  --fresh              start from an empty n8n (deletes the demo state folder first)
  --port N             n8n's port (default 5678)
  --sim-port N         the Cloud API simulator's port (default 4010)
  --n8n VERSION        n8n version from the cache (default ${DEFAULT_N8N_VERSION}; 2.41.1 is the current line)
  --public-url URL     n8n's public base URL, e.g. a tunnel (sets WEBHOOK_URL): the trigger
                       registers <URL>/webhook/... with Meta (or the simulator) instead of 127.0.0.1
  --state DIR          where the demo keeps n8n's data (default $WABP_DEMO_HOME,
                       $XDG_DATA_HOME/wabp-demo or ~/.local/share/wabp-demo)
  --check              set everything up, play every prompt command once, expect an answer to each,
                       exit 0/1 (tests the demo itself)
  --help               this text`;

interface Args {
	port: number;
	simPort: number;
	version: string;
	fresh: boolean;
	check: boolean;
	help: boolean;
	publicUrl?: string;
	stateDir: string;
}

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.WABP_DEMO_HOME) return env.WABP_DEMO_HOME;
	return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'wabp-demo');
}

function parseArgs(argv: string[]): Args {
	const args: Args = { port: 5678, simPort: 4010, version: DEFAULT_N8N_VERSION, fresh: false, check: false, help: false, stateDir: defaultStateDir() };
	for (let i = 0; i < argv.length; i++) {
		const value = () => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${argv[i - 1]} needs a value`);
			return next;
		};
		switch (argv[i]) {
			case '--port':
				args.port = Number(value());
				break;
			case '--sim-port':
				args.simPort = Number(value());
				break;
			case '--n8n':
				args.version = value();
				break;
			case '--state':
			case '--user-folder':
				args.stateDir = value();
				break;
			case '--public-url': {
				const url = value();
				if (!/^https?:\/\/[^\s/]+/.test(url)) throw new Error(`--public-url needs a URL such as https://example.trycloudflare.com, got "${url}"`);
				args.publicUrl = url.replace(/\/+$/, '');
				break;
			}
			case '--help':
			case '-h':
				args.help = true;
				break;
			case '--fresh':
				args.fresh = true;
				break;
			case '--check':
				args.check = true;
				break;
			default:
				throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
		}
	}
	return args;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

/** Workflows with a trigger that n8n must publish (everything but the manual trigger). */
function needsActivation(workflow: WorkflowInput): boolean {
	return workflow.nodes.some((node) => node.type !== 'n8n-nodes-base.manualTrigger' && /trigger|webhook/i.test(node.type));
}

async function ensureCredential(n8n: N8nHandle, sim: SimulatorHandle): Promise<CredentialRef> {
	const input = whatsAppCredential(CREDENTIAL_NAME, {
		url: sim.url,
		token: sim.options.accessToken,
		businessAccountId: sim.options.businessAccountId,
		phoneNumberId: sim.options.phoneNumbers[0].id,
		appId: sim.options.appId,
		appSecret: sim.options.appSecret,
	});
	const existing = (await n8n.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials')).find(
		(credential) => credential.name === CREDENTIAL_NAME && credential.type === TYPES.credential,
	);
	if (existing) {
		// Same name from an earlier run: point it at this simulator (its port may differ).
		await n8n.rest('PATCH', `/credentials/${existing.id}`, { name: CREDENTIAL_NAME, type: TYPES.credential, data: input.data });
		return { id: existing.id, name: existing.name };
	}
	const [created] = await n8n.importCredentials([input]);
	return { id: created.id, name: created.name };
}

/**
 * The Data Tables credential (n8n's public API with this n8n's own key), so exactly-once delivery,
 * the contact book and campaign resume work without making a key by hand. The harness makes a new
 * key on every start; the ones earlier demo runs made are deleted, so keys do not pile up.
 */
async function ensureDataTablesCredential(n8n: N8nHandle): Promise<CredentialRef> {
	const keys = await n8n.rest<Array<{ id: string; label: string; createdAt: string }>>('GET', '/api-keys').catch(() => []);
	const ours = keys.filter((key) => key.label.startsWith('wabp-e2e-')).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	for (const stale of ours.slice(1)) await n8n.rest('DELETE', `/api-keys/${stale.id}`).catch(() => undefined);
	const data = { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey };
	const existing = (await n8n.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials')).find(
		(credential) => credential.name === DATA_TABLES_CREDENTIAL_NAME && credential.type === DATA_TABLES_CREDENTIAL_TYPE,
	);
	if (existing) {
		await n8n.rest('PATCH', `/credentials/${existing.id}`, { name: DATA_TABLES_CREDENTIAL_NAME, type: DATA_TABLES_CREDENTIAL_TYPE, data });
		return { id: existing.id, name: existing.name };
	}
	const [created] = await n8n.importCredentials([{ name: DATA_TABLES_CREDENTIAL_NAME, type: DATA_TABLES_CREDENTIAL_TYPE, data }]);
	return { id: created.id, name: created.name };
}

interface DemoWorkflow {
	id: string;
	name: string;
	file: string;
	active: boolean;
	nodes: WorkflowNode[];
	note?: string;
}

async function ensureExamples(n8n: N8nHandle, credentials: Record<string, CredentialRef>): Promise<DemoWorkflow[]> {
	const files = existsSync(EXAMPLES_DIR) ? readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json')).sort() : [];
	const existing = await n8n.api<{ data: Array<{ id: string; name: string; active: boolean }> }>('GET', '/workflows?limit=250');
	const result: DemoWorkflow[] = [];
	for (const file of files) {
		const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowInput;
		let id = existing.data.find((candidate) => candidate.name === workflow.name)?.id;
		let note: string | undefined;
		try {
			// Imported once; later runs keep whatever you changed in the editor.
			id ??= (await n8n.importWorkflow(workflow, { credentials })).id;
			let active = false;
			if (needsActivation(workflow)) {
				try {
					await n8n.activateWorkflow(id);
					active = true;
				} catch (error) {
					note = `not published: ${(error as Error).message.replace(/^.*?-> \d+: /, '')}`;
				}
			}
			const stored = await n8n.api<{ nodes: WorkflowNode[] }>('GET', `/workflows/${id}`);
			result.push({ id, name: workflow.name, file, active, nodes: stored.nodes, note });
		} catch (error) {
			result.push({ id: id ?? '-', name: workflow.name, file, active: false, nodes: [], note: `not imported: ${(error as Error).message}` });
		}
	}
	return result;
}

/** The production URL of our trigger in the first published workflow that has one. */
function triggerUrl(webhookBase: string, workflows: DemoWorkflow[]): string | undefined {
	for (const workflow of workflows.filter((w) => w.active)) {
		const node = workflow.nodes.find((candidate) => candidate.type === TYPES.trigger);
		if (node?.webhookId) return `${webhookBase}/webhook/${node.webhookId}/webhook`;
	}
	return undefined;
}

const HELP = `Play the customer (FROM is their number, e.g. 15551234567):
  text FROM message...          send a text to the business (the echo bot answers)
  image FROM [caption...]       send an image        location FROM [lat lng [name...]]
  button FROM payload [label]   tap a template quick-reply button
  reply FROM id [title...]      tap an interactive reply button
Look around:
  sent [N]                      the last N messages the business sent (default 5)
  executions [N]                the last N n8n executions
  webhook [URL]                 show or set where the simulator delivers webhooks
  help | quit`;

async function runCommand(line: string, n8n: N8nHandle, sim: SimulatorHandle): Promise<boolean> {
	const [command, ...rest] = line.trim().split(/\s+/);
	if (!command) return true;
	const from = rest[0] ?? '';
	const tail = rest.slice(1).join(' ');
	const inject = async (input: Record<string, unknown>) => {
		if (!/\d{7,15}/.test(from.replace(/\D/g, ''))) {
			say('  a customer number is needed, e.g. 15551234567');
			return;
		}
		const result = await sim.injectInbound({ from, ...input } as Parameters<SimulatorHandle['injectInbound']>[0]);
		const url = sim.webhookUrlFor();
		say(`  customer message ${result.wamid} → ${url ? `${url} (HTTP ${result.deliveredStatus ?? 'no answer'})` : 'nowhere: no webhook URL set'}`);
	};
	switch (command) {
		case 'help':
		case '?':
			say(HELP);
			break;
		case 'quit':
		case 'exit':
			return false;
		case 'text':
			await inject({ type: 'text', text: tail || 'Hello' });
			break;
		case 'image':
			await inject({ type: 'image', caption: tail || undefined });
			break;
		case 'location': {
			const [lat, lng, ...name] = rest.slice(1);
			await inject({ type: 'location', latitude: lat ? Number(lat) : undefined, longitude: lng ? Number(lng) : undefined, name: name.join(' ') || undefined });
			break;
		}
		case 'button':
			await inject({ type: 'button', payload: rest[1] ?? 'Confirm', text: rest.slice(2).join(' ') || rest[1] || 'Confirm' });
			break;
		case 'reply':
			await inject({ type: 'button_reply', replyId: rest[1] ?? 'button-1', text: rest.slice(2).join(' ') || 'Yes' });
			break;
		case 'sent': {
			const count = Number(rest[0] ?? 5);
			const last = sim.acceptedMessages.slice(-count);
			if (!last.length) say('  nothing sent yet');
			for (const message of last) say(`  ${message.acceptedAt.toISOString()} → ${message.to} ${message.type}: ${JSON.stringify(message.body[message.type]).slice(0, 120)}`);
			break;
		}
		case 'executions': {
			const count = Number(rest[0] ?? 5);
			const list = await n8n.api<{ data: Array<{ id: string; workflowId: string; status: string; mode: string; startedAt: string }> }>('GET', `/executions?limit=${count}`);
			if (!list.data.length) say('  no executions yet');
			for (const execution of list.data) say(`  #${execution.id} workflow ${execution.workflowId} ${execution.mode} ${execution.status} ${execution.startedAt}`);
			break;
		}
		case 'webhook':
			if (rest[0]) sim.setWebhookUrl(rest[0] === 'none' ? undefined : rest[0]);
			say(`  webhooks go to ${sim.webhookUrlFor() ?? '(none)'}`);
			break;
		default:
			say(`  unknown command "${command}" (type help)`);
	}
	return true;
}

async function main(): Promise<number> {
	// `npm run demo -- --queue [--port N --webhook-port N --workers N --concurrency N]`: n8n in
	// queue mode (PostgreSQL, Redis, webhook processor, workers); see scripts/queue-mode.ts.
	if (process.argv.includes('--queue')) return await runQueueModeFromArgs(process.argv.filter((arg) => arg !== '--queue'));
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		say(USAGE);
		return 0;
	}
	if (args.fresh) rmSync(args.stateDir, { recursive: true, force: true });

	say(`Preparing the demo (n8n ${args.version}, state in ${args.stateDir}; a first run installs n8n into the cache, which takes several minutes)...`);
	try {
		await Promise.all([ensureN8n(args.version), packPackage()]);
	} catch (error) {
		// The installer's message is already one line: what failed, what to do, where the log is.
		say(`The demo could not start: ${(error as Error).message.split('\n')[0]}`);
		return 1;
	}

	// Chat page: a second number (SHOP_PHONE) on which examples/chat-shop.json answers; the echo bot keeps the first.
	const sim = await startSimulator({ port: args.simPort, phoneNumbers: [DEMO_PHONE, SHOP_PHONE], logger: (line) => say(`[simulator] ${line}`) });
	sim.events.on('accepted', (message: SimulatorHandle['acceptedMessages'][number]) => {
		const content = message.body[message.type] as { body?: string } | undefined;
		say(`\n  ← business sent ${message.type} to ${message.to}${content?.body ? `: "${content.body}"` : ''} (${message.id})`);
	});

	let n8n: N8nHandle | undefined;
	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the simulator...');
		await n8n?.stop();
		await sim.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	try {
		// Both names: 2.8 reads WEBHOOK_URL, the 2.4x line N8N_WEBHOOK_URL.
		const env = args.publicUrl ? { WEBHOOK_URL: `${args.publicUrl}/`, N8N_WEBHOOK_URL: `${args.publicUrl}/` } : undefined;
		n8n = await startN8n({ version: args.version, port: args.port, userFolder: args.stateDir, owner: DEMO_OWNER, env });
	} catch (error) {
		say((error as Error).message);
		await sim.stop();
		return 1;
	}
	const credential = await ensureCredential(n8n, sim);
	const dataTables = await ensureDataTablesCredential(n8n);
	const workflows = await ensureExamples(n8n, { [TYPES.credential]: credential, [DATA_TABLES_CREDENTIAL_TYPE]: dataTables });
	say(describeTemplates(n8n.baseUrl, await importTemplates(n8n, { [TYPES.credential]: credential, [DATA_TABLES_CREDENTIAL_TYPE]: dataTables })));
	const inbound = triggerUrl(args.publicUrl ?? n8n.baseUrl, workflows);
	// The trigger may have registered itself with the simulator on publish; otherwise point the
	// simulator's app-level callback at it.
	if (!sim.webhookUrlFor() && inbound) sim.setWebhookUrl(inbound);
	// Chat page: play against the shop's number; its "Order shipped" button calls the example's webhook.
	sim.chat.configure({ phoneNumberId: SHOP_PHONE.id, actions: [{ label: 'Order shipped', url: `${n8n.baseUrl}/webhook/chat-shop-shipped` }] });

	say(`
WhatsApp Business Platform demo
  chat page      ${sim.url}/_sim/chat   (open it: you are the customer; examples/chat-shop.json answers)
  n8n editor     ${n8n.baseUrl}   (n8n ${n8n.version}, log: ${n8n.logFile})
  login          ${DEMO_OWNER.email} / ${DEMO_OWNER.password}
  simulator      ${sim.url}   (token ${sim.options.accessToken}, app secret ${sim.options.appSecret}, WABA ${sim.options.businessAccountId}, phone number id ${sim.options.phoneNumbers[0].id})
  state          ${args.stateDir}   (kept across runs and \`npm ci\`; --fresh starts over)
  credentials    "${CREDENTIAL_NAME}" → the simulator; "${DATA_TABLES_CREDENTIAL_NAME}" → this n8n's API (a key made for you)
  webhooks to    ${sim.webhookUrlFor() ?? '(none: no published workflow with the WhatsApp trigger)'}${args.publicUrl ? `\n  public URL     ${args.publicUrl} (WEBHOOK_URL; the simulator must be able to reach it)` : ''}
Example workflows (examples/*.json):`);
	for (const workflow of workflows) {
		const state = workflow.active ? 'published' : needsActivation({ name: '', nodes: workflow.nodes, connections: {} }) ? 'NOT published' : 'open it and click "Execute workflow"';
		say(`  - ${workflow.name}  [${state}]  ${n8n.baseUrl}/workflow/${workflow.id}${workflow.note ? `\n      ${workflow.note}` : ''}`);
	}
	say(`
Try (the echo bot answers each of these through the simulator):
  text 15551234567 hi          a customer writes
  image 15551234567 a caption  location 15551234567 52.52 13.40 Office
  button 15551234567 CONFIRM   reply 15551234567 opt-1 Yes
  curl -X POST ${n8n.baseUrl}/webhook/send-text -H 'content-type: application/json' -d '{"to":"15551234567","text":"Hello"}'
  help                         all commands; Ctrl-C stops everything
`);

	if (args.check) {
		// Every customer command of the prompt, and the answer the shipped echo bot gives to it.
		const plays: Array<[string, string]> = [
			['text 15551234567 demo check', 'You said: demo check'],
			['image 15551234567 a receipt', 'Thanks for the image "a receipt"'],
			['location 15551234567 52.52 13.405 Office', 'Got your location: 52.52, 13.405 (Office)'],
			['button 15551234567 CONFIRM Confirm', 'You tapped "Confirm" (payload CONFIRM)'],
			['reply 15551234567 opt-1 Yes', 'You chose "Yes" (ID opt-1)'],
		];
		let failed = 0;
		for (const [command, answer] of plays) {
			const before = sim.acceptedMessages.length;
			await runCommand(command, n8n, sim);
			const deadline = Date.now() + 30_000;
			// Compared inside the JSON text, so the answer is escaped the same way (quotes as \").
			const escaped = JSON.stringify(answer).slice(1, -1);
			const answered = () => sim.acceptedMessages.slice(before).some((message) => JSON.stringify(message.body).includes(escaped));
			while (Date.now() < deadline && !answered()) await new Promise((resolve) => setTimeout(resolve, 200));
			if (answered()) say(`  ok: "${command}" → "${answer}"`);
			else {
				failed++;
				say(`  NO ANSWER within 30 s: "${command}" (expected "${answer}")`);
			}
		}
		const ok = failed === 0;
		say(ok ? `CHECK PASSED: all ${plays.length} prompt commands got an answer through the simulator.` : `CHECK FAILED: ${failed} of ${plays.length} commands got no answer.`);
		await shutdown(ok ? 0 : 1);
		return ok ? 0 : 1;
	}

	const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'demo> ' });
	let queue: Promise<unknown> = Promise.resolve();
	rl.on('line', (line) => {
		queue = queue.then(async () => {
			try {
				if (!(await runCommand(line, n8n!, sim))) return await shutdown(0);
			} catch (error) {
				say(`  error: ${(error as Error).message}`);
			}
			rl.prompt();
		});
	});
	// Without a terminal (piped/background) keep serving until a signal.
	rl.on('close', () => {
		if (process.stdin.isTTY) void shutdown(0);
	});
	rl.prompt();
	return await new Promise<number>(() => undefined);
}

void main().then(
	(code) => process.exit(code),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
