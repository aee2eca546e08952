/**
 * What the simulator told the webhook receiver about its accepted messages, for assertions:
 * distinct messages per status that were delivered with a 2xx answer (a redelivered webhook counts
 * once), and the failure codes of `failed` statuses.
 */
import type { WebhookRecord } from './index';

export interface StatusCounts {
	/** Messages with a `sent` status delivered to the receiver. */
	sent: number;
	delivered: number;
	read: number;
	failed: number;
	/** `failed` statuses per error code. */
	failureCodes: Record<string, number>;
	/** Status webhooks not (yet) answered with 2xx: still retrying, or given up. */
	undelivered: number;
}

export function countStatusWebhooks(webhooks: readonly WebhookRecord[]): StatusCounts {
	const seen: Record<string, Set<string>> = { sent: new Set(), delivered: new Set(), read: new Set(), failed: new Set() };
	const failureCodes: Record<string, number> = {};
	let undelivered = 0;
	for (const record of webhooks) {
		if (record.kind !== 'status' || !record.wamid || !record.statusName) continue;
		if (record.status === undefined || record.status < 200 || record.status >= 300) {
			undelivered += 1;
			continue;
		}
		const set = seen[record.statusName];
		if (!set || set.has(record.wamid)) continue;
		set.add(record.wamid);
		if (record.statusName === 'failed') {
			const value = (record.payload as { entry?: Array<{ changes?: Array<{ value?: { statuses?: Array<{ errors?: Array<{ code?: number }> }> } }> }> })?.entry?.[0]?.changes?.[0]?.value?.statuses?.[0];
			const code = String(value?.errors?.[0]?.code ?? 'unknown');
			failureCodes[code] = (failureCodes[code] ?? 0) + 1;
		}
	}
	return { sent: seen.sent.size, delivered: seen.delivered.size, read: seen.read.size, failed: seen.failed.size, failureCodes, undelivered };
}
