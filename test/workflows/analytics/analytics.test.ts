/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * Analytics → Record Events and Report in n8n's engine, against the simulator (real HTTP, real
 * signed status webhooks) and a fake of n8n's Data Tables API: a campaign run, its status webhooks
 * as the trigger emits them (redelivered), customer replies, an agent's answer and a resolution,
 * then the report as items, per conversation and as files, and the comparison with Meta.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { verifySignature } from '../../../whatsapp/webhooks/signature';
import { parseWebhook } from '../../../whatsapp/webhooks/parse';
import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';
import type { WorkflowJson } from '../harness';
import { PACKAGE_NAME, runWorkflow, simulatorCredentials } from '../harness';

jest.setTimeout(60_000);

const NODE_TYPE = `${PACKAGE_NAME}.whatsAppBusinessPlatform`;
const TABLE = 'engine_message_log';
const CAMPAIGN = 'engine-spring';
const RECIPIENTS = ['4915100000101', '4915100000102', '4915100000103', '4915100000104', '5511900000105', '5511900000106'];
const UNDELIVERABLE = ['4915100000103', '5511900000106'];

/** Receives the simulator's webhooks like the trigger does: signature checked, body parsed to items. */
async function startCollector(appSecret: string) {
	const items: IDataObject[] = [];
	let rejected = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			if (!verifySignature(raw, req.headers['x-hub-signature-256'] as string | undefined, appSecret).ok) {
				rejected++;
				res.writeHead(401).end();
				return;
			}
			items.push(...parseWebhook(JSON.parse(raw.toString('utf8'))).map((event) => JSON.parse(JSON.stringify(event)) as IDataObject));
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
		items,
		rejected: () => rejected,
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function node(name: string, parameters: IDataObject, index: number, credentials: IDataObject): INode {
	return { id: `n${index}`, name, type: NODE_TYPE, typeVersion: 1, position: [220 * (index + 1), 0], parameters: parameters as INode['parameters'], credentials: credentials as never };
}

const CREDENTIALS = {
	whatsAppBusinessPlatformApi: { id: '1', name: 'WhatsApp (simulator)' },
	whatsAppBusinessPlatformN8nApi: { id: '2', name: 'n8n API (fake)' },
};

/** Manual Trigger → the given nodes, one after another. */
function chain(steps: Array<{ name: string; parameters: IDataObject }>): WorkflowJson {
	const nodes: INode[] = [{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: IDataObject = {};
	let previous = 'Start';
	steps.forEach((step, index) => {
		nodes.push(node(step.name, step.parameters, index, CREDENTIALS));
		connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
		previous = step.name;
	});
	return { nodes, connections };
}

const record = (extra: IDataObject = {}) => ({ name: 'Record', parameters: { resource: 'analytics', operation: 'recordEvents', logTable: TABLE, ...extra } });

describe('Analytics → Record Events and Report (engine + simulator)', () => {
	let sim: SimulatorHandle;
	let tables: FakeDataTables;
	let collector: Awaited<ReturnType<typeof startCollector>>;
	const run = async (workflow: WorkflowJson, input?: INodeExecutionData[]) => {
		const result = await runWorkflow(workflow, {
			credentials: {
				whatsAppBusinessPlatformApi: simulatorCredentials(sim),
				whatsAppBusinessPlatformN8nApi: { baseUrl: tables.url, apiKey: tables.apiKey },
			},
			input,
		});
		if (result.error) throw result.error;
		return result;
	};
	const waitFor = async (predicate: () => boolean, what: string) => {
		const deadline = Date.now() + 20_000;
		while (!predicate()) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; collected ${collector.items.length} events`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	};
	const report = async (parameters: IDataObject) => {
		const start = new Date(Date.now() - 3_600_000).toISOString();
		const end = new Date(Date.now() + 3_600_000).toISOString();
		const result = await run(chain([{ name: 'Report', parameters: { resource: 'analytics', operation: 'report', logTable: TABLE, start, end, timeZone: 'Europe/Berlin', ...parameters } }]));
		return result.output('Report');
	};

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, statusDelaysMs: { sent: 10, delivered: 30, read: 60 }, logger: () => undefined });
		tables = await startFakeDataTables();
		collector = await startCollector(sim.options.appSecret);
		sim.setWebhookUrl(collector.url);
		for (const waId of UNDELIVERABLE) sim.setUndeliverable(waId);

		// 1. The campaign, its results straight into Record Events.
		const campaign = await run(
			chain([
				{
					name: 'Campaign',
					parameters: {
						resource: 'campaign',
						operation: 'send',
						campaignId: CAMPAIGN,
						recipient: '={{ $json.phone }}',
						messageKind: 'template',
						templateName: 'hello_world',
						templateLanguage: 'en_US',
						messagesPerSecond: 400,
						pacing: { pairIntervalSeconds: 0 },
					},
				},
				record({ templateName: 'hello_world' }),
			]),
			RECIPIENTS.map((phone) => ({ json: { phone } })),
		);
		expect(campaign.output('Record').filter((item) => (item.json.analyticsLog as IDataObject).recorded === 1)).toHaveLength(6);

		// 2. Statuses: 4 × sent/delivered/read, 2 × failed 131026.
		await waitFor(() => collector.items.filter((item) => item.event === 'status').length >= 4 * 3 + 2, 'status webhooks');

		// 3. Two customers reply.
		await sim.injectInbound({ from: RECIPIENTS[0], text: 'Tell me more' });
		await sim.injectInbound({ from: RECIPIENTS[4], text: 'Is it in stock?' });
		await waitFor(() => collector.items.filter((item) => item.event === 'message').length >= 2, 'inbound webhooks');

		// 4. Trigger items → Record Events, delivered twice (Meta redelivers).
		const triggerItems = collector.items.map((json) => ({ json }));
		const recorded = await run(chain([record()]), [...triggerItems, ...triggerItems]);
		expect(recorded.output('Record')).toHaveLength(triggerItems.length * 2);

		// 5. An agent answers the first customer, then resolves the conversation.
		await run(
			chain([
				{ name: 'Reply', parameters: { resource: 'message', operation: 'sendText', recipient: RECIPIENTS[0], text: 'Sure, here it is' } },
				record({ agent: 'alice', team: 'support' }),
			]),
		);
		await run(chain([record({ itemsAre: 'resolved', customer: RECIPIENTS[0], agent: 'alice', team: 'support' })]));
	});

	afterAll(async () => {
		await sim?.stop();
		await tables?.stop();
		await collector?.stop();
	});

	it('stored every fact, redeliveries included, in the log table', () => {
		const table = tables.tables.find((candidate) => candidate.name === TABLE)!;
		expect(table.columns.map((column) => column.name)).toEqual(expect.arrayContaining(['key', 'kind', 'at', 'messageId', 'customer', 'campaignId', 'billable', 'errorCode']));
		const keys = table.rows.map((row) => row.key as string);
		expect(keys.length).toBeGreaterThan(new Set(keys).size);
		expect(collector.rejected()).toBe(0);
	});

	it('report by campaign: funnel, failures with Meta code and hint, replies, billable and cost', async () => {
		const items = await report({ groupBy: 'campaign', reportOptions: { rateTable: '{"utility": {"*": 0.01, "55": 0.008}}', currency: 'USD' } });
		const spring = items.find((item) => item.json.group === CAMPAIGN)!.json;
		expect(spring).toMatchObject({ messages: 6, sent: 4, delivered: 4, read: 4, failed: 2, replied: 2, optedOut: 0, billable: 4, billableByCategory: { utility: 4 }, currency: 'USD' });
		expect(spring.estimatedCost).toBeCloseTo(3 * 0.01 + 0.008, 6);
		expect(spring.failures).toEqual([expect.objectContaining({ code: 131026, count: 2, hint: expect.stringMatching(/\w/) })]);
		expect(spring).toMatchObject({ conversations: 2, responded: 1, resolved: 1, firstResponseCount: 1 });
		expect(spring.firstResponseMedianSeconds).toBeGreaterThanOrEqual(0);
		const other = items.find((item) => item.json.group === '(none)')!.json;
		// The agent's free-form answer: inside the window, free (service), no campaign.
		expect(other).toMatchObject({ messages: 1, sent: 1, billable: 0 });
	});

	it('one item per conversation, and the files: SVG chart, response-time SVG and HTML report', async () => {
		const conversations = await report({ output: 'conversations' });
		expect(conversations.map((item) => item.json.customer).sort()).toEqual([RECIPIENTS[0], RECIPIENTS[4]]);
		const answered = conversations.find((item) => item.json.customer === RECIPIENTS[0])!.json;
		expect(answered).toMatchObject({ firstResponder: 'alice', team: 'support', resolvedBy: 'alice', campaignId: CAMPAIGN, templateName: 'hello_world', customerMessages: 1 });

		const [file] = await report({ output: 'files', groupBy: 'day' });
		expect(file.json).toMatchObject({ groupBy: 'day', sent: 5, failed: 2 });
		expect(file.binary?.chart).toMatchObject({ mimeType: 'image/svg+xml', fileExtension: 'svg' });
		expect(file.binary?.report).toMatchObject({ mimeType: 'text/html', fileExtension: 'html' });
		expect(file.binary?.responseTimes).toMatchObject({ mimeType: 'image/svg+xml' });
	});

	it('compares with Meta analytics and says where they disagree', async () => {
		const items = await report({ groupBy: 'total', reportOptions: { compareWithMeta: true } });
		const comparison = items.find((item) => item.json.comparison === true)!.json;
		// The simulator's analytics are synthetic numbers, so they cannot match this log.
		expect(comparison.metaAgrees).toBe(false);
		expect(comparison.metaComparison).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'sent', log: 7 }), expect.objectContaining({ metric: 'delivered', log: 4 })]));
		const calls = sim.requests.filter((request) => request.path.endsWith(`/${sim.options.businessAccountId}`)).map((request) => String(request.query.fields));
		expect(calls.some((fields) => fields.startsWith('analytics.'))).toBe(true);
		expect(calls.some((fields) => fields.startsWith('pricing_analytics.') && fields.includes('pricing_types(["REGULAR"])'))).toBe(true);
	});

	it('bad input gets a clear error: unknown time zone, business hours, rate table', async () => {
		// Errors come from the engine's realm, so they are matched by message, not by class.
		const failure = async (parameters: IDataObject) => ((await report(parameters).then(() => undefined, (error: unknown) => error)) as { message?: string } | undefined)?.message;
		expect(await failure({ timeZone: 'Mars/Olympus' })).toMatch(/IANA time zone/);
		expect(await failure({ reportOptions: { businessHours: 'weekdays 9-5' } })).toMatch(/Business Hours/);
		expect(await failure({ reportOptions: { rateTable: '{"marketing": {"BR": 0.1}}' } })).toMatch(/calling code/);
	});

	it('prune deletes rows older than the kept days and nothing newer', async () => {
		const table = tables.tables.find((candidate) => candidate.name === TABLE)!;
		const before = table.rows.length;
		table.rows.push({ ...table.rows[0], id: 999_999, key: 'old|sent', at: Date.now() - 100 * 86_400_000 });
		const result = await run(chain([{ name: 'Prune', parameters: { resource: 'analytics', operation: 'pruneLog', logTable: TABLE, keepDays: 90 } }]));
		expect(result.output('Prune')[0].json).toMatchObject({ deleted: 1, keepDays: 90 });
		expect(table.rows).toHaveLength(before);
	});
});
