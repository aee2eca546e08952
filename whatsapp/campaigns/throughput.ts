/**
 * A business number's throughput (cloud-api-facts §13.3): 80 messages per second by default,
 * 1000 after Meta's automatic upgrade. `GET /{phone-number-id}?fields=throughput` reports the level.
 */

export const DEFAULT_MESSAGES_PER_SECOND = 80;
export const HIGH_MESSAGES_PER_SECOND = 1000;

/** Messages per second for a `throughput.level` (`STANDARD`, `HIGH`; anything else: the default). */
export function messagesPerSecondForLevel(level: unknown): number {
	if (typeof level === 'string' && level.toUpperCase() === 'HIGH') return HIGH_MESSAGES_PER_SECOND;
	return DEFAULT_MESSAGES_PER_SECOND;
}

/** Reads `{ throughput: { level } }` from a phone number object. */
export function throughputLevelOf(phoneNumber: unknown): string | undefined {
	const level = (phoneNumber as { throughput?: { level?: unknown } } | undefined)?.throughput?.level;
	return typeof level === 'string' ? level : undefined;
}
