/**
 * The inbox policy: what to do with one inbound event. Pure: it reads the message, what the
 * contact book knows and the configuration, and returns a decision with every reason. Nothing is
 * sent here; each send carries a claim key so the node can make it happen once across concurrent
 * executions and redelivered webhooks (the key names what must not happen twice).
 *
 * Order: echoes and non-messages are ignored; opt-out/opt-in keywords always work; a conversation
 * owned by a bot or a person is left to its owner; quick replies answer; then business hours pick
 * the away message or the greeting.
 */
import type { ConsentHit, ConsentLanguage } from './consent';
import { matchConsent } from './consent';
import type { BusinessHours, HoursState } from './hours';
import { evaluateHours, wholeDaysBetween } from './hours';
import type { QuickReply } from './quickReplies';
import { matchQuickReply } from './quickReplies';
import type { Reply } from './replies';
import { DateTime } from 'luxon';

export type InboxOutput = 'handled' | 'afterHours' | 'greeting' | 'continue' | 'ignored';

/** The order and names of the node's outputs for Run Automations. */
export const INBOX_OUTPUTS: ReadonlyArray<{ key: InboxOutput; displayName: string }> = [
	{ key: 'handled', displayName: 'Handled' },
	{ key: 'afterHours', displayName: 'After Hours' },
	{ key: 'greeting', displayName: 'Greeting' },
	{ key: 'continue', displayName: 'Continue' },
	{ key: 'ignored', displayName: 'Other Events' },
];

export type AwayOncePer = 'closedPeriod' | 'day' | 'message';
export type GreetingWhen = 'firstOrSilent' | 'first' | 'never';
export type FirstContactOutOfHours = 'greetingAndAway' | 'awayOnly';

export interface InboxPolicy {
	/** Null means no business hours: always open (no away message). */
	hours: BusinessHours | null;
	away: {
		/** Null: only branch to After Hours, send nothing. */
		reply: Reply | null;
		oncePer: AwayOncePer;
		/** No away message when an agent replied within this many minutes (0 = off). */
		agentReplyMinutes: number;
		firstContact: FirstContactOutOfHours;
	};
	greeting: {
		/** Null: only branch to Greeting, send nothing. */
		reply: Reply | null;
		when: GreetingWhen;
		silentDays: number;
	};
	quickReplies: QuickReply[];
	/** Empty: opt-out keywords are off. */
	consent: ConsentLanguage[];
}

export interface InboundEvent {
	/** The trigger's `event`: `message`, `messageEcho`, `status` … */
	event: string;
	waId: string;
	phoneNumberId: string;
	messageId: string;
	messageType: string;
	text: string;
	/** The clock of business hours (ms): the message's own time unless the node overrides it. */
	at: number;
	/** When the customer sent it (ms): silence and the last agent reply are measured from here. */
	receivedAt: number;
}

export interface ContactFacts {
	/** Whether the contact book knew the customer before this message. */
	known: boolean;
	/** The customer's previous message before this one (ISO), if any. */
	previousInboundAt: string | null;
	/** The last reply by a person (not by these automations), ISO. */
	lastAgentReplyAt: string | null;
	/** Who owns the conversation (bot session, agent); empty means nobody. */
	owner: string | null;
}

export type ActionKind = 'optOutConfirmation' | 'optInConfirmation' | 'quickReply' | 'greeting' | 'away';

export interface InboxAction {
	kind: ActionKind;
	/** Null: the branch only, nothing to send. */
	reply: Reply | null;
	/** Won by exactly one execution; an action whose claim is lost is not carried out. */
	claimKey: string;
	reason: string;
}

export interface InboxDecision {
	output: InboxOutput;
	/** The main reason, e.g. `away: closed, holiday "Christmas"`. */
	reason: string;
	reasons: string[];
	hours: HoursState | null;
	actions: InboxAction[];
	consent: { kind: ConsentHit['kind']; keyword: string; language: string } | null;
	quickReply: { shortcut: string; via: string } | null;
	greeting: { eligible: boolean; silentDays: number | null; firstMessage: boolean };
}

function minutesAgo(iso: string | null, at: number): number | null {
	if (!iso) return null;
	const time = Date.parse(iso);
	return Number.isNaN(time) ? null : (at - time) / 60000;
}

function greetingCheck(policy: InboxPolicy, facts: ContactFacts, at: number): { eligible: boolean; reason: string; silentDays: number | null; first: boolean } {
	const previous = facts.previousInboundAt ? Date.parse(facts.previousInboundAt) : Number.NaN;
	const first = Number.isNaN(previous);
	const silentDays = first ? null : wholeDaysBetween(previous, at);
	if (policy.greeting.when === 'never') return { eligible: false, reason: 'greeting: off', silentDays, first };
	if (first) return { eligible: true, reason: 'greeting: first message ever', silentDays, first };
	if (policy.greeting.when === 'firstOrSilent' && silentDays! >= policy.greeting.silentDays) {
		return { eligible: true, reason: `greeting: silent ${silentDays} days`, silentDays, first };
	}
	return { eligible: false, reason: `no greeting: last message ${silentDays} day${silentDays === 1 ? '' : 's'} ago`, silentDays, first };
}

export function decideInbound(policy: InboxPolicy, message: InboundEvent, facts: ContactFacts): InboxDecision {
	const key = `${message.phoneNumberId}:${message.waId}`;
	const decision: InboxDecision = {
		output: 'continue',
		reason: '',
		reasons: [],
		hours: null,
		actions: [],
		consent: null,
		quickReply: null,
		greeting: { eligible: false, silentDays: null, firstMessage: false },
	};
	const finish = (output: InboxOutput, reason: string): InboxDecision => {
		decision.output = output;
		decision.reason = reason;
		if (!decision.reasons.includes(reason)) decision.reasons.unshift(reason);
		return decision;
	};

	if (message.event === 'messageEcho') {
		return finish('ignored', 'ignored: message echo (sent from the WhatsApp Business app), no automation or opt-out');
	}
	if (message.event !== 'message') return finish('ignored', `ignored: ${message.event || 'unknown'} event, not a customer message`);
	if (message.messageType === 'system' || message.messageType === 'unsupported') {
		return finish('ignored', `ignored: ${message.messageType} message`);
	}

	decision.hours = policy.hours ? evaluateHours(policy.hours, message.at) : null;

	const consent = matchConsent(policy.consent, message.text);
	if (consent) {
		decision.consent = { kind: consent.kind, keyword: consent.keyword, language: consent.language.language };
		const optOut = consent.kind === 'optOut';
		const text = optOut ? consent.language.optOutConfirmation : consent.language.optInConfirmation;
		const reason = `${optOut ? 'opt-out' : 'opt-in'}: keyword "${consent.keyword}" (${consent.language.language})`;
		decision.actions.push({
			kind: optOut ? 'optOutConfirmation' : 'optInConfirmation',
			reply: text ? { type: 'text', text, buttons: [] } : null,
			claimKey: `consent:${key}:${message.messageId}`,
			reason,
		});
		return finish('handled', reason);
	}

	if (facts.owner) {
		return finish('continue', `continue: conversation owned by ${facts.owner}, automations left to the owner`);
	}

	const hit = matchQuickReply(policy.quickReplies, message.text);
	if (hit) {
		decision.quickReply = { shortcut: hit.quickReply.shortcut, via: hit.via };
		const reason = `quick reply: ${hit.quickReply.shortcut} (${hit.via})`;
		decision.actions.push({ kind: 'quickReply', reply: hit.quickReply.reply, claimKey: `quick:${key}:${message.messageId}`, reason });
		return finish('handled', reason);
	}

	const greeting = greetingCheck(policy, facts, message.receivedAt);
	decision.greeting = { eligible: greeting.eligible, silentDays: greeting.silentDays, firstMessage: greeting.first };
	// Everyone writing in the same burst sees the same previous message, so they share one greeting.
	const greetingAction = (): InboxAction => ({
		kind: 'greeting',
		reply: policy.greeting.reply,
		claimKey: `greeting:${key}:${facts.previousInboundAt ?? 'first'}`,
		reason: greeting.reason,
	});

	const hours = decision.hours;
	if (hours && !hours.open) {
		let awayReason = `away: ${hours.reason}`;
		const agentMinutes = minutesAgo(facts.lastAgentReplyAt, message.receivedAt);
		const suppressed =
			policy.away.agentReplyMinutes > 0 && agentMinutes !== null && agentMinutes >= 0 && agentMinutes < policy.away.agentReplyMinutes;
		if (greeting.eligible) {
			if (policy.away.firstContact === 'greetingAndAway') decision.actions.push(greetingAction());
			else decision.reasons.push(`${greeting.reason}, not sent: out of hours the away message goes alone`);
			if (policy.away.firstContact === 'greetingAndAway') decision.reasons.push(greeting.reason);
		}
		if (suppressed) {
			awayReason = `away: not sent, an agent replied ${Math.floor(agentMinutes!)} min ago (${hours.reason})`;
		} else {
			const local = DateTime.fromMillis(message.at, { zone: policy.hours!.timeZone }).toISODate();
			const period =
				policy.away.oncePer === 'closedPeriod' ? hours.periodKey : policy.away.oncePer === 'day' ? `day:${local}` : `message:${message.messageId}`;
			decision.actions.push({ kind: 'away', reply: policy.away.reply, claimKey: `away:${key}:${period}`, reason: awayReason });
		}
		return finish('afterHours', awayReason);
	}

	if (greeting.eligible) {
		decision.actions.push(greetingAction());
		return finish('greeting', greeting.reason);
	}
	return finish('continue', `continue: ${hours ? hours.reason : 'no business hours set'}; ${greeting.reason}`);
}

/** What was said about an action whose claim another execution won. */
export function lostClaimReason(action: InboxAction): string {
	switch (action.kind) {
		case 'away':
			return 'away: already sent for this closed period';
		case 'greeting':
			return 'greeting: already sent for this message burst';
		default:
			return `${action.kind}: already handled (the same message was delivered twice)`;
	}
}

/**
 * The decision after the claims: actions whose claim was lost are dropped with the reason, and a
 * lost greeting outside After Hours sends the item to Continue (the winner took the greeting branch).
 */
export function settleClaims(decision: InboxDecision, won: ReadonlySet<string>): InboxDecision {
	const kept: InboxAction[] = [];
	const reasons = [...decision.reasons];
	let { output, reason } = decision;
	for (const action of decision.actions) {
		if (won.has(action.claimKey)) {
			kept.push(action);
			continue;
		}
		const lost = lostClaimReason(action);
		reasons.push(lost);
		if (action.kind === 'greeting' && output === 'greeting') {
			output = 'continue';
			reason = lost;
		}
		if (action.kind === 'away') reason = lost;
		if (output === 'handled' && action.kind !== 'greeting') reason = lost;
	}
	return { ...decision, output, reason, reasons, actions: kept };
}
