import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { automate } from './automate';
import { checkHours } from './checkHours';
import { inboxProperties } from './description';
import { sendQuickReply } from './sendQuickReply';

/**
 * The outputs follow the operation, as n8n's Switch does: Run Automations branches five ways,
 * Check Business Hours two, Send Quick Reply has one output.
 */
const OUTPUTS_EXPRESSION =
	'={{ ($parameter.operation ?? "automate") === "checkHours" ? [{ "type": "main", "displayName": "Open" }, { "type": "main", "displayName": "Closed" }]' +
	' : ($parameter.operation ?? "automate") === "sendQuickReply" ? [{ "type": "main" }]' +
	' : [{ "type": "main", "displayName": "Handled" }, { "type": "main", "displayName": "After Hours" }, { "type": "main", "displayName": "Greeting" }, { "type": "main", "displayName": "Continue" }, { "type": "main", "displayName": "Other Events" }] }}' as `={{${string}}}`;

export class WhatsAppBusinessPlatformInbox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Platform Inbox',
		name: 'whatsAppBusinessPlatformInbox',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['transform'],
		usableAsTool: true,
		version: [1],
		defaultVersion: 1,
		description: 'Business hours, away message, greeting, quick replies and opt-out keywords for incoming WhatsApp messages',
		subtitle: '={{ { automate: "Run Automations", checkHours: "Check Business Hours", sendQuickReply: "Send Quick Reply" }[$parameter["operation"]] }}',
		defaults: { name: 'WhatsApp Inbox' },
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		// Replies go to Meta; the contact book and the once-only ledger live in n8n's Data Tables.
		// Check Business Hours needs neither. Only `hide`: a credential keyed with `show` makes n8n
		// 2.8's editor hide the Operation picker (n8n-runtime-findings §6).
		credentials: [
			{ name: 'whatsAppBusinessPlatformApi', displayName: 'WhatsApp Credential', required: true, displayOptions: { hide: { operation: ['checkHours'] } } },
			{
				name: 'whatsAppBusinessPlatformN8nApi',
				displayName: 'Data Tables Credential (n8n API)',
				required: true,
				displayOptions: { hide: { operation: ['checkHours'] } },
			},
		],
		properties: inboxProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0, 'automate') as string;
		if (operation === 'automate') return await automate.call(this, items);
		if (operation === 'checkHours') return await checkHours.call(this, items);
		if (operation === 'sendQuickReply') return await sendQuickReply.call(this, items);
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`);
	}
}
