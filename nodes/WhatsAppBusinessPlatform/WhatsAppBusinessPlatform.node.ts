import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { listSearch, loadOptions, resourceMapping } from './methods';

/**
 * Light versioning: `version` lists every published version and behaviour that changes outputs is
 * gated on `this.getNode().typeVersion` (or `@version` display options), so a saved workflow keeps
 * the behaviour it was built with.
 */
export class WhatsAppBusinessPlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Platform',
		name: 'whatsAppBusinessPlatform',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['output'],
		description:
			'Send every WhatsApp message type, manage templates, media, profile and numbers, and keep a contact book',
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		usableAsTool: true,
		...versionDescription,
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
