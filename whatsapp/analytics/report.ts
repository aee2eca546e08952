/**
 * The report: funnels, failures, response and resolution times, billable messages and their
 * estimated cost, per group (day in a time zone, template, campaign, phone number, agent, team)
 * over a period. Input is the folded log; output is plain data the node turns into items and charts.
 */
import { hintFor } from '../errors';
import type { RateTable } from './cost';
import { priceFor } from './cost';
import type { ConversationFact, MessageFact } from './fold';
import type { DurationSummary } from './stats';
import { rate, summarize } from './stats';
import type { WeeklyHours } from './time';
import { businessSeconds, dayKey, daysBetween } from './time';

export type GroupBy = 'day' | 'template' | 'campaign' | 'phoneNumber' | 'agent' | 'team' | 'total';

export const GROUP_BY_VALUES: readonly GroupBy[] = ['day', 'template', 'campaign', 'phoneNumber', 'agent', 'team', 'total'];

export const NONE = '(none)';

export interface ReportOptions {
	startMs: number;
	endMs: number;
	groupBy: GroupBy;
	timeZone: string;
	/** Business hours for the business-hours variants; without them those fields are null. */
	businessHours?: WeeklyHours;
	rates?: RateTable;
	currency?: string;
	/** First-response target (SLA) in seconds; adds the share of conversations answered within it. */
	firstResponseTargetSeconds?: number;
}

export interface FailureCount {
	code: number;
	title: string;
	hint: string;
	count: number;
}

export interface GroupReport {
	groupBy: GroupBy;
	group: string;
	/** Outbound messages of the period (sent or failed). */
	messages: number;
	/** Not failed: accepted by Meta and not reported failed. */
	sent: number;
	/** Delivered, counting read (Meta may skip `delivered` when a message is read at once). */
	delivered: number;
	read: number;
	failed: number;
	/** The customer wrote within 24 h after the message. */
	replied: number;
	optedOut: number;
	deliveredRate: number | null;
	readRate: number | null;
	replyRate: number | null;
	optOutRate: number | null;
	failures: FailureCount[];
	conversations: number;
	responded: number;
	resolved: number;
	reopened: number;
	firstResponse: DurationSummary;
	firstResponseBusinessHours: DurationSummary | null;
	resolution: DurationSummary;
	resolutionBusinessHours: DurationSummary | null;
	/** Share of answered conversations answered within the target (null without a target). */
	firstResponseWithinTarget: number | null;
	billable: number;
	billableByCategory: Record<string, number>;
	estimatedCost: number | null;
	costByCategory: Record<string, number>;
	/** Billable messages the rate table has no price for. */
	unpricedBillable: number;
	currency: string;
}

export interface ConversationRow {
	conversationId: string;
	phoneNumberId: string;
	customer: string;
	startedAt: string;
	day: string;
	firstResponseAt: string | null;
	firstResponseSeconds: number | null;
	firstResponseBusinessSeconds: number | null;
	firstResponder: string;
	withinTarget: boolean | null;
	resolvedAt: string | null;
	resolutionSeconds: number | null;
	resolutionBusinessSeconds: number | null;
	resolvedBy: string;
	agent: string;
	team: string;
	customerMessages: number;
	humanMessages: number;
	reopened: boolean;
	campaignId: string;
	templateName: string;
}

export interface Report {
	period: { start: string; end: string; timeZone: string };
	groupBy: GroupBy;
	totals: GroupReport;
	groups: GroupReport[];
	conversations: ConversationRow[];
}

function iso(ms: number | undefined): string | null {
	return ms === undefined ? null : new Date(ms).toISOString();
}

function seconds(from: number, to: number | undefined): number | null {
	return to === undefined ? null : (to - from) / 1000;
}

function conversationRow(conversation: ConversationFact, options: ReportOptions): ConversationRow {
	const hours = options.businessHours;
	const business = (to: number | undefined) =>
		to === undefined || !hours ? null : businessSeconds(conversation.startedAt, to, hours, options.timeZone);
	const firstResponseSeconds = seconds(conversation.startedAt, conversation.firstResponseAt);
	const firstResponseBusinessSeconds = business(conversation.firstResponseAt);
	const target = options.firstResponseTargetSeconds;
	// With business hours set, the target is measured in business time, as an SLA usually is.
	const measured = hours ? firstResponseBusinessSeconds : firstResponseSeconds;
	return {
		conversationId: conversation.conversationId,
		phoneNumberId: conversation.phoneNumberId,
		customer: conversation.customer,
		startedAt: iso(conversation.startedAt)!,
		day: dayKey(conversation.startedAt, options.timeZone),
		firstResponseAt: iso(conversation.firstResponseAt),
		firstResponseSeconds,
		firstResponseBusinessSeconds,
		firstResponder: conversation.firstResponder,
		withinTarget: target === undefined || measured === null ? null : measured <= target,
		resolvedAt: iso(conversation.resolvedAt),
		resolutionSeconds: seconds(conversation.startedAt, conversation.resolvedAt),
		resolutionBusinessSeconds: business(conversation.resolvedAt),
		resolvedBy: conversation.resolvedBy,
		agent: conversation.agent,
		team: conversation.team,
		customerMessages: conversation.customerMessages,
		humanMessages: conversation.humanMessages,
		reopened: conversation.reopened,
		campaignId: conversation.campaignId,
		templateName: conversation.templateName,
	};
}

function messageGroup(message: MessageFact, groupBy: GroupBy, timeZone: string): string {
	switch (groupBy) {
		case 'day':
			return dayKey(message.sentAt, timeZone);
		case 'template':
			return message.templateName || NONE;
		case 'campaign':
			return message.campaignId || NONE;
		case 'phoneNumber':
			return message.phoneNumberId || NONE;
		case 'agent':
			return message.agent || NONE;
		case 'team':
			return message.team || NONE;
		default:
			return 'total';
	}
}

function conversationGroup(conversation: ConversationRow, groupBy: GroupBy): string {
	switch (groupBy) {
		case 'day':
			return conversation.day;
		case 'template':
			return conversation.templateName || NONE;
		case 'campaign':
			return conversation.campaignId || NONE;
		case 'phoneNumber':
			return conversation.phoneNumberId || NONE;
		case 'agent':
			return conversation.agent || NONE;
		case 'team':
			return conversation.team || NONE;
		default:
			return 'total';
	}
}

function numbers(values: Array<number | null>): number[] {
	return values.filter((value): value is number => value !== null);
}

function round(value: number): number {
	return Math.round(value * 1_000_000) / 1_000_000;
}

export function summarizeGroup(
	groupBy: GroupBy,
	group: string,
	messages: readonly MessageFact[],
	conversations: readonly ConversationRow[],
	options: ReportOptions,
): GroupReport {
	const sent = messages.filter((message) => message.outcome !== 'failed');
	const delivered = sent.filter((message) => message.outcome === 'delivered' || message.outcome === 'read').length;
	const read = sent.filter((message) => message.outcome === 'read').length;
	const failed = messages.filter((message) => message.outcome === 'failed');
	const replied = sent.filter((message) => message.repliedAt !== undefined).length;
	const optedOut = messages.filter((message) => message.optedOutAt !== undefined).length;

	const failureMap = new Map<number, FailureCount>();
	for (const message of failed) {
		const code = message.errorCode ?? 0;
		const entry = failureMap.get(code) ?? { code, title: message.errorTitle ?? '', hint: code ? hintFor(code) : 'Meta gave no error code.', count: 0 };
		entry.count++;
		if (!entry.title && message.errorTitle) entry.title = message.errorTitle;
		failureMap.set(code, entry);
	}

	const billableByCategory: Record<string, number> = {};
	const costByCategory: Record<string, number> = {};
	let unpriced = 0;
	let cost = 0;
	let billable = 0;
	for (const message of sent) {
		if (!message.billable) continue;
		billable++;
		const category = message.category || 'unknown';
		billableByCategory[category] = (billableByCategory[category] ?? 0) + 1;
		const price = options.rates ? priceFor(options.rates, category, message.customer) : undefined;
		if (price === undefined) unpriced++;
		else {
			cost += price;
			costByCategory[category] = round((costByCategory[category] ?? 0) + price);
		}
	}

	const answered = conversations.filter((conversation) => conversation.firstResponseSeconds !== null);
	const withTarget = answered.filter((conversation) => conversation.withinTarget !== null);
	const hours = options.businessHours !== undefined;
	return {
		groupBy,
		group,
		messages: messages.length,
		sent: sent.length,
		delivered,
		read,
		failed: failed.length,
		replied,
		optedOut,
		deliveredRate: rate(delivered, sent.length),
		readRate: rate(read, sent.length),
		replyRate: rate(replied, sent.length),
		optOutRate: rate(optedOut, messages.length),
		failures: [...failureMap.values()].sort((a, b) => b.count - a.count || a.code - b.code),
		conversations: conversations.length,
		responded: answered.length,
		resolved: conversations.filter((conversation) => conversation.resolutionSeconds !== null).length,
		reopened: conversations.filter((conversation) => conversation.reopened).length,
		firstResponse: summarize(numbers(conversations.map((conversation) => conversation.firstResponseSeconds))),
		firstResponseBusinessHours: hours ? summarize(numbers(conversations.map((conversation) => conversation.firstResponseBusinessSeconds))) : null,
		resolution: summarize(numbers(conversations.map((conversation) => conversation.resolutionSeconds))),
		resolutionBusinessHours: hours ? summarize(numbers(conversations.map((conversation) => conversation.resolutionBusinessSeconds))) : null,
		firstResponseWithinTarget:
			options.firstResponseTargetSeconds === undefined ? null : rate(withTarget.filter((conversation) => conversation.withinTarget).length, withTarget.length),
		billable,
		billableByCategory,
		estimatedCost: options.rates ? round(cost) : null,
		costByCategory,
		unpricedBillable: unpriced,
		currency: options.currency ?? '',
	};
}

/** Messages sent and conversations opened in [start, end), summarised per group and in total. */
export function buildReport(messages: readonly MessageFact[], conversations: readonly ConversationFact[], options: ReportOptions): Report {
	const inPeriod = (ms: number) => ms >= options.startMs && ms < options.endMs;
	const periodMessages = messages.filter((message) => inPeriod(message.sentAt));
	const rows = conversations.filter((conversation) => inPeriod(conversation.startedAt)).map((conversation) => conversationRow(conversation, options));

	const keys = new Set<string>();
	const messagesBy = new Map<string, MessageFact[]>();
	const conversationsBy = new Map<string, ConversationRow[]>();
	for (const message of periodMessages) {
		const key = messageGroup(message, options.groupBy, options.timeZone);
		keys.add(key);
		messagesBy.set(key, [...(messagesBy.get(key) ?? []), message]);
	}
	for (const row of rows) {
		const key = conversationGroup(row, options.groupBy);
		keys.add(key);
		conversationsBy.set(key, [...(conversationsBy.get(key) ?? []), row]);
	}
	// Days without traffic still get a row, so a chart's axis has no gaps.
	if (options.groupBy === 'day') for (const day of daysBetween(options.startMs, options.endMs, options.timeZone)) keys.add(day);

	const ordered = [...keys].sort((a, b) => (a === NONE ? 1 : b === NONE ? -1 : a.localeCompare(b)));
	return {
		period: { start: new Date(options.startMs).toISOString(), end: new Date(options.endMs).toISOString(), timeZone: options.timeZone },
		groupBy: options.groupBy,
		totals: summarizeGroup('total', 'total', periodMessages, rows, options),
		groups: ordered.map((key) => summarizeGroup(options.groupBy, key, messagesBy.get(key) ?? [], conversationsBy.get(key) ?? [], options)),
		conversations: rows,
	};
}

/** A group as one flat record (for Sheets, a database or Slack): durations as median/p90/count columns. */
export function flatGroup(group: GroupReport): Record<string, unknown> {
	const { firstResponse, firstResponseBusinessHours, resolution, resolutionBusinessHours, ...rest } = group;
	const columns = (prefix: string, summary: DurationSummary | null) => ({
		[`${prefix}Count`]: summary?.count ?? null,
		[`${prefix}MedianSeconds`]: summary?.medianSeconds ?? null,
		[`${prefix}P90Seconds`]: summary?.p90Seconds ?? null,
	});
	return {
		...rest,
		...columns('firstResponse', firstResponse),
		...columns('firstResponseBusinessHours', firstResponseBusinessHours),
		...columns('resolution', resolution),
		...columns('resolutionBusinessHours', resolutionBusinessHours),
	};
}
