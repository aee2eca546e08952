import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * An API key for this n8n instance's own public API. The contact book and the trigger's
 * exactly-once delivery keep their rows in n8n Data Tables, which community nodes can only reach
 * through the public API. In n8n's community edition a key carries all of its owner's rights.
 */
export class WhatsAppBusinessPlatformN8nApi implements ICredentialType {
	name = 'whatsAppBusinessPlatformN8nApi';

	displayName = 'WhatsApp Business Platform Data Tables API';

	icon: Icon = { light: 'file:../icons/whatsapp.svg', dark: 'file:../icons/whatsapp.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-whatsapp-business-platform/n8n-nodes-whatsapp-business-platform#n8n-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'n8n Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678',
			placeholder: 'e.g. http://localhost:5678',
			description:
				'Where this n8n answers, as reachable from the n8n processes themselves (in queue mode: from workers and webhook processors)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Create one in n8n under Settings → n8n API',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/api/v1',
			url: '/data-tables',
			qs: { limit: 1 },
		},
	};
}
