/**
 * Campaign → Send and Validate with an audience the node reads itself, page by page: rows of a
 * data table (filtered by a column, or not) and the contacts of the contact book with a label.
 * n8n's engine against the simulator and the fake Data Tables API: every row is sent exactly once
 * across pages, duplicates across pages are skipped, resume skips what was accepted, and the
 * expressions a row cannot answer are refused before anything is sent.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../harness';
import type { FakeDataTables } from './fakeDataTables';
import { startFakeDataTables } from './fakeDataTables';
import { orderConfirmation } from './helpers';

jest.setTimeout(120_000);

const sends = (sim: SimulatorHandle) => sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/messages')).map((request) => request.body as IDataObject);
const bodyTexts = (body: IDataObject) =>
	((body.template as { components: Array<{ parameters: Array<{ text: string }> }> }).components[0].parameters ?? []).map((parameter) => parameter.text);

/** One trigger item: with a read audience the input only starts the campaign. */
const start: INodeExecutionData[] = [{ json: { startedBy: 'test' } }];

const AUDIENCE_COLUMNS = [
	{ name: 'phone', type: 'string' },
	{ name: 'name', type: 'string' },
	{ name: 'order', type: 'string' },
	{ name: 'segment', type: 'string' },
];

function audienceRows(count: number, from = 0, segment = 'vip'): Array<Record<string, unknown>> {
	return Array.from({ length: count }, (_, i) => ({ phone: `+1555${String(from + i).padStart(7, '0')}`, name: `Customer ${from + i}`, order: `A-${from + i}`, segment }));
}

describe('Campaign with an audience read by the node', () => {
	let sim: SimulatorHandle;
	let tables: FakeDataTables;

	const run = async (parameters: IDataObject, options: { continueOnFail?: boolean; typeVersion?: number; input?: INodeExecutionData[] } = {}) => {
		const workflow = singleNodeWorkflow(
			{ resource: 'campaign', contactBook: true, progressTable: 'audience_progress', ...parameters },
			{
				name: 'Campaign',
				continueOnFail: options.continueOnFail,
				typeVersion: options.typeVersion ?? 1,
				credentials: { whatsAppBusinessPlatformApi: { id: '1', name: 'WhatsApp (simulator)' }, whatsAppBusinessPlatformN8nApi: { id: '2', name: 'n8n API (fake)' } },
			},
		);
		const result = await runWorkflow(workflow, {
			credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim), whatsAppBusinessPlatformN8nApi: { baseUrl: tables.url, apiKey: tables.apiKey } },
			input: options.input ?? start,
		});
		const items = result.error ? [] : result.output('Campaign');
		return { result, results: items.filter((item) => item.json.summary !== true), summary: items.find((item) => item.json.summary === true)?.json ?? {} };
	};

	beforeAll(async () => {
		// Twice the campaigns' pace: this simulator shares the test's process, so when the suite loads the
		// machine it reads a paced stream late and in bunches, and its own 1-second count would answer
		// 130429 to sends that left in time (retried, but then counted twice as requests below).
		sim = await startSimulator({ port: 0, messagesPerSecond: 2000, latencyMs: 5, statuses: false });
		tables = await startFakeDataTables();
	});
	afterAll(async () => {
		await tables.stop();
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('sends to every row of a large table in pages, once each; a recipient on two pages is a duplicate; Summary Only', async () => {
		tables.createTable('big_audience', AUDIENCE_COLUMNS);
		const rows = audienceRows(5100);
		// Row 5,051 repeats the customer of row 3, on the second page.
		rows[5050] = { ...rows[2], name: 'Second copy' };
		// The last 40 rows belong to another segment and are not selected.
		for (const row of rows.slice(-40)) row.segment = 'other';
		tables.insert('big_audience', rows);

		const { result, results, summary } = await run({
			...orderConfirmation,
			messagesPerSecond: 1000,
			campaignId: 'big',
			audience: 'dataTable',
			audienceTable: 'big_audience',
			audienceFilterColumn: 'segment',
			audienceFilterValue: 'vip',
			options: { output: 'summary' },
		});
		expect(result.error).toBeUndefined();
		expect(results).toHaveLength(0);
		expect(summary).toMatchObject({ campaignId: 'big', total: 5060, sent: 5059, skipped: 1, skipReasons: { duplicate: 1 }, failed: 0, invalid: 0, audience: 'dataTable', pages: 2 });

		const bodies = sends(sim);
		expect(bodies).toHaveLength(5059);
		expect(new Set(bodies.map((body) => body.to)).size).toBe(5059);
		expect(sim.acceptedMessages).toHaveLength(5059);
		const byPhone = new Map(bodies.map((body) => [body.to, body]));
		// Values come from each row's own columns, on both pages.
		expect(bodyTexts(byPhone.get('+15550000007')!)).toEqual(['Customer 7', 'A-7']);
		expect(bodyTexts(byPhone.get('+15550005040')!)).toEqual(['Customer 5040', 'A-5040']);
		expect(byPhone.get('+15550000002')!.biz_opaque_callback_data).toBe('campaign:big:15550000002');
		expect(byPhone.has('+15550005099')).toBe(false);

		const progress = tables.tables.find((table) => table.name === 'audience_progress')!;
		const accepted = progress.rows.filter((row) => row.campaignId === 'big' && row.state === 'accepted');
		expect(accepted).toHaveLength(5059);
		expect(progress.rows.filter((row) => row.campaignId === 'big' && row.state === 'pending')).toHaveLength(5059);
	});

	it('resumes: a second run of the same Campaign ID sends only the rows added since', async () => {
		tables.createTable('resume_audience', AUDIENCE_COLUMNS);
		tables.insert('resume_audience', audienceRows(20, 100_000));
		const parameters = { ...orderConfirmation, campaignId: 'resume-table', audience: 'dataTable', audienceTable: 'resume_audience' };
		const first = await run(parameters);
		expect(first.summary).toMatchObject({ sent: 20, pages: 1 });
		// Per-recipient items name their row.
		expect(first.results[0].json).toMatchObject({ status: 'sent', recipient: '15550100000', row: { id: expect.any(Number) } });
		expect(first.results.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);

		sim.reset();
		tables.insert('resume_audience', audienceRows(5, 100_020));
		const second = await run(parameters);
		expect(second.result.error).toBeUndefined();
		expect(second.summary).toMatchObject({ total: 25, sent: 5, skipped: 20, skipReasons: { alreadyAccepted: 20 } });
		expect(sends(sim).map((body) => body.to)).toEqual(['+15550100020', '+15550100021', '+15550100022', '+15550100023', '+15550100024']);
	});

	it('reads rows with the definition-driven template fields (version 1.1), text around a column, and campaign-wide expressions', async () => {
		tables.createTable('v11_audience', AUDIENCE_COLUMNS);
		tables.insert('v11_audience', audienceRows(3, 200_000));
		const { result, results } = await run(
			{
				operation: 'send',
				campaignId: 'v11',
				recipient: '={{ $json["phone"] }}',
				messageKind: 'template',
				template: { __rl: true, mode: 'name', value: 'order_confirmation' },
				language: 'en_US',
				templateParameters: { mappingMode: 'defineBelow', value: { 'body.1': '=Dear {{ $json.name }}', 'body.2': "={{ 'REF-' + 7 }}" } },
				messagesPerSecond: 400,
				pacing: { pairIntervalSeconds: 0 },
				audience: 'dataTable',
				audienceTable: 'v11_audience',
			},
			{ typeVersion: 1.1 },
		);
		expect(result.error).toBeUndefined();
		expect(results.map((item) => item.json.status)).toEqual(['sent', 'sent', 'sent']);
		const texts = sends(sim).map(bodyTexts).sort((a, b) => a[0].localeCompare(b[0]));
		expect(texts).toEqual([
			['Dear Customer 200000', 'REF-7'],
			['Dear Customer 200001', 'REF-7'],
			['Dear Customer 200002', 'REF-7'],
		]);
	});

	it('refuses expressions a row cannot answer, a missing table and a missing column, before sending anything', async () => {
		tables.createTable('refusals', AUDIENCE_COLUMNS);
		tables.insert('refusals', audienceRows(3, 300_000));
		const base = { ...orderConfirmation, campaignId: 'refusals', audience: 'dataTable', audienceTable: 'refusals' };

		const computed = await run({ ...base, bodyParameters: { parameter: [{ value: '={{ $json.name.toUpperCase() }}' }, { value: '={{ $json.order }}' }] } });
		expect(computed.result.error?.message).toContain('Body Parameter 1: with the audience read from a table, an expression can take a row\'s column only as {{ $json.column }}');
		expect(computed.result.error?.message).toContain('$json.name.toUpperCase()');

		const missingTable = await run({ ...base, audienceTable: 'no_such_table' });
		expect(missingTable.result.error?.message).toBe('Audience Table "no_such_table" does not exist');

		const missingColumn = await run({ ...base, audienceFilterColumn: 'segmnet', audienceFilterValue: 'vip' });
		expect(missingColumn.result.error?.message).toBe('Audience Table "refusals" has no column "segmnet"');
		expect((missingColumn.result.error as { description?: string }).description).toContain('Its columns: id, phone, name, order, segment');

		expect(sends(sim)).toHaveLength(0);
	});

	it('an invalid row stops the campaign before its page naming the row; Continue On Fail sends the rest', async () => {
		tables.createTable('broken_rows', AUDIENCE_COLUMNS);
		const rows = audienceRows(4, 400_000);
		rows[2].order = '';
		tables.insert('broken_rows', rows);
		const rowId = tables.tables.find((table) => table.name === 'broken_rows')!.rows[2].id;
		const base = { ...orderConfirmation, campaignId: 'broken', audience: 'dataTable', audienceTable: 'broken_rows' };

		const refused = await run(base);
		expect(refused.result.error?.message).toBe(`Row ${String(rowId)} (recipient 3): Body Parameter 2 is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given`);
		expect(sends(sim)).toHaveLength(0);

		const forgiving = await run(base, { continueOnFail: true });
		expect(forgiving.summary).toMatchObject({ total: 4, sent: 3, invalid: 1 });
		expect(forgiving.results[2].json).toMatchObject({ status: 'invalid', recipient: '15550400002', row: { id: rowId } });
	});

	it('sends to the contact book label: opted-out and unlabelled contacts are skipped, attributes fill the template', async () => {
		tables.createTable('label_book', [
			{ name: 'wa_id', type: 'string' },
			{ name: 'kind', type: 'string' },
			{ name: 'label', type: 'string' },
			{ name: 'value', type: 'string' },
			{ name: 'at', type: 'date' },
		]);
		const at = '2026-11-01T10:00:00.000Z';
		const event = (waId: string, kind: string, value: IDataObject = {}, label: string | null = null) => ({ wa_id: waId, kind, label, value: JSON.stringify(value), at });
		tables.insert('label_book', [
			event('4915200000001', 'label_added', {}, 'newsletter'),
			event('4915200000001', 'attribute_set', { attributes: { first_name: 'Ana', order: 'N-1' } }),
			event('4915200000002', 'label_added', {}, 'newsletter'),
			event('4915200000002', 'attribute_set', { attributes: { first_name: 'Ben', order: 'N-2' } }),
			event('4915200000002', 'opt_out', { keyword: 'STOP' }),
			event('4915200000003', 'label_added', {}, 'newsletter'),
			event('4915200000003', 'label_removed', {}, 'newsletter'),
			event('4915200000004', 'label_added', {}, 'other'),
		]);
		const { result, results, summary } = await run({
			...orderConfirmation,
			campaignId: 'newsletter-1',
			bodyParameters: { parameter: [{ value: '={{ $json.attributes.first_name }}' }, { value: '={{ $json.attributes.order }}' }] },
			audience: 'contactBookLabel',
			audienceLabel: 'newsletter',
			audienceContactTable: 'label_book',
		});
		expect(result.error).toBeUndefined();
		expect(summary).toMatchObject({ total: 2, sent: 1, skipped: 1, skipReasons: { optedOut: 1 }, audience: 'contactBookLabel', pages: 1 });
		expect(results.map((item) => item.json)).toEqual([
			expect.objectContaining({ recipient: '4915200000001', status: 'sent', row: { waId: '4915200000001' } }),
			expect.objectContaining({ recipient: '4915200000002', status: 'skipped', reason: 'optedOut' }),
		]);
		const [body] = sends(sim);
		expect(body.to).toBe('+4915200000001');
		expect(bodyTexts(body)).toEqual(['Ana', 'N-1']);

		// A mistyped contact book is refused, not created empty.
		sim.reset();
		const mistyped = await run({ ...orderConfirmation, campaignId: 'newsletter-2', audience: 'contactBookLabel', audienceLabel: 'newsletter', audienceContactTable: 'label_bok' });
		expect(mistyped.result.error?.message).toBe('Audience Contact Book Table "label_bok" does not exist');
		expect(tables.tables.some((table) => table.name === 'label_bok')).toBe(false);
		expect(sends(sim)).toHaveLength(0);
	});

	it('Validate reads the whole audience too, without sending', async () => {
		tables.createTable('validate_audience', AUDIENCE_COLUMNS);
		const rows = audienceRows(6, 500_000);
		rows[4].phone = 'not a number';
		tables.insert('validate_audience', rows);
		const { result, results, summary } = await run({ ...orderConfirmation, operation: 'validate', campaignId: 'validate-table', audience: 'dataTable', audienceTable: 'validate_audience' });
		expect(result.error).toBeUndefined();
		expect(results).toHaveLength(6);
		expect(results[4].json).toMatchObject({ valid: false, action: 'none' });
		expect(summary).toMatchObject({ total: 6, toSend: 5, invalid: 1, valid: false, audience: 'dataTable', pages: 1 });

		const quiet = await run({ ...orderConfirmation, operation: 'validate', campaignId: 'validate-table', audience: 'dataTable', audienceTable: 'validate_audience', options: { output: 'summary' } });
		expect(quiet.results).toHaveLength(0);
		expect((quiet.summary.firstProblems as string[])[0]).toMatch(/^Row \d+ \(recipient 5\): /);
		expect(sends(sim)).toHaveLength(0);
	});
});
