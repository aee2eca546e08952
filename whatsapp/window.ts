/**
 * The 24-hour customer-service window and the send guard built on it (cloud-api-facts §14).
 * Every inbound user message opens or refreshes a 24-hour window; inside it any message type may
 * be sent, outside it only templates. Marketing templates must not reach a user who opted out.
 */
import { WhatsAppValidationError } from './validation';

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface WindowState {
	open: boolean;
	/** When the window closes (ISO time), or null when the customer never wrote. */
	until: string | null;
	/** Milliseconds left; 0 when closed. */
	remainingMs: number;
}

/** The window as it stands at `now`, from the time of the customer's last message. */
export function windowState(lastInboundAt: string | null | undefined, now: number): WindowState {
	if (!lastInboundAt) return { open: false, until: null, remainingMs: 0 };
	const last = Date.parse(lastInboundAt);
	if (Number.isNaN(last)) return { open: false, until: null, remainingMs: 0 };
	const until = last + CUSTOMER_SERVICE_WINDOW_MS;
	const remainingMs = Math.max(0, until - now);
	return { open: remainingMs > 0, until: new Date(until).toISOString(), remainingMs };
}

/** Only templates may be sent outside the window; every other type (reactions too) needs it open. */
export function needsOpenWindow(messageType: string): boolean {
	return messageType !== 'template';
}

/** What to do with a free-form message when the window is closed. */
export type ClosedWindowAction = 'refuse' | 'template' | 'send';

export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

export interface GuardContact {
	optedOut: boolean;
	lastInboundAt: string | null;
}

export interface GuardInput {
	/** The `type` of the send body: text, image, template … */
	messageType: string;
	/** The template's category, when the message is a template and it is known. */
	templateCategory?: string;
	/** The contact, or undefined when the contact book does not know the recipient. */
	contact: GuardContact | undefined;
	closedWindow: ClosedWindowAction;
	/** Whether marketing templates to opted-out contacts are refused. */
	respectOptOut: boolean;
	now: number;
}

export type GuardDecision =
	| { action: 'send'; window: WindowState }
	| { action: 'sendTemplate'; window: WindowState }
	| { action: 'refuse'; reason: 'windowClosed' | 'optedOut'; message: string; window: WindowState };

/**
 * Decides one send. Opt-out only blocks marketing templates: a reply inside the window is a
 * service message, and utility or authentication templates are not marketing.
 */
export function decideSend(input: GuardInput): GuardDecision {
	const window = windowState(input.contact?.lastInboundAt, input.now);
	const isTemplate = !needsOpenWindow(input.messageType);
	if (isTemplate) {
		const marketing = (input.templateCategory ?? '').toUpperCase() === 'MARKETING';
		if (marketing && input.respectOptOut && input.contact?.optedOut) {
			return {
				action: 'refuse',
				reason: 'optedOut',
				message: 'The contact opted out of marketing messages: a marketing template is not sent to them',
				window,
			};
		}
		return { action: 'send', window };
	}
	if (window.open || input.closedWindow === 'send') return { action: 'send', window };
	if (input.closedWindow === 'template') return { action: 'sendTemplate', window };
	const since = input.contact?.lastInboundAt
		? `the customer last wrote at ${input.contact.lastInboundAt} and the window closed at ${window.until}`
		: 'the contact book has no message from this customer';
	return {
		action: 'refuse',
		reason: 'windowClosed',
		message: `The 24-hour customer-service window is closed (${since}); only a template may be sent`,
		window,
	};
}

/** A send the guard refused; nothing was sent to WhatsApp. */
export class SendRefusedError extends WhatsAppValidationError {
	constructor(
		field: string,
		message: string,
		readonly reason: 'windowClosed' | 'optedOut',
	) {
		super(field, message);
		this.name = 'SendRefusedError';
	}
}
