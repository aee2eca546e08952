/**
 * The Inbox node run by n8n's engine against the simulator (sends) and a fake of n8n's Data Tables
 * API (contact book and once-only ledger): every rule, with the message's own timestamp as clock.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';
import { PACKAGE_NAME, runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../harness';

const PNID = '106540352242922';
const CUSTOMER = '34600111222';
const OUTPUTS = ['Handled', 'After Hours', 'Greeting', 'Continue', 'Other Events'];

// Business hours are judged on a fixed clock (the node's Time Override): Madrid, Monday 2 June
// 2025, 23:30 local = 21:30Z (closed) or 10:00 local = 08:00Z (open). Messages carry real, recent
// timestamps, so the 24-hour window is open as it would be for a customer writing now.
const NIGHT = { options: { timeOverride: '2025-06-02T21:30:00Z' } };
const NEXT_NIGHT = { options: { timeOverride: '2025-06-03T21:30:00Z' } };
const MORNING = { options: { timeOverride: '2025-06-02T08:00:00Z' } };
const CHRISTMAS = { options: { timeOverride: '2025-12-25T10:00:00Z' } };
const DAY = 86400;
const QUIET = { awayType: 'none', greetingType: 'none' };

let counter = 0;
/** A trigger item; `ago` seconds before now. */
function message(text: string, ago = 0, extra: IDataObject = {}): INodeExecutionData {
	counter += 1;
	const at = Math.floor(Date.now() / 1000) - ago;
	return {
		json: {
			event: 'message',
			messageId: `wamid.in-${counter}-${Date.now()}`,
			messageType: 'text',
			waId: CUSTOMER,
			phone: `+${CUSTOMER}`,
			profileName: 'Ana García',
			text,
			timestamp: new Date(at * 1000).toISOString(),
			businessPhoneNumberId: PNID,
			...extra,
		},
	};
}

const BASE: IDataObject = {
	operation: 'automate',
	timeZone: 'Europe/Madrid',
	openingHours: { interval: [{ day: 'weekdays', from: '09:00', to: '14:00' }, { day: 'weekdays', from: '16:00', to: '20:00' }] },
	closures: { closure: [{ name: 'Christmas', from: '2025-12-25' }] },
	awayType: 'text',
	awayText: 'We are closed, {{first_name|friend}}. Back soon!',
	greetingType: 'text',
	greetingText: 'Welcome {{name|there}}!',
	quickRepliesSource: 'list',
	quickReplies: {
		reply: [
			{ shortcut: 'address', match: 'command', type: 'text', text: 'We are at Calle Mayor 1, {{first_name}}.' },
			{ shortcut: 'where', match: 'contains', keywords: 'direccion, where are you', type: 'buttons', text: 'Calle Mayor 1. Need directions?', buttons: 'Yes, No' },
		],
	},
	consent: {
		language: [
			{ language: 'en', optOutKeywords: 'STOP, UNSUBSCRIBE', optInKeywords: 'START', optOutConfirmation: 'You are unsubscribed.', optInConfirmation: 'Welcome back.' },
			{ language: 'es', optOutKeywords: 'BAJA', optInKeywords: 'ALTA', optOutConfirmation: 'Te has dado de baja.', optInConfirmation: 'Alta hecha.' },
		],
	},
	options: { contactTable: { mode: 'name', value: 'contacts_test' } },
};

describe('Inbox node (engine + simulator + Data Tables fake)', () => {
	let sim: SimulatorHandle;
	let tables: FakeDataTables;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(async () => {
		sim.reset();
		tables = await startFakeDataTables();
	});
	afterEach(async () => {
		await tables.stop();
	});

	async function run(input: INodeExecutionData[], parameters: IDataObject = {}, clock: IDataObject = {}, continueOnFail = false) {
		parameters = { ...parameters, options: { ...((parameters.options as IDataObject) ?? {}), ...((clock.options as IDataObject) ?? {}) } };
		const workflow = singleNodeWorkflow(
			{ ...BASE, ...parameters, options: { ...(BASE.options as IDataObject), ...((parameters.options as IDataObject) ?? {}) } },
			{
				name: 'Inbox',
				type: `${PACKAGE_NAME}.whatsAppBusinessPlatformInbox`,
				continueOnFail,
				credentials: { whatsAppBusinessPlatformApi: { id: '1', name: 'sim' }, whatsAppBusinessPlatformN8nApi: { id: '2', name: 'fake' } },
			},
		);
		const result = await runWorkflow(workflow, {
			credentials: {
				whatsAppBusinessPlatformApi: simulatorCredentials(sim),
				whatsAppBusinessPlatformN8nApi: { baseUrl: tables.url, apiKey: tables.apiKey },
			},
			input,
		});
		if (result.error) throw result.error;
		const byOutput: Record<string, IDataObject[]> = {};
		OUTPUTS.forEach((name, index) => (byOutput[name] = result.output('Inbox', index).map((item) => item.json)));
		return byOutput;
	}

	const bodies = () => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${PNID}/messages`)).map((r) => r.body as IDataObject);
	const contactRows = () => tables.tables.find((t) => t.name === 'contacts_test')?.rows ?? [];

	it('a first-time customer at night gets greeting and away message once, with reasons; two messages of one burst share them', async () => {
		const out = await run([message('hola', 1), message('are you there?')], {}, NIGHT);
		expect(out['After Hours']).toHaveLength(2);
		const [first, second] = out['After Hours'].map((json) => json.inbox as IDataObject);
		expect(first.reason).toBe('away: closed, outside business hours, opens Tue 3 Jun 09:00');
		expect(first.reasons).toContain('greeting: first message ever');
		expect((first.actions as IDataObject[]).map((a) => [a.kind, a.sent])).toEqual([['greeting', true], ['away', true]]);
		expect(second.reasons).toContain('away: already sent for this closed period');
		expect(bodies().map((b) => (b.text as IDataObject).body)).toEqual(['Welcome Ana García!', 'We are closed, Ana. Back soon!']);
	});

	it('two executions at the same time for the same customer send ONE away message', async () => {
		await run([message('earlier', 3 * DAY)], QUIET, MORNING); // a known customer: no greeting
		sim.reset();
		await Promise.all([run([message('first', 2)], {}, NIGHT), run([message('second')], {}, NIGHT)]);
		const away = bodies().filter((b) => String((b.text as IDataObject)?.body).startsWith('We are closed'));
		expect(away).toHaveLength(1);
		expect(bodies()).toHaveLength(1);
		// A later message in the same night: still nothing; the next night is a new closed period.
		await run([message('third')], {}, NIGHT);
		expect(bodies()).toHaveLength(1);
		await run([message('next night')], {}, NEXT_NIGHT);
		expect(bodies()).toHaveLength(2);
	});

	it('away only for a first contact out of hours when configured; a holiday names itself', async () => {
		const out = await run([message('hi')], { options: { firstContact: 'awayOnly' } }, CHRISTMAS);
		const inbox = out['After Hours'][0].inbox as IDataObject;
		expect(inbox.reason).toMatch(/^away: closed, holiday "Christmas"/);
		expect((inbox.actions as IDataObject[]).map((a) => a.kind)).toEqual(['away']);
		expect(inbox.reasons).toContain('greeting: first message ever, not sent: out of hours the away message goes alone');
		expect(bodies()).toHaveLength(1);
	});

	it('greets a first-time customer in opening hours, not the next message, and again after 16 silent days', async () => {
		let out = await run([message('hello', 60)], {}, MORNING);
		expect(out['Greeting'][0].inbox).toMatchObject({ reason: 'greeting: first message ever' });
		out = await run([message('one more')], {}, MORNING);
		expect(out.Continue[0].inbox).toMatchObject({ reason: expect.stringContaining('no greeting: last message 0 days ago') });
		expect(bodies().map((b) => (b.text as IDataObject).body)).toEqual(['Welcome Ana García!']);

		// Another customer who last wrote 16 days ago.
		const other = { waId: '34600333444', phone: '+34600333444', profileName: 'Luis' };
		await run([message('old times', 16 * DAY + 60, other)], QUIET, MORNING);
		out = await run([message('back again', 0, other)], {}, MORNING);
		expect(out['Greeting'][0].inbox).toMatchObject({ reason: 'greeting: silent 16 days' });
		out = await run([message('back again', 0, { ...other, waId: '34600555666' })], { options: { greetingWhen: 'first' } }, MORNING);
		expect(out['Greeting']).toHaveLength(1);
	});

	it('quick replies: /address gets the stored answer with variables; accent-tolerant keywords send buttons; first match wins', async () => {
		let out = await run([message('/ADDRESS')], {}, MORNING);
		expect(out.Handled[0].inbox).toMatchObject({ reason: 'quick reply: address (command /address)' });
		expect(bodies()[0]).toMatchObject({ type: 'text', text: { body: 'We are at Calle Mayor 1, Ana.' } });
		out = await run([message('¿Cuál es la DIRECCIÓN?')], {}, NIGHT);
		expect(out.Handled[0].inbox).toMatchObject({ reason: 'quick reply: where (contains "direccion")' });
		expect(bodies()[1]).toMatchObject({ type: 'interactive', interactive: { type: 'button', body: { text: 'Calle Mayor 1. Need directions?' } } });
		// Handled at night: no away message on top of the quick reply.
		expect(bodies()).toHaveLength(2);
	});

	it('STOP records an opt-out and confirms; START opts in again; an echo saying STOP does nothing', async () => {
		let out = await run([message('Stop!')], {}, NIGHT);
		expect(out.Handled[0].inbox).toMatchObject({ reason: 'opt-out: keyword "STOP" (en)', consent: { kind: 'optOut', keyword: 'STOP', language: 'en' } });
		expect(bodies()[0]).toMatchObject({ text: { body: 'You are unsubscribed.' } });
		expect(contactRows().filter((row) => row.kind === 'opt_out')).toHaveLength(1);
		out = await run([message('baja')], {}, NIGHT);
		expect(out.Handled[0].inbox).toMatchObject({ consent: { kind: 'optOut', language: 'es' } });
		out = await run([message('START')], {}, MORNING);
		expect(out.Handled[0].inbox).toMatchObject({ consent: { kind: 'optIn' } });
		expect(contactRows().filter((row) => row.kind === 'opt_in')).toHaveLength(1);
		sim.reset();
		const before = contactRows().length;
		out = await run([message('STOP', 0, { event: 'messageEcho', to: CUSTOMER })], {}, NIGHT);
		expect(out['Other Events'][0].inbox).toMatchObject({ reason: expect.stringMatching(/^ignored: message echo/) });
		expect(bodies()).toHaveLength(0);
		const added = contactRows().slice(before);
		expect(added.map((row) => row.kind)).toEqual(['outbound']);
		expect(JSON.parse(String(added[0].value))).toMatchObject({ source: 'business_app' });
	});

	it('an agent reply within N minutes (an echo) holds the away message back; an owner holds every automation back', async () => {
		await run([message('earlier', 2 * DAY)], QUIET, MORNING);
		await run([message('Still here!', 125, { event: 'messageEcho', messageId: 'wamid.echo1' })], {}, NIGHT);
		sim.reset();
		let out = await run([message('thanks')], {}, NIGHT);
		expect(out['After Hours'][0].inbox).toMatchObject({ reason: 'away: not sent, an agent replied 2 min ago (closed, outside business hours, opens Tue 3 Jun 09:00)' });
		expect(bodies()).toHaveLength(0);
		out = await run([message('/address')], { owner: 'bot:faq' }, NIGHT);
		expect(out.Continue[0].inbox).toMatchObject({ reason: 'continue: conversation owned by bot:faq, automations left to the owner' });
		expect(bodies()).toHaveLength(0);
	});

	it('a redelivered webhook (same message ID) never sends twice', async () => {
		const item = message('/address');
		await run([item], {}, MORNING);
		const out = await run([item], {}, MORNING);
		expect(out.Handled[0].inbox).toMatchObject({ reason: 'quickReply: already handled (the same message was delivered twice)' });
		expect(bodies()).toHaveLength(1);
	});

	it('branch only: nothing is sent, the item still takes the After Hours branch', async () => {
		const out = await run([message('hi')], QUIET, NIGHT);
		expect(out['After Hours']).toHaveLength(1);
		expect((out['After Hours'][0].inbox as IDataObject).actions).toEqual([
			expect.objectContaining({ kind: 'greeting', branchOnly: true, sent: false }),
			expect.objectContaining({ kind: 'away', branchOnly: true, sent: false }),
		]);
		expect(bodies()).toHaveLength(0);
	});

	it.each([
		['overlapping intervals', { openingHours: { interval: [{ day: 'monday', from: '09:00', to: '13:00' }, { day: 'monday', from: '12:00', to: '18:00' }] } }, /Monday 09:00–13:00 overlaps Monday 12:00–18:00/],
		['an inverted closure', { closures: { closure: [{ name: 'Summer', from: '2025-08-31', to: '2025-08-01' }] } }, /Closure 1: the range ends \(2025-08-01\) before it starts/],
		['an unknown time zone', { timeZone: 'Mars/Olympus' }, /"Mars\/Olympus" is not an IANA time zone/],
		['an empty away text', { awayText: '  ' }, /Away Message: the reply text is empty/],
		['a duplicate shortcut', { quickReplies: { reply: [{ shortcut: 'hours', type: 'text', text: 'a' }, { shortcut: 'Hours', type: 'text', text: 'b' }] } }, /shortcut "hours" is already used by Quick Reply 1/],
	])('bad configuration is a clear error: %s', async (_name, parameters, message_) => {
		// The engine's error comes from the compiled package's copy of n8n-workflow: compare by shape.
		const outcome = await run([message('hi')], parameters as IDataObject, NIGHT).then(
			() => ({ name: 'none', message: 'the node did not fail' }),
			(error: Error) => error,
		);
		expect(outcome.name).toBe('NodeOperationError');
		expect(outcome.message).toMatch(message_);
		expect(bodies()).toHaveLength(0);
	});

	it('Check Business Hours routes to Open and Closed with the next opening', async () => {
		const workflow = singleNodeWorkflow(
			{ operation: 'checkHours', timeZone: 'Europe/Madrid', openingHours: BASE.openingHours, time: '={{ $json.at }}' },
			{ name: 'Hours', type: `${PACKAGE_NAME}.whatsAppBusinessPlatformInbox`, credentials: {} },
		);
		const result = await runWorkflow(workflow, { input: [{ json: { at: '2025-06-02T12:30:00Z' } }, { json: { at: '2025-06-02T15:00:00Z' } }] });
		expect(result.error).toBeUndefined();
		expect(result.output('Hours', 0).map((item) => (item.json.businessHours as IDataObject).reason)).toEqual(['open, within Monday 16:00–20:00']);
		expect(result.output('Hours', 1).map((item) => (item.json.businessHours as IDataObject).nextOpening)).toEqual(['2025-06-02T14:00:00.000Z']);
	});

	it('Send Quick Reply by shortcut for agents; a closed window falls back to the named template', async () => {
		const agentRun = async (recipient: string) => {
			const workflow = singleNodeWorkflow(
				{
					operation: 'sendQuickReply',
					recipient,
					shortcut: '/address',
					quickRepliesSource: 'json',
					quickRepliesJson: JSON.stringify([{ shortcut: 'address', type: 'text', text: 'Calle Mayor 1, {{name|friend}}', fallbackTemplate: 'hello_world', fallbackLanguage: 'en_US' }]),
					quickReplyContactTable: { mode: 'name', value: 'contacts_test' },
				},
				{ name: 'Agent', type: `${PACKAGE_NAME}.whatsAppBusinessPlatformInbox`, credentials: { whatsAppBusinessPlatformApi: { id: '1', name: 'sim' }, whatsAppBusinessPlatformN8nApi: { id: '2', name: 'fake' } } },
			);
			const result = await runWorkflow(workflow, {
				credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim), whatsAppBusinessPlatformN8nApi: { baseUrl: tables.url, apiKey: tables.apiKey } },
			});
			if (result.error) throw result.error;
			return result.output('Agent')[0].json;
		};
		// Ana wrote just now (window open); the other number never wrote (window closed).
		await run([message('hola')], QUIET, { options: { decideAt: 'now' } });
		sim.reset();
		expect(await agentRun(`+${CUSTOMER}`)).toMatchObject({ shortcut: 'address', type: 'text', windowOpen: true });
		expect(bodies()[0]).toMatchObject({ type: 'text', text: { body: 'Calle Mayor 1, Ana García' } });
		expect(await agentRun('+34600999888')).toMatchObject({ type: 'template', windowOpen: false });
		expect(bodies()[1]).toMatchObject({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
	});
});
