import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GreenTickReadiness } from '../../../whatsapp/greenTickReadiness';
import { evaluateGreenTickReadiness, READINESS_ACCOUNT_FIELDS, READINESS_PHONE_FIELDS } from '../../../whatsapp/greenTickReadiness';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { getGraphCredentials, graphRequest } from '../../shared/transport/graph';

/** "Rejected At": Meta's status carries no date, so the flow passes the OBA_REJECTED alert's time. */
export const rejectedAtOption: INodeProperties = {
	displayName: 'Rejected At',
	name: 'rejectedAt',
	type: 'dateTime',
	default: '',
	description:
		'When Meta rejected the last green tick request, e.g. the trigger item’s timestamp of the OBA_REJECTED alert. Meta allows a new request 30 days later; the API itself does not report the date.',
};

/** The "Rejected At" value as a Date, or undefined when empty; an unreadable value is a field error. */
export function readRejectedAt(value: unknown): Date | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const date = new Date(String(value));
	if (Number.isNaN(date.getTime())) {
		throw new WhatsAppValidationError('Rejected At', `Rejected At "${String(value).slice(0, 60)}" is not a date; use an ISO date such as 2026-05-01T10:00:00Z`);
	}
	return date;
}

/** Reads the number and its business account and says what stands between it and the green tick. */
export async function checkGreenTickReadiness(
	this: IExecuteFunctions,
	phoneNumberId: string,
	itemIndex: number,
	rejectedAt?: Date,
): Promise<GreenTickReadiness> {
	const phone = (await graphRequest.call(this, 'GET', phoneNumberId, { qs: { fields: READINESS_PHONE_FIELDS.join(',') } }, itemIndex)) as Record<string, unknown>;
	const { businessAccountId } = await getGraphCredentials.call(this);
	const account = businessAccountId
		? ((await graphRequest.call(this, 'GET', businessAccountId, { qs: { fields: READINESS_ACCOUNT_FIELDS.join(',') } }, itemIndex)) as Record<string, unknown>)
		: undefined;
	return evaluateGreenTickReadiness({ phone, account, rejectedAt });
}
