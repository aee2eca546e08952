/**
 * Activation and deactivation (webhookMethods.default): the Graph calls that point Meta's webhook
 * override at this workflow and undo exactly that, the registry rows that let several workflows
 * share one number, and the ledger table's creation (which also proves the n8n API key early).
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OverrideState, OverrideTarget, RegistrationRecord } from '../../whatsapp/webhooks/registration';
import { planActivation, planDeactivation, targetKey } from '../../whatsapp/webhooks/registration';
import { deriveVerifyToken } from '../../whatsapp/webhooks/signature';
import { WhatsAppValidationError } from '../../whatsapp/validation';
import { ensureLedgerTable, pruneLedger, prunePreviousLedger } from '../shared/delivery/ledger';
import type { RegistryEntry } from '../shared/delivery/registry';
import { ensureRegistryTable, listRegistered, passOwnership, register, unregister } from '../shared/delivery/registry';
import type { GraphContext } from '../shared/transport/graph';
import { getGraphCredentials, graphRequest } from '../shared/transport/graph';
import { hasN8nApiCredential } from '../shared/transport/n8nApi';

export interface TriggerStaticData extends IDataObject {
	registration?: RegistrationRecord & IDataObject;
	ledgerTableId?: string;
	registryTableId?: string;
}

export function isTestWebhook(mode: string, url: string): boolean {
	return mode === 'manual' || url.includes('/webhook-test/');
}

/** The key a trigger's derived verify token is computed from (stable for the node's lifetime). */
export function webhookKey(node: { webhookId?: string; id: string }, workflowId: string | undefined): string {
	return node.webhookId ?? `${workflowId ?? ''}/${node.id}`;
}

async function readOverride(this: GraphContext, target: OverrideTarget, waba: string, appId: string): Promise<OverrideState> {
	const apps = (await graphRequest.call(this, 'GET', `${waba}/subscribed_apps`)) as { data?: IDataObject[] };
	const list = apps.data ?? [];
	const ours =
		list.find((app) => (app.whatsapp_business_api_data as IDataObject | undefined)?.id === appId) ??
		(list.length === 1 || !appId ? list[0] : undefined);
	const state: OverrideState = { subscribed: ours !== undefined };
	if (target.level === 'businessAccount') {
		if (typeof ours?.override_callback_uri === 'string' && ours.override_callback_uri !== '') {
			state.overrideUrl = ours.override_callback_uri;
		}
		return state;
	}
	const number = (await graphRequest.call(this, 'GET', target.id, { qs: { fields: 'webhook_configuration' } })) as {
		webhook_configuration?: { phone_number?: unknown };
	};
	const url = number.webhook_configuration?.phone_number;
	if (typeof url === 'string' && url !== '') state.overrideUrl = url;
	return state;
}

async function writeOverride(this: GraphContext, target: OverrideTarget, waba: string, url: string, verifyToken: string, subscribed: boolean): Promise<void> {
	if (target.level === 'businessAccount') {
		await graphRequest.call(this, 'POST', `${waba}/subscribed_apps`, {
			body: { override_callback_uri: url, verify_token: verifyToken },
			idempotent: true,
		});
		return;
	}
	// Meta needs the app subscribed to the account before a number override takes effect.
	if (!subscribed) await graphRequest.call(this, 'POST', `${waba}/subscribed_apps`, { body: {}, idempotent: true });
	await graphRequest.call(this, 'POST', target.id, {
		body: { webhook_configuration: { override_callback_uri: url, verify_token: verifyToken } },
		idempotent: true,
	});
}

async function restoreOverride(this: IHookFunctions, target: OverrideTarget, waba: string, previous: OverrideState): Promise<void> {
	if (target.level === 'businessAccount') {
		// Subscribing again without override parameters removes the account's override.
		if (previous.subscribed) await graphRequest.call(this, 'POST', `${waba}/subscribed_apps`, { body: {}, idempotent: true });
	} else {
		await graphRequest.call(this, 'POST', target.id, { body: { webhook_configuration: { override_callback_uri: '' } }, idempotent: true });
	}
	if (!previous.subscribed) await graphRequest.call(this, 'DELETE', `${waba}/subscribed_apps`);
	if (previous.overrideUrl) {
		this.logger.warn(
			`WhatsApp trigger: cleared the webhook override of ${targetKey(target)}; it pointed at ${previous.overrideUrl} before activation and Meta needs that server’s verify token to restore it`,
		);
	}
}

function overrideTarget(this: IHookFunctions, waba: string): OverrideTarget {
	const level = this.getNodeParameter('overrideLevel', 'businessAccount') as string;
	if (level !== 'phoneNumber') return { level: 'businessAccount', id: waba };
	const id = String(this.getNodeParameter('overridePhoneNumberId', '', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(id)) {
		throw new NodeOperationError(this.getNode(), `Phone Number must be a phone number ID (digits only); got "${id}"`);
	}
	return { level: 'phoneNumber', id };
}

function parseTarget(key: string): OverrideTarget | undefined {
	const match = /^(waba|phone):(\d+)$/.exec(key);
	if (!match) return undefined;
	return { level: match[1] === 'phone' ? 'phoneNumber' : 'businessAccount', id: match[2] };
}

function parsePrevious(json: string): OverrideState {
	try {
		const parsed = JSON.parse(json) as OverrideState;
		return { subscribed: parsed.subscribed !== false, ...(parsed.overrideUrl ? { overrideUrl: parsed.overrideUrl } : {}) };
	} catch {
		// Unknown history: assume the app was subscribed, so restoring never unsubscribes it.
		return { subscribed: true };
	}
}

function asNodeError(this: IHookFunctions, error: unknown): unknown {
	if (error instanceof WhatsAppValidationError) {
		return new NodeOperationError(this.getNode(), error.message, { description: `Field: ${error.field}` });
	}
	return error;
}

export async function activate(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default') ?? '';
	const node = this.getNode();
	const workflowId = this.getWorkflow().id ?? '';
	const credentials = await getGraphCredentials.call(this);
	const waba = credentials.businessAccountId;
	const withApi = await hasN8nApiCredential.call(this);
	const entry = (mode: 'production' | 'test', target = '', previous = ''): Omit<RegistryEntry, 'id'> => ({
		businessAccountId: waba,
		workflowId,
		nodeId: node.id,
		webhookId: webhookKey(node, workflowId),
		url,
		mode,
		target,
		previous,
	});

	// Listening in the editor never touches Meta; the registered owner relays to the test URL.
	if (isTestWebhook(this.getMode(), url)) {
		if (withApi) await register.call(this, await ensureRegistryTable.call(this), entry('test'));
		return true;
	}

	const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
	let registryTableId: string | undefined;
	if (withApi) {
		staticData.ledgerTableId = await ensureLedgerTable.call(this);
		// Retention without an operator: every publish prunes rows past Meta's redelivery horizon
		// (and about one claim in a hundred does too). Housekeeping never blocks a publish.
		await pruneLedger.call(this, staticData.ledgerTableId).catch(() => 0);
		await prunePreviousLedger.call(this).catch(() => 0);
		registryTableId = await ensureRegistryTable.call(this);
		staticData.registryTableId = registryTableId;
	}

	if (this.getNodeParameter('registration', 'automatic') !== 'automatic') {
		if (registryTableId) await register.call(this, registryTableId, entry('production'));
		return true;
	}

	try {
		const target = overrideTarget.call(this, waba);
		const others = registryTableId
			? (await listRegistered.call(this, registryTableId, [waba])).filter(
					(row) => row.mode === 'production' && !(row.workflowId === workflowId && row.nodeId === node.id),
				)
			: [];
		const current = await readOverride.call(this, target, waba, credentials.appId);
		const plan = planActivation({
			current,
			ownUrl: url,
			registeredUrls: others.map((row) => row.url),
			replaceForeignOverride: this.getNodeParameter('replaceForeignOverride', false) as boolean,
			targetLabel: target.level === 'phoneNumber' ? `phone number ${target.id}` : `business account ${waba}`,
		});
		let record = staticData.registration;
		if (plan.action === 'take') {
			await writeOverride.call(this, target, waba, url, deriveVerifyToken(credentials.appSecret, webhookKey(node, workflowId)), current.subscribed);
			record = { target: { ...target }, url, previous: { ...plan.previous }, registeredAt: new Date().toISOString() } as TriggerStaticData['registration'];
			staticData.registration = record;
		} else if (plan.action === 'alreadyOurs' && !record) {
			// Static data was lost (re-import): we cannot know what was there before, so never unsubscribe.
			record = { target: { ...target }, url, previous: { subscribed: true }, registeredAt: new Date().toISOString() } as TriggerStaticData['registration'];
			staticData.registration = record;
		} else if (plan.action === 'shared') {
			delete staticData.registration;
			record = undefined;
		}
		if (registryTableId) {
			await register.call(
				this,
				registryTableId,
				entry('production', record ? targetKey(record.target) : '', record ? JSON.stringify(record.previous) : ''),
			);
		}
	} catch (error) {
		throw asNodeError.call(this, error);
	}
	return true;
}

export async function deactivate(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default') ?? '';
	const node = this.getNode();
	const workflowId = this.getWorkflow().id ?? '';
	const withApi = await hasN8nApiCredential.call(this);

	try {
		if (isTestWebhook(this.getMode(), url)) {
			if (withApi) await unregister.call(this, await ensureRegistryTable.call(this), workflowId, node.id, 'test');
			return true;
		}
		const credentials = await getGraphCredentials.call(this);
		const waba = credentials.businessAccountId;
		const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
		let registryTableId: string | undefined;
		let others: RegistryEntry[] = [];
		let ownRow: RegistryEntry | undefined;
		if (withApi) {
			registryTableId = await ensureRegistryTable.call(this);
			const rows = await listRegistered.call(this, registryTableId, [waba]);
			ownRow = rows.find((row) => row.mode === 'production' && row.workflowId === workflowId && row.nodeId === node.id);
			others = rows.filter((row) => row.mode === 'production' && row !== ownRow);
			await unregister.call(this, registryTableId, workflowId, node.id, 'production');
		}

		const target = staticData.registration?.target ?? parseTarget(ownRow?.target ?? '');
		if (!target) return true;
		const previous = staticData.registration?.previous ?? parsePrevious(ownRow?.previous ?? '');
		const current = await readOverride.call(this, target, waba, credentials.appId);
		const plan = planDeactivation({ current, ownUrl: url, previous, successorUrls: others.map((row) => row.url) });
		if (plan.action === 'handOver') {
			const successor = others.find((row) => row.url === plan.successorUrl)!;
			await writeOverride.call(this, target, waba, successor.url, deriveVerifyToken(credentials.appSecret, successor.webhookId), true);
			if (registryTableId) await passOwnership.call(this, registryTableId, successor, targetKey(target), JSON.stringify(previous));
		} else if (plan.action === 'restore') {
			await restoreOverride.call(this, target, waba, plan.previous);
		}
		delete staticData.registration;
	} catch (error) {
		// Deactivation must not get stuck on Meta or the n8n API; say what was left behind.
		this.logger.error(`WhatsApp trigger: could not undo the webhook registration of workflow ${workflowId}: ${(error as Error).message}`);
	}
	return true;
}
