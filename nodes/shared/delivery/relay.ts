/**
 * Fan-out: the trigger that Meta calls forwards the verified raw body, byte for byte with Meta's
 * signature, to the other registered triggers of the same account. Each receiver checks the
 * signature itself, applies its own filters and claims events in its own ledger scope. The relay
 * header marks a forwarded call so it is never forwarded again.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import type { RegistryEntry } from './registry';

export const RELAY_HEADER = 'x-wabp-relayed-by';

export interface RelayResult {
	url: string;
	mode: 'production' | 'test';
	/** HTTP status, or 0 when the target could not be reached. */
	status: number;
}

export async function relayToTriggers(
	this: IWebhookFunctions,
	targets: readonly RegistryEntry[],
	rawBody: Buffer,
	signature: string,
	relayedBy: string,
): Promise<RelayResult[]> {
	return await Promise.all(
		targets.map(async (target): Promise<RelayResult> => {
			try {
				const response = (await this.helpers.httpRequest({
					method: 'POST',
					url: target.url,
					body: rawBody,
					headers: {
						'content-type': 'application/json',
						'x-hub-signature-256': signature,
						[RELAY_HEADER]: relayedBy,
					},
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					json: false,
					timeout: 15_000,
				})) as { statusCode: number };
				return { url: target.url, mode: target.mode, status: response.statusCode };
			} catch {
				return { url: target.url, mode: target.mode, status: 0 };
			}
		}),
	);
}

/** A production target that did not take the call (404 means it was deactivated: not a failure). */
export function isRelayFailure(result: RelayResult): boolean {
	return result.mode === 'production' && result.status !== 404 && (result.status === 0 || result.status >= 500);
}
