import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from './node.type';
import * as message from './message/Message.resource';
import * as template from './template/Template.resource';
import * as media from './media/Media.resource';
import * as businessProfile from './businessProfile/BusinessProfile.resource';
import * as phoneNumber from './phoneNumber/PhoneNumber.resource';
import * as user from './user/User.resource';
import * as analytics from './analytics/Analytics.resource';
import * as qrCode from './qrCode/QrCode.resource';
import * as contact from './contact/Contact.resource';
import * as campaign from './campaign/Campaign.resource';
import * as conversation from './conversation/Conversation.resource';

interface ResourceModule {
	resource: { name: string; value: string };
	operations: Record<string, OperationModule>;
	description: INodeProperties[];
}

/** Every resource of the node, in the order the Resource dropdown shows them. */
const all: ResourceModule[] = [message, template, media, businessProfile, phoneNumber, user, analytics, qrCode, contact, campaign, conversation];

/** Resources that have at least one operation. */
export const resources = all.filter((module) => Object.keys(module.operations).length > 0);

export function findOperation(resource: string, operation: string): OperationModule | undefined {
	return resources.find((module) => module.resource.value === resource)?.operations[operation];
}
