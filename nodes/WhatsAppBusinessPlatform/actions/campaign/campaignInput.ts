/**
 * Reads the campaign's parameters from the items and turns them into the domain's plan: the n8n
 * side of "Send" and "Validate". Nothing here talks to Meta.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkCampaignId } from '../../../../whatsapp/campaigns/callback';
import type { LedgerRow } from '../../../../whatsapp/campaigns/ledger';
import type { PriorState, RetryFailedPolicy } from '../../../../whatsapp/campaigns/outcomes';
import { DEFAULT_STATUS_GRACE_MS, priorStates } from '../../../../whatsapp/campaigns/outcomes';
import type { CampaignConfig, CampaignMessageKind, ContactFacts, PlannedItem, RecipientInput } from '../../../../whatsapp/campaigns/plan';
import { planCampaign } from '../../../../whatsapp/campaigns/plan';
import { ContactBook } from '../../../../whatsapp/contacts';
import { normalizeRecipient } from '../../../../whatsapp/phone';
import { DataTableLedgerStore, DEFAULT_KEEP_PROGRESS_DAYS } from '../../../shared/campaigns/dataTableLedger';
import { DataTableContactStore } from '../../../shared/contacts/dataTableStore';
import { GUARD_PARAMETERS } from '../../../shared/contacts/sendGuard';
import { campaignTemplateReader } from './campaignTemplate';

export interface CampaignRun {
	config: CampaignConfig;
	options: IDataObject;
	plan: PlannedItem[];
	ledgerStore?: DataTableLedgerStore;
	/** Rows the ledger already held for this campaign (resume). */
	priorRows: number;
	/** How earlier runs' uncertain sends were settled by status webhooks (resume). */
	settled: SettledCounts;
}

export interface SettledCounts {
	/** Uncertain earlier, then Meta reported the message: counted as accepted. */
	acceptedByStatus: number;
	/** Uncertain earlier, no status within the grace period: sent again. */
	notSent: number;
	/** Still uncertain (within the grace period, or no statuses recorded for the campaign). */
	uncertain: number;
	graceSeconds: number;
}

export function readRetryFailed(options: IDataObject): RetryFailedPolicy {
	const mode = String(options.retryFailed ?? 'never');
	if (mode === 'allowed') return { mode: 'allowed' };
	if (mode === 'codes') {
		const codes = String(options.retryFailedCodes ?? '')
			.split(/[\s,;]+/)
			.filter(Boolean)
			.map(Number)
			.filter((code) => Number.isInteger(code) && code >= 0);
		return { mode: 'codes', codes: new Set(codes) };
	}
	return { mode: 'never' };
}

export function readGraceMs(options: IDataObject): number {
	const seconds = Number(options.statusGraceSeconds ?? DEFAULT_STATUS_GRACE_MS / 1000);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_STATUS_GRACE_MS;
}

function countSettled(prior: Map<string, PriorState> | undefined, graceMs: number): SettledCounts {
	const counts: SettledCounts = { acceptedByStatus: 0, notSent: 0, uncertain: 0, graceSeconds: graceMs / 1000 };
	for (const state of prior?.values() ?? []) {
		if (state.state === 'accepted' && state.bySettle) counts.acceptedByStatus += 1;
		else if (state.state === 'notSent') counts.notSent += 1;
		else if (state.state === 'uncertain') counts.uncertain += 1;
	}
	return counts;
}

/** Whether a raw parameter value (or anything inside it) is an expression. */
function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

type ItemReader = (itemIndex: number) => unknown;

/**
 * Reads a parameter per item only when it holds an expression: a campaign of 10,000 items would
 * otherwise resolve every fixed value 10,000 times.
 */
function parameterReader(context: IExecuteFunctions, name: string, fallback: unknown): ItemReader {
	const raw = name.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], context.getNode().parameters);
	if (!hasExpression(raw)) {
		const value = context.getNodeParameter(name, 0, fallback);
		return () => value;
	}
	return (itemIndex) => context.getNodeParameter(name, itemIndex, fallback);
}

function recipientReader(context: IExecuteFunctions, kind: CampaignMessageKind): (itemIndex: number) => Promise<RecipientInput> {
	const read = {
		recipient: parameterReader(context, 'recipient', ''),
		optedOut: parameterReader(context, 'optedOut', false),
		text: kind === 'textWithFallback' ? parameterReader(context, 'text', '') : () => undefined,
		lastInboundAt: kind === 'textWithFallback' ? parameterReader(context, 'lastInboundAt', '') : () => undefined,
	};
	const readTemplate = campaignTemplateReader(context);

	return async (itemIndex) => {
		const input: RecipientInput = { recipient: read.recipient(itemIndex), optedOut: read.optedOut(itemIndex), template: await readTemplate(itemIndex) };
		if (kind === 'textWithFallback') {
			input.text = read.text(itemIndex);
			input.lastInboundAt = read.lastInboundAt(itemIndex);
		}
		return input;
	};
}

/** The campaign ID the user gave, or one derived from the execution. */
export function readCampaignId(context: IExecuteFunctions): string {
	const given = String(context.getNodeParameter('campaignId', 0, '') ?? '').trim();
	if (given) return checkCampaignId(given);
	const executionId = String(context.getExecutionId?.() ?? '').replace(/[^A-Za-z0-9_.-]/g, '');
	return checkCampaignId(`execution-${executionId || 'manual'}`);
}

/** Reads every item and plans the campaign (resume state and contact book included). */
export async function prepareCampaign(context: IExecuteFunctions, items: INodeExecutionData[], now: number): Promise<CampaignRun> {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const messageKind = context.getNodeParameter('messageKind', 0, 'template') as CampaignMessageKind;
	let campaignId: string;
	try {
		campaignId = readCampaignId(context);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { description: 'Fix "Campaign ID" and run again. Nothing was sent.' });
	}
	const config: CampaignConfig = {
		campaignId,
		messageKind,
		allowDuplicates: options.allowDuplicates === true,
		resendUncertain: options.resendUncertain === true,
		retryFailed: readRetryFailed(options),
	};

	const readRecipient = recipientReader(context, messageKind);
	const inputs: RecipientInput[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) inputs.push(await readRecipient(itemIndex));

	let ledgerStore: DataTableLedgerStore | undefined;
	let rows: LedgerRow[] = [];
	const useDataTables = context.getNodeParameter(GUARD_PARAMETERS.enabled, 0, false) === true;
	if (useDataTables) {
		const table = String(context.getNodeParameter('progressTable', 0, '') ?? '').trim();
		ledgerStore = new DataTableLedgerStore(context, { mode: 'name', value: table });
		rows = await ledgerStore.load(campaignId);
		const keepDays = Number(context.getNodeParameter('keepProgressDays', 0, DEFAULT_KEEP_PROGRESS_DAYS));
		// Retention is housekeeping: a failed prune is retried by the next campaign run.
		await ledgerStore.pruneOthers(campaignId, keepDays).catch(() => 0);
	}

	let contacts: Map<string, ContactFacts> | undefined;
	if (useDataTables && context.getNodeParameter('checkContactBook', 0, false) === true) {
		const waIds = inputs.flatMap((input) => {
			try {
				return [normalizeRecipient(input.recipient)];
			} catch {
				return [];
			}
		});
		const book = new ContactBook(
			new DataTableContactStore(context, { mode: 'name', value: String(context.getNodeParameter('campaignContactTable', 0, '') ?? '').trim(), field: 'Contact Book Table' }),
		);
		contacts = (await book.getMany(waIds)) as unknown as Map<string, ContactFacts>;
	}

	const graceMs = readGraceMs(options);
	const prior = rows.length > 0 ? priorStates(rows, { now, graceMs }) : undefined;
	const plan = planCampaign(inputs, config, { now, prior, contacts });
	return { config, options, plan, ledgerStore, priorRows: rows.length, settled: countSettled(prior, graceMs) };
}

/** "Item 3, Template Name: …" lines for an error description. */
export function describeProblems(plan: PlannedItem[], limit = 10): { count: number; lines: string[] } {
	const lines: string[] = [];
	let count = 0;
	plan.forEach((item, itemIndex) => {
		if (item.action !== 'invalid') return;
		count += 1;
		for (const problem of item.problems) if (lines.length < limit) lines.push(`Item ${itemIndex + 1}: ${problem.message}`);
	});
	return { count, lines };
}

/** Refuses to start a campaign with invalid recipients, unless "Continue On Fail" is on. */
export function assertPlanValid(context: IExecuteFunctions, plan: PlannedItem[]): void {
	const { count, lines } = describeProblems(plan);
	if (count === 0) return;
	const first = plan.findIndex((item) => item.action === 'invalid');
	const firstProblem = (plan[first] as Extract<PlannedItem, { action: 'invalid' }>).problems[0];
	throw new NodeOperationError(
		context.getNode(),
		count === 1 ? firstProblem.message : `${count} of ${plan.length} recipients have problems; nothing was sent. First: ${firstProblem.message}`,
		{
			itemIndex: first,
			description: `${lines.join('\n')}\nRun the Campaign "Validate" operation to list every problem, or turn on "Continue On Fail" to send to the valid recipients.`,
		},
	);
}
