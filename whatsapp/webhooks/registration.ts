/**
 * What the trigger changes at Meta on activation and how it undoes exactly that. Meta routes the
 * `messages` family of webhooks (messages, statuses, echoes, history, app state sync) to a phone
 * number's override callback, else the business account's override, else the app's callback.
 * Template and account webhooks always go to the app's callback and cannot be overridden.
 */
import { WhatsAppValidationError } from '../validation';

/** Meta's documented maximum for `override_callback_uri`. */
export const MAX_CALLBACK_URL_LENGTH = 200;

export type OverrideLevel = 'businessAccount' | 'phoneNumber';

export interface OverrideTarget {
	level: OverrideLevel;
	/** WABA ID or phone number ID. */
	id: string;
}

/** What Meta had before we touched it. */
export interface OverrideState {
	/** Whether the app was subscribed to the WABA (`subscribed_apps`). */
	subscribed: boolean;
	/** The override callback URL at the target, if any. */
	overrideUrl?: string;
}

/** Kept in the trigger's static data (and the registry) so deactivation undoes exactly this. */
export interface RegistrationRecord {
	target: OverrideTarget;
	url: string;
	previous: OverrideState;
	registeredAt: string;
}

/**
 * Whether a webhook entry's ID can be a business account (Meta's IDs are digits). The trigger looks
 * only such IDs up in the registry, so a signed body with huge or odd entry IDs costs no lookup.
 */
export function isBusinessAccountId(id: string): boolean {
	return /^\d{1,32}$/.test(id);
}

export function targetKey(target: OverrideTarget): string {
	return `${target.level === 'phoneNumber' ? 'phone' : 'waba'}:${target.id}`;
}

export function checkCallbackUrl(url: string): void {
	if (url.length > MAX_CALLBACK_URL_LENGTH) {
		throw new WhatsAppValidationError(
			'Webhook URL',
			`Webhook URL must be at most ${MAX_CALLBACK_URL_LENGTH} characters for Meta's override_callback_uri; it has ${url.length} (${url}). Set a shorter WEBHOOK_URL for n8n.`,
		);
	}
	if (url.includes('/webhook-test/')) {
		throw new WhatsAppValidationError('Webhook URL', `The test URL ${url} must never replace the production callback`);
	}
}

export type ActivationPlan =
	| { action: 'alreadyOurs' }
	/** Another active trigger of this package owns the callback; this one is reached by relay. */
	| { action: 'shared'; ownerUrl: string }
	| { action: 'take'; previous: OverrideState };

export function planActivation(input: {
	current: OverrideState;
	ownUrl: string;
	/** Production URLs of the other triggers registered for the same account. */
	registeredUrls: readonly string[];
	replaceForeignOverride: boolean;
	targetLabel: string;
}): ActivationPlan {
	const { current, ownUrl } = input;
	checkCallbackUrl(ownUrl);
	if (current.overrideUrl === ownUrl) return { action: 'alreadyOurs' };
	if (current.overrideUrl && input.registeredUrls.includes(current.overrideUrl)) {
		return { action: 'shared', ownerUrl: current.overrideUrl };
	}
	if (current.overrideUrl && !input.replaceForeignOverride) {
		throw new WhatsAppValidationError(
			'Replace Existing Callback',
			`The ${input.targetLabel} already sends its webhooks to ${current.overrideUrl}, which is not a trigger of this n8n. Remove that override in Meta, or turn on "Replace Existing Callback" (deactivating then clears the override; Meta does not let us restore a foreign callback without its verify token).`,
		);
	}
	return { action: 'take', previous: current };
}

export type DeactivationPlan =
	/** Meta no longer points at us (changed by hand or by another owner): touch nothing. */
	| { action: 'none' }
	/** Point Meta at the next registered trigger and pass on what to restore in the end. */
	| { action: 'handOver'; successorUrl: string; previous: OverrideState }
	/** Last one out: put back what was there (or unsubscribe if we subscribed the app). */
	| { action: 'restore'; previous: OverrideState };

export function planDeactivation(input: {
	current: OverrideState;
	ownUrl: string;
	previous: OverrideState;
	/** Production URLs of the other triggers still registered, oldest first. */
	successorUrls: readonly string[];
}): DeactivationPlan {
	if (input.current.overrideUrl !== input.ownUrl) return { action: 'none' };
	const successor = input.successorUrls.find((url) => url !== input.ownUrl);
	if (successor) return { action: 'handOver', successorUrl: successor, previous: input.previous };
	return { action: 'restore', previous: input.previous };
}
