import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { LIMITS } from '../../../../whatsapp/limits';
import {
	buildProfileUpdate,
	PROFILE_VERTICALS,
	profilePictureSessionQuery,
	readUploadHandle,
	readUploadSessionId,
} from '../../../../whatsapp/profile';
import { getGraphCredentials, graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const VERTICAL_NAMES: Record<string, string> = {
	ALCOHOL: 'Alcoholic Beverages',
	APPAREL: 'Clothing and Apparel',
	AUTO: 'Automotive',
	BEAUTY: 'Beauty, Spa and Salon',
	EDU: 'Education',
	ENTERTAIN: 'Entertainment',
	EVENT_PLAN: 'Event Planning and Service',
	FINANCE: 'Finance and Banking',
	GOVT: 'Public Service',
	GROCERY: 'Food and Grocery',
	HEALTH: 'Medical and Health',
	HOTEL: 'Hotel and Lodging',
	NONPROFIT: 'Non-Profit',
	ONLINE_GAMBLING: 'Online Gambling and Gaming',
	OTC_DRUGS: 'Over-the-Counter Drugs',
	OTHER: 'Other',
	PHYSICAL_GAMBLING: 'Non-Online Gambling and Gaming',
	PROF_SERVICES: 'Professional Services',
	RESTAURANT: 'Restaurant',
	RETAIL: 'Shopping and Retail',
	TRAVEL: 'Travel and Transportation',
};

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'About',
				name: 'about',
				type: 'string',
				default: '',
				description: `The status line under the business name, 1 to ${LIMITS.profileAbout} characters, no formatting`,
			},
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				description: `Up to ${LIMITS.profileAddress} characters`,
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: `What the business does, up to ${LIMITS.profileDescription} characters`,
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
				description: `Contact email, up to ${LIMITS.profileEmail} characters`,
			},
			{
				displayName: 'Industry',
				name: 'vertical',
				type: 'options',
				options: PROFILE_VERTICALS.map((value) => ({ name: VERTICAL_NAMES[value] ?? value, value })),
				default: 'OTHER',
				description: 'The business category shown on the profile',
			},
			{
				displayName: 'Profile Photo Binary Field',
				name: 'profilePhotoBinaryField',
				type: 'string',
				default: 'data',
				hint: 'The name of the input binary field holding a JPEG or PNG photo',
				description: 'Uploads this photo through Meta’s Resumable Upload API and sets it as the profile picture (square, at least 192×192 px)',
			},
			{
				displayName: 'Websites',
				name: 'websites',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Website' },
				default: [],
				placeholder: 'e.g. https://example.com',
				description: `Up to ${LIMITS.profileWebsites} addresses starting with http:// or https://, each up to ${LIMITS.profileWebsite} characters`,
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['businessProfile'], operation: ['update'] } }, properties);

/** Resumable Upload: open a session for the file, send its bytes, get the handle back (facts §5). */
async function uploadProfilePhoto(this: IExecuteFunctions, itemIndex: number, propertyName: string): Promise<string> {
	const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	const query = profilePictureSessionQuery({ fileName: binary.fileName ?? '', mimeType: binary.mimeType, byteLength: data.length });
	const { appId } = await getGraphCredentials.call(this);
	// Meta's reference uses /{app-id}/uploads; /app/uploads resolves the app from the token.
	const session = await graphRequest.call(this, 'POST', `${appId || 'app'}/uploads`, { qs: query, idempotent: true }, itemIndex);
	const uploaded = await graphRequest.call(
		this,
		'POST',
		readUploadSessionId(session),
		{ body: data, headers: { file_offset: '0', 'Content-Type': query.file_type as string }, idempotent: true },
		itemIndex,
	);
	return readUploadHandle(uploaded);
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const photoField = typeof fields.profilePhotoBinaryField === 'string' ? fields.profilePhotoBinaryField.trim() : '';
		const input = {
			about: fields.about as string | undefined,
			address: fields.address as string | undefined,
			description: fields.description as string | undefined,
			email: fields.email as string | undefined,
			websites: fields.websites as string[] | string | undefined,
			vertical: fields.vertical as string | undefined,
		};
		// Validate the text fields before uploading anything; a placeholder handle stands in for the photo.
		buildProfileUpdate({ ...input, profilePictureHandle: photoField ? 'pending' : undefined });

		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const profilePictureHandle = photoField ? await uploadProfilePhoto.call(this, itemIndex, photoField) : undefined;
		const body = buildProfileUpdate({ ...input, profilePictureHandle });
		const response = (await graphRequest.call(
			this,
			'POST',
			`${phoneNumberId}/whatsapp_business_profile`,
			{ body: body as unknown as IDataObject, idempotent: true },
			itemIndex,
		)) as IDataObject;
		return {
			success: response.success === true,
			phoneNumberId,
			updatedFields: Object.keys(body).filter((key) => key !== 'messaging_product'),
			...(profilePictureHandle ? { profilePictureHandle } : {}),
		};
	});
}
