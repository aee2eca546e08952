import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Placeholder: receives Meta webhooks. Being built in issue #4. */
export class WhatsAppBusinessPlatformTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Platform Trigger',
		name: 'whatsAppBusinessPlatformTrigger',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"WhatsApp events"}}',
		description: 'Starts the workflow when WhatsApp messages, statuses or account events arrive',
		defaults: { name: 'WhatsApp Business Platform Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatsAppBusinessPlatformApi', required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [[{ json: this.getBodyData() }]] };
	}
}
