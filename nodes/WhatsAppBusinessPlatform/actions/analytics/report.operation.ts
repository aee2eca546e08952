import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { funnelChart, responseChart } from '../../../../whatsapp/analytics/chart';
import type { Discrepancy } from '../../../../whatsapp/analytics/compare';
import { compareWithMeta } from '../../../../whatsapp/analytics/compare';
import { parseRateTable } from '../../../../whatsapp/analytics/cost';
import { DAY_MS, foldConversations, foldMessages } from '../../../../whatsapp/analytics/fold';
import { htmlReport } from '../../../../whatsapp/analytics/html';
import type { AnalyticsDataPoint } from '../../../../whatsapp/analytics/metaQuery';
import { buildAnalyticsRequest, flattenAnalytics, toUnixSeconds } from '../../../../whatsapp/analytics/metaQuery';
import type { GroupBy, Report, ReportOptions } from '../../../../whatsapp/analytics/report';
import { buildReport, flatGroup } from '../../../../whatsapp/analytics/report';
import { checkTimeZone, parseWeeklyHours } from '../../../../whatsapp/analytics/time';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { ensureLogTable, readLogRows } from '../../../shared/analytics/messageLog';
import { getGraphCredentials, graphRequest } from '../../../shared/transport/graph';
import { ExecutionItems, runPerItem } from '../../helpers/runPerItem';
import { logTableProperty } from './log.descriptions';

/** Rows read before the period: statuses of messages sent just before it, open conversations. */
const LOOKBACK_MS = 3 * DAY_MS;

const properties: INodeProperties[] = [
	logTableProperty,
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Beginning of the period (messages sent and conversations opened from here)',
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'End of the period (exclusive)',
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		options: [
			{ name: 'Agent', value: 'agent' },
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'Day', value: 'day' },
			{ name: 'Nothing (Totals Only)', value: 'total' },
			{ name: 'Phone Number', value: 'phoneNumber' },
			{ name: 'Team', value: 'team' },
			{ name: 'Template', value: 'template' },
		],
		default: 'day',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Berlin',
		description: 'IANA time zone for days and business hours. Empty: the workflow’s time zone.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'One Item per Group', value: 'groups', description: 'Figures per group, flat, for Sheets, a database or Slack' },
			{ name: 'One Item per Conversation', value: 'conversations', description: 'Timing and owner of every conversation opened in the period' },
			{ name: 'Chart and HTML Report (Files)', value: 'files', description: 'An SVG chart, an SVG of response times and an HTML report as binary data' },
		],
		default: 'groups',
	},
	{
		displayName: 'Options',
		name: 'reportOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Business Hours',
				name: 'businessHours',
				type: 'string',
				default: '',
				placeholder: 'e.g. Mon-Fri 09:00-17:00; Sat 10:00-14:00',
				description:
					'Weekly opening hours in the report’s time zone. Adds first-response and resolution times counted in business hours only. Several ranges per day and ranges past midnight are allowed.',
			},
			{
				displayName: 'Compare With Meta Analytics',
				name: 'compareWithMeta',
				type: 'boolean',
				default: false,
				description: 'Whether to read Meta’s message and pricing analytics for the period and report where they disagree with the log',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: 'USD',
				description: 'Currency of the rate table, shown next to the estimated cost',
			},
			{
				displayName: 'First Response Target (Minutes)',
				name: 'firstResponseTargetMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'SLA target: adds the share of answered conversations answered within it (in business hours when they are set). 0: none.',
			},
			{
				displayName: 'Opt-Out Window (Days)',
				name: 'optOutWindowDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 30 },
				default: 7,
				description: 'An opt-out this long after a message counts against that message',
			},
			{
				displayName: 'Rate Table',
				name: 'rateTable',
				type: 'json',
				default: '{\n  "marketing": { "*": 0.025 },\n  "utility": { "*": 0.004 },\n  "authentication": { "*": 0.004 }\n}',
				description:
					'Price per billable message: pricing category → market → price. A market is a country calling code (55, 1, 49 …) or * for the rest; the longest matching code wins. Copy your prices from Meta’s rate card.',
			},
			{
				displayName: 'Report Title',
				name: 'title',
				type: 'string',
				default: 'WhatsApp messaging report',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['analytics'], operation: ['report'] } }, properties);

function dateParameter(context: IExecuteFunctions, name: 'start' | 'end', itemIndex: number): number {
	const field = name === 'start' ? 'Start' : 'End';
	return toUnixSeconds(field, context.getNodeParameter(name, itemIndex)) * 1000;
}

async function metaAnalytics(this: IExecuteFunctions, report: Report, startMs: number, endMs: number, itemIndex: number): Promise<Discrepancy[]> {
	const { businessAccountId } = await getGraphCredentials.call(this);
	const messagesRequest = buildAnalyticsRequest({ kind: 'messages', start: startMs, end: endMs, granularity: 'DAY' });
	const pricingRequest = buildAnalyticsRequest({ kind: 'pricing', start: startMs, end: endMs, granularity: 'DAY', dimensions: ['PRICING_CATEGORY'], pricingTypes: ['REGULAR'] });
	const messages = flattenAnalytics('messages', await graphRequest.call(this, 'GET', businessAccountId, { qs: messagesRequest.qs }, itemIndex));
	const pricing = flattenAnalytics('pricing', await graphRequest.call(this, 'GET', businessAccountId, { qs: pricingRequest.qs }, itemIndex));
	return compareWithMeta(report.totals, { messages: messages as AnalyticsDataPoint[], pricing: pricing as AnalyticsDataPoint[] });
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Several items asking for the same table and window read it once.
	const cache = new Map<string, Awaited<ReturnType<typeof readLogRows>>>();
	return await runPerItem.call(this, items, async (itemIndex) => {
		const startMs = dateParameter(this, 'start', itemIndex);
		const endMs = dateParameter(this, 'end', itemIndex);
		if (endMs <= startMs) throw new WhatsAppValidationError('End', `End (${new Date(endMs).toISOString()}) must be after Start (${new Date(startMs).toISOString()})`);
		const groupBy = this.getNodeParameter('groupBy', itemIndex, 'day') as GroupBy;
		const timeZone = checkTimeZone((this.getNodeParameter('timeZone', itemIndex, '') as string) || this.getTimezone());
		const output = this.getNodeParameter('output', itemIndex, 'groups') as 'groups' | 'conversations' | 'files';
		const options = this.getNodeParameter('reportOptions', itemIndex, {}) as IDataObject;
		const optOutWindowMs = (Number(options.optOutWindowDays) || 7) * DAY_MS;
		const reportOptions: ReportOptions = {
			startMs,
			endMs,
			groupBy,
			timeZone,
			businessHours: typeof options.businessHours === 'string' && options.businessHours.trim() !== '' ? parseWeeklyHours(options.businessHours) : undefined,
			rates: options.rateTable !== undefined && options.rateTable !== '' ? parseRateTable(options.rateTable) : undefined,
			currency: typeof options.currency === 'string' ? options.currency : 'USD',
			firstResponseTargetSeconds: Number(options.firstResponseTargetMinutes) > 0 ? Number(options.firstResponseTargetMinutes) * 60 : undefined,
		};

		const table = (this.getNodeParameter('logTable', itemIndex) as string) || '';
		// Replies count for 24 h and opt-outs for the window after a message; resolutions come later.
		const fromMs = startMs - LOOKBACK_MS;
		const toMs = endMs + Math.max(optOutWindowMs, 7 * DAY_MS) + DAY_MS;
		const cacheKey = `${table}|${fromMs}|${toMs}`;
		let rows = cache.get(cacheKey);
		if (!rows) {
			const tableId = await ensureLogTable.call(this, table);
			rows = await readLogRows.call(this, tableId, fromMs, toMs);
			cache.set(cacheKey, rows);
		}
		const messages = foldMessages(rows, { optOutWindowMs });
		const report = buildReport(messages, foldConversations(rows, messages), reportOptions);
		const period = { periodStart: report.period.start, periodEnd: report.period.end, timeZone };

		let discrepancies: Discrepancy[] | undefined;
		let comparisonError: string | undefined;
		if (options.compareWithMeta === true) {
			try {
				discrepancies = await metaAnalytics.call(this, report, startMs, endMs, itemIndex);
			} catch (error) {
				// The log's report stands on its own; say why Meta could not be asked.
				comparisonError = error instanceof Error ? error.message : String(error);
			}
		}
		const comparison: IDataObject = discrepancies
			? { metaAgrees: discrepancies.every((entry) => entry.agrees), metaComparison: discrepancies as unknown as IDataObject[] }
			: comparisonError
				? { metaComparisonError: comparisonError }
				: {};

		if (output === 'conversations') return report.conversations.map((row) => ({ ...period, ...row }) as IDataObject);
		if (output === 'groups') {
			const groups = groupBy === 'total' ? [report.totals] : report.groups;
			const result = groups.map((group) => ({ ...period, ...flatGroup(group) }) as IDataObject);
			if (options.compareWithMeta === true) result.push({ ...period, comparison: true, ...comparison });
			return result;
		}

		const title = typeof options.title === 'string' && options.title.trim() !== '' ? options.title.trim() : 'WhatsApp messaging report';
		const stamp = report.period.start.slice(0, 10);
		const svg = (content: string, name: string) => this.helpers.prepareBinaryData(Buffer.from(content, 'utf8'), `${name}-${stamp}.svg`, 'image/svg+xml');
		const binary = {
			chart: await svg(funnelChart(report), 'whatsapp-messages'),
			responseTimes: await svg(responseChart(report), 'whatsapp-response-times'),
			report: await this.helpers.prepareBinaryData(Buffer.from(htmlReport(report, { title, discrepancies }), 'utf8'), `whatsapp-report-${stamp}.html`, 'text/html'),
		};
		const totals = flatGroup(report.totals);
		delete totals.group;
		delete totals.groupBy;
		const json: IDataObject = { ...period, ...totals, groupBy, groups: report.groups.length, conversationCount: report.conversations.length, ...comparison };
		return new ExecutionItems([{ json, binary }]);
	});
}
