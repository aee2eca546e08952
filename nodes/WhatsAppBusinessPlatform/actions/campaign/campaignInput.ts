/**
 * Reads the campaign's parameters (from input items, or from the rows of an audience the node reads)
 * and turns them into the domain's plan: the n8n side of "Send" and "Validate". Nothing here talks
 * to Meta.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
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
import type { ParameterReaders } from '../template/sendFields';
import type { CampaignRun } from '../../../../whatsapp/campaigns/runClaim';
import { campaignTemplateReader } from './campaignTemplate';
import { claimCampaign } from './claimRun';

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

export type RecipientReader = (index: number) => Promise<RecipientInput>;

/** Reads one recipient (an input item, or a row of the page the readers follow). */
export function recipientReader(context: IExecuteFunctions, kind: CampaignMessageKind, readers: ParameterReaders): RecipientReader {
	const read = {
		recipient: readers('recipient', ''),
		optedOut: readers('optedOut', false),
		text: kind === 'textWithFallback' ? readers('text', '') : () => undefined,
		lastInboundAt: kind === 'textWithFallback' ? readers('lastInboundAt', '') : () => undefined,
	};
	const readTemplate = campaignTemplateReader(context, readers);

	return async (index) => {
		const input: RecipientInput = { recipient: read.recipient(index), optedOut: read.optedOut(index), template: await readTemplate(index) };
		if (kind === 'textWithFallback') {
			input.text = read.text(index);
			input.lastInboundAt = read.lastInboundAt(index);
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

/**
 * What a campaign knows before it plans anyone: its configuration, the progress of earlier runs
 * (resume) and the contact book to check. Planned once per execution, whatever the audience.
 */
export interface CampaignSetup {
	config: CampaignConfig;
	options: IDataObject;
	now: number;
	ledgerStore?: DataTableLedgerStore;
	priorRows: number;
	prior?: Map<string, PriorState>;
	settled: SettledCounts;
	/** Set when "Check Contact Book" is on. */
	contactBook?: ContactBook;
	/** Recipients planned so far (duplicates across pages). */
	seen: Set<string>;
	/** The claim on the campaign (Send with a progress table): release it when the run ends. */
	run?: CampaignRun;
}

/**
 * `claim`: Send claims the campaign before it reads the progress (one run at a time per Campaign
 * ID, see claimRun.ts); Validate only reads.
 */
export async function openCampaign(context: IExecuteFunctions, now: number, { claim = false } = {}): Promise<CampaignSetup> {
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

	let ledgerStore: DataTableLedgerStore | undefined;
	let rows: LedgerRow[] = [];
	let contactBook: ContactBook | undefined;
	let run: CampaignRun | undefined;
	const useDataTables = context.getNodeParameter(GUARD_PARAMETERS.enabled, 0, false) === true;
	if (useDataTables) {
		const table = String(context.getNodeParameter('progressTable', 0, '') ?? '').trim();
		ledgerStore = new DataTableLedgerStore(context, { mode: 'name', value: table });
		// Claimed before the progress is read, so a run that ended just before is read whole.
		if (claim) run = await claimCampaign(context, ledgerStore, campaignId);
		try {
			rows = await ledgerStore.load(campaignId);
		} catch (error) {
			await run?.release().catch(() => undefined);
			return await Promise.reject(error);
		}
		const keepDays = Number(context.getNodeParameter('keepProgressDays', 0, DEFAULT_KEEP_PROGRESS_DAYS));
		// Retention is housekeeping: a failed prune is retried by the next campaign run.
		await ledgerStore.pruneOthers(campaignId, keepDays).catch(() => 0);
		if (context.getNodeParameter('checkContactBook', 0, false) === true) {
			contactBook = new ContactBook(
				new DataTableContactStore(context, { mode: 'name', value: String(context.getNodeParameter('campaignContactTable', 0, '') ?? '').trim(), field: 'Contact Book Table' }),
			);
		}
	}
	const graceMs = readGraceMs(options);
	const prior = rows.length > 0 ? priorStates(rows, { now, graceMs }) : undefined;
	return { config, options, now, ledgerStore, priorRows: rows.length, prior, settled: countSettled(prior, graceMs), contactBook, seen: new Set(), run };
}

/**
 * Plans recipients against the setup. `facts` are the contact book's answers when the audience
 * is the contact book itself; otherwise the book is asked when "Check Contact Book" is on.
 */
export async function planRecipients(setup: CampaignSetup, inputs: RecipientInput[], facts?: Map<string, ContactFacts>): Promise<PlannedItem[]> {
	let contacts = facts;
	if (!contacts && setup.contactBook) {
		const waIds = inputs.flatMap((input) => {
			try {
				return [normalizeRecipient(input.recipient)];
			} catch {
				return [];
			}
		});
		contacts = (await setup.contactBook.getMany(waIds)) as unknown as Map<string, ContactFacts>;
	}
	return planCampaign(inputs, setup.config, { now: setup.now, prior: setup.prior, contacts, seen: setup.seen });
}

/** Where recipient `index` came from, for errors: "Item 3" by default. */
export type DescribeRecipient = (index: number) => string;

export const itemNumber: DescribeRecipient = (index) => `Item ${index + 1}`;

/** "Item 3: Template Name: …" lines for an error description. */
export function describeProblems(plan: PlannedItem[], limit = 10, describe: DescribeRecipient = itemNumber): { count: number; lines: string[] } {
	const lines: string[] = [];
	let count = 0;
	plan.forEach((item, itemIndex) => {
		if (item.action !== 'invalid') return;
		count += 1;
		for (const problem of item.problems) if (lines.length < limit) lines.push(`${describe(itemIndex)}: ${problem.message}`);
	});
	return { count, lines };
}

/**
 * Refuses to send a plan with invalid recipients, unless "Continue On Fail" is on. `sentBefore`
 * tells a campaign that reads its audience page by page that earlier pages went out already.
 */
export function assertPlanValid(context: IExecuteFunctions, plan: PlannedItem[], describe: DescribeRecipient = itemNumber, sentBefore = false): void {
	const { count, lines } = describeProblems(plan, 10, describe);
	if (count === 0) return;
	const first = plan.findIndex((item) => item.action === 'invalid');
	const firstProblem = (plan[first] as Extract<PlannedItem, { action: 'invalid' }>).problems[0];
	const where = describe === itemNumber ? '' : `${describe(first)}: `;
	const what = sentBefore ? 'the campaign stopped before this page; earlier pages were sent, and running the same Campaign ID again resumes after fixing the rows' : 'nothing was sent';
	throw new NodeOperationError(
		context.getNode(),
		// Input items are named by n8n's own item index; rows of a read audience by the message.
		count === 1 ? `${where}${firstProblem.message}` : `${count} of ${plan.length} recipients have problems; ${what}. First: ${where}${firstProblem.message}`,
		{
			itemIndex: describe === itemNumber ? first : 0,
			description: `${lines.join('\n')}\n${sentBefore ? `The ${count === 1 ? 'recipient was' : 'recipients were'} not sent: ${what}. ` : ''}Run the Campaign "Validate" operation to list every problem, or turn on "Continue On Fail" to send to the valid recipients.`,
		},
	);
}
