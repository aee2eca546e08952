/**
 * Interactive WhatsApp Cloud API simulator: `npx tsx simulator/cli.ts [--port 4010] [--webhook-url URL] ...`
 * Type `help` for the commands that inject customer messages.
 */
/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- interactive dev tool that runs in Node, not inside n8n */
import { createInterface } from 'node:readline';

import type { InboundMessageInput, SimulatorHandle, SimulatorOptions } from './index';
import { DEFAULTS, startSimulator } from './index';

const USAGE = `Usage: npx tsx simulator/cli.ts [options]
  --port <n>              port (default 4010; 0 = random)
  --webhook-url <url>     where signed webhooks are POSTed
  --token <t>             access token (default sim-token)
  --app-secret <s>        app secret used to sign webhooks (default sim-app-secret)
  --mps <n>               throughput cap per number (default 80)
  --latency <ms>          latency added to every answer
  --fault-429 <p>         probability of a 130429 answer to a send
  --fault-5xx <p>         probability of a 500/503 answer
  --fault-drop <p>        probability of a dropped connection
  --drop-after-accept     dropped sends are accepted first (uncertain delivery)
  --no-pair-rate          disable the 131056 pair rate limit
  --pair-burst <n>        pair-rate burst (default 45)   --pair-seconds <s>  seconds per message (default 6)
  --window-open           every recipient has an open 24 h window
  --window-sync           131047 as a synchronous HTTP 400 instead of a failed status webhook
  --no-statuses           do not send sent/delivered/read webhooks
  --template-delay <ms|manual>  approval delay for new templates (default 200)
  --identity-delay <ms|manual>  review delay for green tick requests and display name changes (default 200)
  --pin <6 digits>        the default number starts with this two-step verification PIN (green tick ready)
  --seed <n>              fault randomness seed
  --quiet                 do not print each request`;

const HELP = `Commands (FROM is the customer's number, e.g. 15551234567):
  text FROM message...            customer sends a text
  image|video|audio|document|sticker FROM [caption...]
  location FROM [lat lng [name...]]
  contacts FROM                   customer shares a contact card
  button FROM payload [label...]  taps a template quick-reply button
  reply FROM id [title...]        taps an interactive reply button
  list-reply FROM id [title...]   picks a list row
  flow FROM [json]                completes a Flow (nfm_reply)
  react FROM wamid emoji          reacts to a message
  order FROM                      sends a cart
  unsupported FROM [type]         sends an unsupported message (e.g. poll)
  reply-to WAMID                  the next injected message quotes WAMID
  window FROM | block FROM | unblock FROM | undeliverable FROM
  webhook URL|none                set the callback URL
  mps N | latency MS | fault 429|5xx|drop P
  messages [N]                    last accepted sends     templates   list templates
  status                          counters and settings   help | quit`;

function parseArgs(argv: string[]): SimulatorOptions & { quiet: boolean; twoStepPin?: string } {
	const options: SimulatorOptions & { quiet: boolean; twoStepPin?: string } = { port: 4010, quiet: false };
	const faults: NonNullable<SimulatorOptions['faults']> = {};
	let pairBurst = 45;
	let pairSeconds = 6;
	let pairOff = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const next = (): string => {
			const value = argv[++i];
			if (value === undefined) throw new Error(`${arg} needs a value`);
			return value;
		};
		switch (arg) {
			case '--port':
				options.port = Number(next());
				break;
			case '--webhook-url':
				options.webhookUrl = next();
				break;
			case '--token':
				options.accessToken = next();
				break;
			case '--app-secret':
				options.appSecret = next();
				break;
			case '--mps':
				options.messagesPerSecond = Number(next());
				break;
			case '--latency':
				options.latencyMs = Number(next());
				break;
			case '--fault-429':
				faults.rate130429 = Number(next());
				break;
			case '--fault-5xx':
				faults.rate5xx = Number(next());
				break;
			case '--fault-drop':
				faults.rateDrop = Number(next());
				break;
			case '--drop-after-accept':
				faults.dropAfterAccept = true;
				break;
			case '--no-pair-rate':
				pairOff = true;
				break;
			case '--pair-burst':
				pairBurst = Number(next());
				break;
			case '--pair-seconds':
				pairSeconds = Number(next());
				break;
			case '--window-open':
				options.windowOpenForAll = true;
				break;
			case '--window-sync':
				options.windowErrorMode = 'sync';
				break;
			case '--no-statuses':
				options.statuses = false;
				break;
			case '--template-delay': {
				const v = next();
				options.templateApprovalDelayMs = v === 'manual' ? 'manual' : Number(v);
				break;
			}
			case '--identity-delay': {
				const v = next();
				options.identityReviewDelayMs = v === 'manual' ? 'manual' : Number(v);
				break;
			}
			case '--pin':
				options.twoStepPin = next();
				break;
			case '--seed':
				options.seed = Number(next());
				break;
			case '--quiet':
				options.quiet = true;
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${arg}\n${USAGE}`);
		}
	}
	options.faults = faults;
	options.pairRate = pairOff ? false : { burst: pairBurst, perSeconds: pairSeconds };
	return options;
}

function lastOutboundTo(sim: SimulatorHandle, waId: string): string | undefined {
	for (let i = sim.acceptedMessages.length - 1; i >= 0; i--) if (sim.acceptedMessages[i].waId === waId) return sim.acceptedMessages[i].id;
	return undefined;
}

async function runCommand(sim: SimulatorHandle, line: string, state: { replyTo?: string }): Promise<boolean> {
	const [command, ...rest] = line.trim().split(/\s+/);
	if (!command) return true;
	const from = rest[0];
	const tail = rest.slice(1).join(' ');
	const needFrom = (): boolean => {
		if (!from || !/\d{7,15}/.test(from.replace(/\D/g, ''))) {
			console.log('  a customer number is needed, e.g. 15551234567');
			return false;
		}
		return true;
	};
	const inject = async (input: Omit<InboundMessageInput, 'from'>, autoContext = false): Promise<void> => {
		const contextId = state.replyTo ?? (autoContext ? lastOutboundTo(sim, from.replace(/\D/g, '')) : undefined);
		state.replyTo = undefined;
		const result = await sim.injectInbound({ from, ...input, ...(contextId && !input.context ? { context: { id: contextId } } : {}) });
		const url = sim.webhookUrlFor();
		const delivery = url ? `POST ${url} -> ${result.deliveredStatus ?? 'no answer'}` : 'no webhook URL set (use: webhook URL)';
		console.log(`  inbound ${result.wamid}\n  ${delivery}`);
	};
	switch (command) {
		case 'help':
			console.log(HELP);
			break;
		case 'quit':
		case 'exit':
			return false;
		case 'text':
			if (needFrom()) await inject({ type: 'text', text: tail || 'Hello' });
			break;
		case 'image':
		case 'video':
		case 'audio':
		case 'document':
		case 'sticker':
			if (needFrom()) await inject({ type: command, caption: tail || undefined });
			break;
		case 'location':
			if (needFrom()) {
				const [lat, lng, ...name] = rest.slice(1);
				await inject({
					type: 'location',
					latitude: lat ? Number(lat) : undefined,
					longitude: lng ? Number(lng) : undefined,
					name: name.length ? name.join(' ') : undefined,
				});
			}
			break;
		case 'contacts':
			if (needFrom()) await inject({ type: 'contacts' });
			break;
		case 'button':
			if (needFrom()) await inject({ type: 'button', payload: rest[1] ?? 'Confirm', text: rest.slice(2).join(' ') || rest[1] || 'Confirm' }, true);
			break;
		case 'reply':
			if (needFrom()) await inject({ type: 'button_reply', replyId: rest[1] ?? 'button-1', text: rest.slice(2).join(' ') || rest[1] || 'Yes' }, true);
			break;
		case 'list-reply':
			if (needFrom()) await inject({ type: 'list_reply', replyId: rest[1] ?? 'row-1', text: rest.slice(2).join(' ') || rest[1] || 'Option 1' }, true);
			break;
		case 'flow':
			if (needFrom()) {
				let response: Record<string, unknown> | string = { flow_token: 'sim-flow-token' };
				if (tail) {
					try {
						response = JSON.parse(tail) as Record<string, unknown>;
					} catch {
						console.log('  flow: the argument must be JSON');
						break;
					}
				}
				await inject({ type: 'nfm_reply', responseJson: response }, true);
			}
			break;
		case 'react':
			if (needFrom()) await inject({ type: 'reaction', messageId: rest[1] ?? lastOutboundTo(sim, from.replace(/\D/g, '')), emoji: rest[2] ?? '\u{1F44D}' });
			break;
		case 'order':
			if (needFrom()) await inject({ type: 'order' });
			break;
		case 'unsupported':
			if (needFrom()) await inject({ type: 'unsupported', unsupportedType: rest[1] ?? 'poll' });
			break;
		case 'reply-to':
			state.replyTo = from;
			console.log(`  the next message quotes ${from}`);
			break;
		case 'window':
			if (needFrom()) {
				sim.openWindow(from);
				console.log(`  window open for ${from} (24 h)`);
			}
			break;
		case 'block':
			if (needFrom()) sim.blockUser(from);
			break;
		case 'unblock':
			if (needFrom()) sim.unblockUser(from);
			break;
		case 'undeliverable':
			if (needFrom()) sim.setUndeliverable(from);
			break;
		case 'webhook':
			sim.setWebhookUrl(!from || from === 'none' ? undefined : from);
			console.log(`  webhook URL: ${sim.webhookUrlFor() ?? '(none)'}`);
			break;
		case 'mps':
			sim.setOptions({ messagesPerSecond: Number(from) });
			break;
		case 'latency':
			sim.setOptions({ latencyMs: Number(from) });
			break;
		case 'fault': {
			const p = Number(rest[1]);
			const key = from === '429' ? 'rate130429' : from === '5xx' ? 'rate5xx' : from === 'drop' ? 'rateDrop' : undefined;
			if (!key || !Number.isFinite(p)) console.log('  usage: fault 429|5xx|drop PROBABILITY');
			else sim.setOptions({ faults: { [key]: p } });
			break;
		}
		case 'messages': {
			const n = Number(from) || 10;
			for (const m of sim.acceptedMessages.slice(-n)) {
				const failure = m.failure ? ` FAILED ${m.failure.code}` : '';
				console.log(`  ${m.acceptedAt.toISOString()} ${m.type}${m.templateName ? `:${m.templateName}` : ''} -> ${m.waId} ${m.id}${failure}`);
			}
			break;
		}
		case 'templates':
			for (const t of sim.templates()) console.log(`  ${t.id} ${t.name} [${t.language}] ${t.category} ${t.status}`);
			break;
		case 'status':
			console.log(`  webhook URL: ${sim.webhookUrlFor() ?? '(none)'}`);
			console.log(`  mps: ${sim.options.messagesPerSecond}, latency: ${sim.options.latencyMs} ms, faults: ${JSON.stringify(sim.options.faults)}`);
			console.log(`  ${JSON.stringify(sim.stats())}`);
			break;
		default:
			console.log(`  unknown command "${command}" (type help)`);
	}
	return true;
}

async function main(): Promise<void> {
	let options: ReturnType<typeof parseArgs>;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	if (options.twoStepPin) {
		options.phoneNumbers = [{ id: DEFAULTS.phoneNumberId, display_phone_number: DEFAULTS.displayPhoneNumber, verified_name: DEFAULTS.verifiedName, two_step_pin: options.twoStepPin }];
	}
	const sim = await startSimulator(options);
	const phone = sim.options.phoneNumbers[0];
	console.log(`WhatsApp Cloud API simulator listening on ${sim.url}
  Graph base URL : ${sim.url}  (e.g. ${sim.url}/v25.0/${phone.id}/messages)
  access token   : ${sim.options.accessToken}
  app secret     : ${sim.options.appSecret}
  app id         : ${sim.options.appId}
  WABA id        : ${sim.options.businessAccountId}
  phone number id: ${phone.id} (${phone.display_phone_number}, ${phone.verified_name})
  webhook URL    : ${sim.options.webhookUrl ?? '(none: set with "webhook URL" or subscribed_apps)'}
Type "help" for commands.`);

	if (!options.quiet) {
		sim.events.on('request', (r: SimulatorHandle['requests'][number]) => {
			const code = r.outcome === 'dropped' ? 'DROPPED' : String(r.status);
			const err = (r.response as { error?: { code?: number; message?: string } } | undefined)?.error;
			console.log(`<- ${r.method} ${r.path} ${code}${err ? ` (${err.code}: ${err.message})` : ''}`);
		});
		sim.events.on('webhook', (w: SimulatorHandle['webhooks'][number]) => {
			if (w.kind === 'inbound' || w.kind === 'raw') return;
			const what = w.kind === 'status' ? `status ${w.statusName} ${w.wamid}` : w.field;
			console.log(`-> webhook ${what}: ${w.skipped ? `not sent (${w.skipped})` : `${w.url} ${w.status || w.error}`}`);
		});
	}

	const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'sim> ' });
	const state: { replyTo?: string } = {};
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		rl.close();
		await sim.stop();
		console.log('simulator stopped');
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	// Commands run one after another, in the order typed (or piped).
	let queue: Promise<unknown> = Promise.resolve();
	rl.on('line', (line) => {
		queue = queue.then(() =>
			runCommand(sim, line, state)
				.then((keepGoing) => (keepGoing ? rl.prompt() : stop()))
				.catch((error: Error) => {
					console.log(`  error: ${error.message}`);
					rl.prompt();
				}),
		);
	});
	// stdin closed (e.g. piped input or running in the background): keep serving until a signal.
	rl.on('close', () => {
		if (!stopping && !process.stdin.isTTY) return;
		void stop();
	});
	rl.prompt();
}

void main();
