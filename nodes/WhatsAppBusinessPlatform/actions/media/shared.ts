import type { INodeProperties } from 'n8n-workflow';

/** Media IDs come from an upload or an inbound message webhook; Meta offers no list to pick from. */
export const mediaIdField: INodeProperties = {
	displayName: 'Media ID',
	name: 'mediaId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1037543291543636',
	description: 'The ID returned by an upload, or the media ID in an inbound message (image.ID, document.ID …)',
};
