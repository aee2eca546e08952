/**
 * CRM context for a customer, keyed by wa_id: the E.164 phone, the name and the CRM record IDs in
 * the parameter names n8n's CRM nodes take (HubSpot and Zoho `contactId`, Salesforce `contactId` /
 * `leadId`, Pipedrive `personId`), so "look the customer up before the agent answers" is one node
 * with an expression such as {{ $json.crm.hubspot.contactId }}. IDs are kept as contact attributes.
 */
import type { AttributeValue, Contact } from '../contacts/model';

export const CRM_ATTRIBUTES = {
	hubspotContactId: 'crm_hubspot_contact_id',
	salesforceContactId: 'crm_salesforce_contact_id',
	salesforceLeadId: 'crm_salesforce_lead_id',
	pipedrivePersonId: 'crm_pipedrive_person_id',
	zohoContactId: 'crm_zoho_contact_id',
} as const;

export type CrmIds = Partial<Record<keyof typeof CRM_ATTRIBUTES, string>>;

export interface CrmContext {
	waId: string;
	phone: string;
	name: string | null;
	email: string | null;
	hubspot: { contactId: string | null };
	salesforce: { contactId: string | null; leadId: string | null };
	pipedrive: { personId: string | null };
	zoho: { contactId: string | null };
	/** Whether any CRM ID is known: false means "search the CRM by phone, then save the ID". */
	hasCrmId: boolean;
}

function str(value: AttributeValue | undefined): string | null {
	return value === undefined || value === null || value === '' ? null : String(value);
}

export function crmContext(waId: string, contact: Contact | undefined): CrmContext {
	const a = contact?.attributes ?? {};
	const context: CrmContext = {
		waId,
		phone: contact?.phone ?? `+${waId}`,
		name: contact?.profileName ?? str(a.name),
		email: str(a.email),
		hubspot: { contactId: str(a[CRM_ATTRIBUTES.hubspotContactId]) },
		salesforce: { contactId: str(a[CRM_ATTRIBUTES.salesforceContactId]), leadId: str(a[CRM_ATTRIBUTES.salesforceLeadId]) },
		pipedrive: { personId: str(a[CRM_ATTRIBUTES.pipedrivePersonId]) },
		zoho: { contactId: str(a[CRM_ATTRIBUTES.zohoContactId]) },
		hasCrmId: false,
	};
	context.hasCrmId = Boolean(context.hubspot.contactId || context.salesforce.contactId || context.salesforce.leadId || context.pipedrive.personId || context.zoho.contactId);
	return context;
}

/** The attributes to store for the IDs given (empty values are left out, not erased). */
export function crmAttributes(ids: CrmIds): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, attribute] of Object.entries(CRM_ATTRIBUTES)) {
		const value = ids[key as keyof CrmIds];
		if (value !== undefined && value !== null && String(value).trim() !== '') out[attribute] = String(value).trim();
	}
	return out;
}
