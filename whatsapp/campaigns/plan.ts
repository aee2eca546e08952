/**
 * Decides, for every recipient and before anything is sent, what the campaign does: send (which
 * message), skip (why), or refuse (every problem found). Pure: the node supplies the values read
 * from items, the ledger's earlier states and the time.
 */
import type { MessageContent, SendBody } from '../messages/envelope';
import { buildSendBody } from '../messages/envelope';
import { buildText } from '../messages/text';
import { parseRecipient } from '../phone';
import { campaignCallbackData } from './callback';
import type { PriorState, RetryFailedPolicy } from './outcomes';
import { retryFailedDelivery } from './outcomes';
import type { CampaignTemplate, Problem } from './template';
import { buildCampaignTemplate, collect } from './template';
import { isWindowOpen, parseLastInboundAt } from './window';

export type CampaignMessageKind = 'template' | 'textWithFallback';

export type SkipReason =
	| 'optedOut'
	| 'duplicate'
	| 'alreadyAccepted'
	| 'uncertainEarlier'
	| 'deliveryFailed'
	| 'windowClosed'
	| 'campaignStopped';

export const SKIP_REASONS: Record<SkipReason, string> = {
	optedOut: 'The contact opted out of messages from this business',
	duplicate: 'The recipient appears earlier in this campaign',
	alreadyAccepted: 'An earlier run of this campaign already had this message accepted by Meta',
	uncertainEarlier:
		'An earlier run may have sent this message (no answer from Meta, or the run stopped mid-send); turn on "Resend Uncertain" to send it anyway',
	deliveryFailed:
		'Meta accepted an earlier message of this campaign, then reported it failed (see code); it is sent again only when "Retry Failed Deliveries" allows that code',
	windowClosed: 'The customer has not written in the last 24 hours and no fallback template is set',
	campaignStopped: 'The campaign stopped before this recipient (see the summary item)',
};

export interface RecipientInput {
	recipient: unknown;
	optedOut?: unknown;
	/** When the customer last wrote (decides text vs template for "text with fallback"). */
	lastInboundAt?: unknown;
	/** The free-form text for customers inside the window. */
	text?: unknown;
	/** The template (the message itself, or the fallback outside the window); built on demand. */
	template?: CampaignTemplate;
}

export interface CampaignConfig {
	campaignId: string;
	messageKind: CampaignMessageKind;
	/** Whether a recipient that appears twice gets two messages. */
	allowDuplicates?: boolean;
	/** Whether recipients an earlier run may have reached are sent again. */
	resendUncertain?: boolean;
	/** Which recipients whose earlier message failed after acceptance are sent again (default none). */
	retryFailed?: RetryFailedPolicy;
}

export type PlannedItem =
	| { action: 'send'; recipient: string; body: SendBody; kind: 'template' | 'text'; fallback: boolean }
	| { action: 'skip'; recipient?: string; reason: SkipReason; messageId?: string; code?: number }
	| { action: 'invalid'; recipient?: string; problems: Problem[] };

export interface PlanContext {
	now: number;
	/** Recipients already planned in this run (filled by `planCampaign`). */
	seen: Set<string>;
	/** Ledger states of earlier runs. */
	prior?: Map<string, PriorState>;
	/**
	 * What the contact book knows, by WA ID (the `Contact` of whatsapp/contacts fits): an opt-out
	 * there skips the recipient, and its last inbound time is used when the item gives none.
	 */
	contacts?: Map<string, ContactFacts>;
}

export interface ContactFacts {
	optedOut: boolean;
	lastInboundAt?: string | null;
}

/** A boolean from an item field: true, "true", "yes", 1 or "1". */
export function isTruthyFlag(value: unknown): boolean {
	if (value === true || value === 1) return true;
	if (typeof value === 'string') return ['true', 'yes', '1', 'y'].includes(value.trim().toLowerCase());
	return false;
}

function hasTemplate(template: CampaignTemplate | undefined): template is CampaignTemplate {
	return typeof template === 'function';
}

export function planRecipient(input: RecipientInput, config: CampaignConfig, context: PlanContext): PlannedItem {
	const problems: Problem[] = [];
	let recipient: string | undefined;
	// What goes into `to`: the + form, or a wa_id as given (the key stays the digits).
	let sendTo: string | undefined;
	collect(problems, () => {
		const parsed = parseRecipient(input.recipient, 'Recipient Phone Number');
		recipient = parsed.digits;
		sendTo = parsed.to;
	});
	const contact = recipient ? context.contacts?.get(recipient) : undefined;
	const lastInboundAt = input.lastInboundAt === undefined || input.lastInboundAt === null || input.lastInboundAt === '' ? contact?.lastInboundAt ?? undefined : input.lastInboundAt;

	let content: MessageContent | undefined;
	let kind: 'template' | 'text' = 'template';
	let fallback = false;
	let windowClosed = false;
	if (config.messageKind === 'template') {
		content = buildCampaignTemplate(input.template, problems);
	} else {
		let open = false;
		collect(problems, () => {
			open = isWindowOpen(parseLastInboundAt(lastInboundAt), context.now);
		});
		if (open) {
			kind = 'text';
			collect(problems, () => {
				content = buildText({ body: typeof input.text === 'string' ? input.text : String(input.text ?? '') });
			});
		} else if (hasTemplate(input.template)) {
			fallback = true;
			content = buildCampaignTemplate(input.template, problems);
		} else {
			windowClosed = true;
		}
	}

	let body: SendBody | undefined;
	if (recipient && content) {
		collect(problems, () => {
			body = buildSendBody(content!, { to: sendTo, bizOpaqueCallbackData: campaignCallbackData(config.campaignId, recipient!) });
		});
	}
	if (problems.length > 0) return { action: 'invalid', recipient, problems };
	const to = recipient!;

	// Skip rules after validation, so "Validate" lists problems even of recipients that would be skipped.
	if (isTruthyFlag(input.optedOut) || contact?.optedOut === true) return { action: 'skip', recipient: to, reason: 'optedOut' };
	const prior = context.prior?.get(to);
	if (prior?.state === 'accepted') return { action: 'skip', recipient: to, reason: 'alreadyAccepted', messageId: prior.messageId };
	if (prior?.state === 'deliveryFailed' && !retryFailedDelivery(prior, config.retryFailed ?? { mode: 'never' }, context.now).retry) {
		return { action: 'skip', recipient: to, reason: 'deliveryFailed', messageId: prior.messageId, ...(prior.code !== undefined ? { code: prior.code } : {}) };
	}
	if (prior?.state === 'uncertain' && !config.resendUncertain) return { action: 'skip', recipient: to, reason: 'uncertainEarlier' };
	if (context.seen.has(to) && !config.allowDuplicates) return { action: 'skip', recipient: to, reason: 'duplicate' };
	context.seen.add(to);
	if (windowClosed) return { action: 'skip', recipient: to, reason: 'windowClosed' };
	return { action: 'send', recipient: to, body: body!, kind, fallback };
}

/**
 * Plans every recipient. `seen` carries the recipients of earlier pages when a campaign plans its
 * audience page by page, so a recipient listed on two pages is still a duplicate.
 */
export function planCampaign(
	inputs: RecipientInput[],
	config: CampaignConfig,
	context: Omit<PlanContext, 'seen'> & { seen?: Set<string> },
): PlannedItem[] {
	const full: PlanContext = { ...context, seen: context.seen ?? new Set() };
	return inputs.map((input) => planRecipient(input, config, full));
}

export interface PlanCounts {
	total: number;
	toSend: number;
	templates: number;
	texts: number;
	fallbacks: number;
	skipped: number;
	invalid: number;
	skipReasons: Partial<Record<SkipReason, number>>;
}

export function countPlan(plan: PlannedItem[]): PlanCounts {
	const counts: PlanCounts = { total: plan.length, toSend: 0, templates: 0, texts: 0, fallbacks: 0, skipped: 0, invalid: 0, skipReasons: {} };
	for (const item of plan) {
		if (item.action === 'send') {
			counts.toSend += 1;
			if (item.kind === 'text') counts.texts += 1;
			else counts.templates += 1;
			if (item.fallback) counts.fallbacks += 1;
		} else if (item.action === 'skip') {
			counts.skipped += 1;
			counts.skipReasons[item.reason] = (counts.skipReasons[item.reason] ?? 0) + 1;
		} else counts.invalid += 1;
	}
	return counts;
}

/** Adds one page's counts into a campaign's (a read audience is planned page by page). */
export function addPlanCounts(into: PlanCounts, page: PlanCounts): void {
	into.total += page.total;
	into.toSend += page.toSend;
	into.templates += page.templates;
	into.texts += page.texts;
	into.fallbacks += page.fallbacks;
	into.skipped += page.skipped;
	into.invalid += page.invalid;
	for (const [reason, count] of Object.entries(page.skipReasons) as Array<[SkipReason, number]>) into.skipReasons[reason] = (into.skipReasons[reason] ?? 0) + count;
}
