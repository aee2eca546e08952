import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One credential for everything the package sends to Meta: the token authenticates, the IDs
 * are defaults the nodes fall back to, and the App ID/Secret serve the trigger (webhook
 * registration and signature checks). The base URL is editable so that flows can run against
 * the bundled Cloud API simulator or a provider's proxy.
 */
export class WhatsAppBusinessPlatformApi implements ICredentialType {
	name = 'whatsAppBusinessPlatformApi';

	displayName = 'WhatsApp Business Platform API';

	icon: Icon = { light: 'file:../icons/whatsapp.svg', dark: 'file:../icons/whatsapp.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-whatsapp-business-platform/n8n-nodes-whatsapp-business-platform#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A permanent System User token with the whatsapp_business_messaging and whatsapp_business_management permissions',
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 102290129340398',
			description: 'The WABA ID shown in WhatsApp Manager (Account tools → Phone numbers)',
		},
		{
			displayName: 'Default Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 106540352242922',
			description:
				'The phone number ID used when a node does not pick one. This is the ID, not the phone number itself.',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: 'The Meta app that receives webhooks. Needed by the trigger to register itself.',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Signs every webhook Meta sends (X-Hub-Signature-256). The trigger rejects unsigned or forged calls with it.',
		},
		{
			displayName: 'Graph API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v25.0',
			description: 'The Graph API version to call, such as v25.0',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description:
				"Meta's Graph host. Point it at the local simulator (http://127.0.0.1:4010) or a provider's proxy.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	/**
	 * One call to the business account proves the token, the account ID and the management
	 * permission together. HTTP errors are kept as responses so the rules below can say which of
	 * the three Meta refused (n8n only reports "Bad Request" for a failed test request).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.apiVersion}}',
			url: '=/{{$credentials.businessAccountId}}',
			qs: { fields: 'id,name' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 190,
					message:
						'Meta rejected the access token (code 190: expired, revoked or mistyped). Generate a permanent System User token in Business Settings and paste it again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 100,
					message:
						'Meta does not know this WhatsApp Business Account ID, or the token cannot see it (code 100). Copy the WABA ID from WhatsApp Manager and assign the account to the System User.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 200,
					message:
						'The token lacks a permission (code 200). Grant whatsapp_business_management and whatsapp_business_messaging to the System User and generate a new token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 10,
					message:
						'The token lacks a permission (code 10). Grant whatsapp_business_management and whatsapp_business_messaging to the System User and generate a new token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'OAuthException',
					message:
						'Meta refused the credential. Check the token, the account ID and the Graph API version.',
				},
			},
		],
	};
}
