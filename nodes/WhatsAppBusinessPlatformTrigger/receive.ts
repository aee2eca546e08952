/**
 * `webhook()`: Meta's GET handshake, and the POST path — signature on the raw bytes, parse,
 * relay to the other triggers of the account, filter, claim in the delivery ledger, one item per
 * event. Rejections answer with their own status and start no execution.
 */
import type { IBinaryKeyData, IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { boundMessage } from '../../whatsapp/webhooks/bounded';
import type { EventKind, WebhookEvent } from '../../whatsapp/webhooks/events';
import type { EventFilter } from '../../whatsapp/webhooks/filters';
import { filterEvents, splitList } from '../../whatsapp/webhooks/filters';
import { ledgerScope } from '../../whatsapp/webhooks/ledger';
import { parseWebhook, parseWebhookBody, WebhookPayloadError } from '../../whatsapp/webhooks/parse';
import { isBusinessAccountId } from '../../whatsapp/webhooks/registration';
import { answerVerification, deriveVerifyToken, SIGNATURE_HEADER, verifySignature } from '../../whatsapp/webhooks/signature';
import { claimEvents, ensureLedgerTable } from '../shared/delivery/ledger';
import type { RegistryEntry } from '../shared/delivery/registry';
import { ensureRegistryTable, listRegistered } from '../shared/delivery/registry';
import { isRelayFailure, RELAY_HEADER, relayToTriggers } from '../shared/delivery/relay';
import type { GraphBinaryResponse } from '../shared/transport/graph';
import { getGraphCredentials, graphRequest } from '../shared/transport/graph';
import { hasN8nApiCredential } from '../shared/transport/n8nApi';
import { recordCampaignStatuses } from './campaignStatuses';
import type { TriggerStaticData } from './registration';
import { webhookKey } from './registration';

function reply(this: IWebhookFunctions, status: number, body: string): IWebhookResponseData {
	this.getResponseObject().status(status).type('text/plain').send(body);
	return { noWebhookResponse: true };
}

function header(this: IWebhookFunctions, name: string): string | undefined {
	const value = this.getHeaderData()[name];
	return Array.isArray(value) ? value[0] : value;
}

/** An event repeated inside one body (same ID) is one event: the first copy is kept. */
function onePerEventId(events: WebhookEvent[]): WebhookEvent[] {
	const seen = new Set<string>();
	return events.filter((event) => !seen.has(event.eventId) && seen.add(event.eventId) !== undefined);
}

function readFilter(this: IWebhookFunctions): EventFilter {
	const filter: EventFilter = {
		events: this.getNodeParameter('events', []) as EventKind[],
		messageTypes: this.getNodeParameter('messageTypes', []) as string[],
		statuses: this.getNodeParameter('statuses', []) as string[],
		phoneNumberIds: splitList(this.getNodeParameter('phoneNumberIds', '')),
	};
	// A number-level registration only ever wants its own number, whatever reaches it by relay.
	if (this.getNodeParameter('registration', 'automatic') === 'automatic' && this.getNodeParameter('overrideLevel', 'businessAccount') === 'phoneNumber') {
		const own = String(this.getNodeParameter('overridePhoneNumberId', '', { extractValue: true }) ?? '');
		if (own) filter.phoneNumberIds = filter.phoneNumberIds?.length ? filter.phoneNumberIds.filter((id) => id === own) : [own];
	}
	return filter;
}

async function handshake(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { appSecret } = await getGraphCredentials.call(this);
	const node = this.getNode();
	const tokens = [String(this.getNodeParameter('verifyToken', '') ?? '')];
	if (appSecret) tokens.push(deriveVerifyToken(appSecret, webhookKey(node, this.getWorkflow().id)));
	const answer = answerVerification(this.getQueryData() as IDataObject, tokens);
	if (!answer.ok) {
		this.logger.warn(`WhatsApp trigger "${node.name}" refused a verification request: ${answer.reason}`);
		return reply.call(this, answer.status, answer.reason);
	}
	return reply.call(this, 200, answer.challenge);
}

async function downloadMedia(this: IWebhookFunctions, event: WebhookEvent): Promise<IBinaryKeyData | string> {
	try {
		const info = (await graphRequest.call(this, 'GET', event.media!.id!)) as { url?: string; mime_type?: string };
		if (!info.url) return 'Meta returned no download URL for this media';
		const file = (await graphRequest.call(this, 'GET', info.url, { binary: true })) as GraphBinaryResponse;
		const mimeType = event.media?.mimeType ?? info.mime_type ?? file.headers['content-type'];
		const extension = (mimeType ?? '').split('/')[1]?.split(/[;+]/)[0]?.trim();
		const fileName = event.media?.filename ?? `${event.media!.id}${extension ? `.${extension}` : ''}`;
		return { data: await this.helpers.prepareBinaryData(file.body, fileName, mimeType) };
	} catch (error) {
		return (error as Error).message;
	}
}

/** Claims the selected events in this trigger's ledger scope; returns the event IDs won. */
async function claimSelected(this: IWebhookFunctions, selected: WebhookEvent[], staticData: TriggerStaticData): Promise<Set<string>> {
	const tableId = staticData.ledgerTableId ?? (await ensureLedgerTable.call(this));
	return await claimEvents.call(this, tableId, ledgerScope(this.getWorkflow().id, this.getNode().id), selected.map((event) => event.eventId));
}

/**
 * Passes the signed body on to the other triggers registered for its accounts. Returns false when
 * a relay failed (already logged); throws when the registry could not be read.
 */
async function relayToRegistered(this: IWebhookFunctions, events: WebhookEvent[], rawBody: Buffer, signature: string, staticData: TriggerStaticData): Promise<boolean> {
	const node = this.getNode();
	const workflowId = this.getWorkflow().id;
	// Only a real account ID can have registered triggers: nothing else is worth a lookup.
	const accounts = [...new Set(events.map((event) => event.businessAccountId))].filter(isBusinessAccountId);
	if (accounts.length === 0) return true;
	const registryTableId = staticData.registryTableId ?? (await ensureRegistryTable.call(this));
	const targets: RegistryEntry[] = (await listRegistered.call(this, registryTableId, accounts)).filter(
		(row) => !(row.mode === 'production' && row.workflowId === workflowId && row.nodeId === node.id),
	);
	if (targets.length === 0) return true;
	const results = await relayToTriggers.call(this, targets, rawBody, signature, `${workflowId}/${node.id}`);
	const failed = results.filter(isRelayFailure);
	if (failed.length === 0) return true;
	// Meta redelivers on non-2xx; every receiver's ledger drops what it already has.
	this.logger.warn(boundMessage(`WhatsApp trigger "${node.name}": relay failed for ${failed.map((r) => `${r.url} (${r.status || 'unreachable'})`).join(', ')}; answering 503 so Meta redelivers`, 2000));
	return false;
}

/**
 * Whatever the body, the answer is 200, 400, 401, or 503 when a store the trigger needs is down;
 * nothing escapes to n8n (which would answer 500, and Meta would redeliver the same body for days).
 */
export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		if (this.getWebhookName() === 'setup') return await handshake.call(this);
		return await receiveNotification.call(this);
	} catch (error) {
		// Not expected: answer 503 so Meta redelivers later rather than lose the events.
		this.logger.error(`WhatsApp trigger "${this.getNode().name}" could not process a webhook: ${boundMessage(String((error as Error)?.message ?? error))}; answering 503 so Meta redelivers`);
		try {
			return reply.call(this, 503, 'The notification could not be processed; it will be accepted on redelivery');
		} catch {
			return { noWebhookResponse: true };
		}
	}
}

async function receiveNotification(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const node = this.getNode();
	const workflowId = this.getWorkflow().id;
	const request = this.getRequestObject();
	if (!request.rawBody) await request.readRawBody();
	const rawBody: Buffer = request.rawBody ?? Buffer.alloc(0);

	const { appSecret } = await getGraphCredentials.call(this);
	const signature = header.call(this, SIGNATURE_HEADER);
	const check = verifySignature(rawBody, signature, appSecret);
	if (!check.ok) {
		this.logger.warn(`WhatsApp trigger "${node.name}" (workflow ${workflowId}) rejected a webhook with 401: ${boundMessage(check.message)}`);
		return reply.call(this, 401, 'Invalid signature');
	}

	let events: WebhookEvent[];
	try {
		events = parseWebhook(parseWebhookBody(rawBody));
	} catch (error) {
		const message = boundMessage(error instanceof WebhookPayloadError ? error.message : `Unreadable payload: ${(error as Error).message}`);
		this.logger.warn(`WhatsApp trigger "${node.name}" (workflow ${workflowId}) rejected a webhook with 400: ${message}`);
		return reply.call(this, 400, message);
	}

	const production = this.getMode() !== 'manual';
	const withApi = production && (await hasN8nApiCredential.call(this));
	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;

	// Only a call straight from Meta is passed on, so a relayed call never travels further; and
	// campaign statuses are recorded once, by the trigger Meta called (not again by relay
	// receivers), whatever this workflow's filters keep.
	const direct = withApi && header.call(this, RELAY_HEADER) === undefined;
	let selected = onePerEventId(filterEvents(events, readFilter.call(this)));

	// The relay, the campaign statuses and the claim do not depend on each other: they run at the
	// same time, so a POST costs the longest of them (the claim's three calls), not their sum.
	const [relayed, recorded, claimed] = await Promise.allSettled([
		direct ? relayToRegistered.call(this, events, rawBody, signature!, staticData) : Promise.resolve(true),
		direct ? recordCampaignStatuses.call(this, events) : Promise.resolve(0),
		withApi && selected.length > 0 ? claimSelected.call(this, selected, staticData) : Promise.resolve(undefined),
	]);
	const warn = (what: string, reason: unknown) =>
		this.logger.warn(`WhatsApp trigger "${node.name}": ${what} (${boundMessage(String((reason as Error)?.message ?? reason))}); answering 503 so Meta redelivers`);

	if (claimed.status === 'rejected') {
		// Without the ledger, exactly-once cannot be promised: let Meta redeliver later instead.
		warn('delivery ledger unavailable', claimed.reason);
		return reply.call(this, 503, 'Delivery ledger unavailable');
	}
	const won = claimed.value;
	if (won) selected = selected.filter((event) => won.has(event.eventId));
	// The events won here run now whatever else failed (a redelivery finds them claimed); the 503
	// makes Meta redeliver, so the relay or the statuses get their second chance.
	if (relayed.status === 'rejected') warn('trigger registry unavailable', relayed.reason);
	if (recorded.status === 'rejected') warn('campaign statuses not recorded', recorded.reason);
	const status = relayed.status === 'rejected' || !relayed.value || recorded.status === 'rejected' ? 503 : 200;

	if (selected.length === 0) return reply.call(this, status, '');

	const options = this.getNodeParameter('triggerOptions', {}) as { downloadMedia?: boolean; includeRaw?: boolean };
	const items: INodeExecutionData[] = [];
	for (const event of selected) {
		const json = { ...event } as unknown as IDataObject;
		if (options.includeRaw === false) delete json.raw;
		const item: INodeExecutionData = { json };
		if (options.downloadMedia && event.media?.id && (event.event === 'message' || event.event === 'messageEcho')) {
			const binary = await downloadMedia.call(this, event);
			if (typeof binary === 'string') json.mediaDownloadError = binary;
			else item.binary = binary;
		}
		items.push(item);
	}
	if (status !== 200) {
		this.getResponseObject().status(status).send('');
		return { noWebhookResponse: true, workflowData: [items] };
	}
	return { workflowData: [items] };
}
