import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchPhoneNumbers } from '../WhatsAppBusinessPlatform/methods/listSearch';
import { triggerProperties } from './description';
import { receive } from './receive';
import { activate, deactivate } from './registration';

/**
 * Receives Meta's webhooks: verified on the raw bytes, one item per message, status or event,
 * delivered exactly once through a Data Table ledger, self-registering through Meta's webhook
 * overrides, and shared by several workflows through a relay among registered triggers.
 */
export class WhatsAppBusinessPlatformTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Platform Trigger',
		name: 'whatsAppBusinessPlatformTrigger',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when WhatsApp messages, statuses or account events arrive',
		defaults: { name: 'WhatsApp Business Platform Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Labelled: without a displayName the editor calls both "Credential to connect with".
			{ name: 'whatsAppBusinessPlatformApi', displayName: 'WhatsApp Credential', required: true },
			{ name: 'whatsAppBusinessPlatformN8nApi', displayName: 'Data Tables Credential (n8n API, for exactly-once)', required: false },
		],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			// `noData`: Meta needs only the 200; without it n8n answers with the literal "firstEntryJson".
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
		],
		properties: triggerProperties,
	};

	methods = { listSearch: { searchPhoneNumbers } };

	webhookMethods = {
		default: {
			// Activation always runs `create`, which is idempotent: it reads Meta's state first.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await activate.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deactivate.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}
}
