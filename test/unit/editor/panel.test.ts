/**
 * The rules the n8n editor applies to a node description, checked on the description itself (the
 * browser suite in test/browser checks the real panels). n8n 2.8 takes every parameter that a
 * credential's `displayOptions.show` names for the authentication selector and hides it, and every
 * parameter whose visibility refers to it; so credentials here may only use `hide`.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { WhatsAppBusinessPlatform } from '../../../nodes/WhatsAppBusinessPlatform/WhatsAppBusinessPlatform.node';
import { WhatsAppBusinessPlatformInbox } from '../../../nodes/WhatsAppBusinessPlatformInbox/WhatsAppBusinessPlatformInbox.node';
import { WhatsAppBusinessPlatformRouter } from '../../../nodes/WhatsAppBusinessPlatformRouter/WhatsAppBusinessPlatformRouter.node';
import { WhatsAppBusinessPlatformTrigger } from '../../../nodes/WhatsAppBusinessPlatformTrigger/WhatsAppBusinessPlatformTrigger.node';
import { panelCases } from '../../browser/panelModel';

const action = new WhatsAppBusinessPlatform().description as INodeTypeDescription;
const trigger = new WhatsAppBusinessPlatformTrigger().description as INodeTypeDescription;

describe.each([
	['action', action],
	['trigger', trigger],
	['inbox', new WhatsAppBusinessPlatformInbox().description as INodeTypeDescription],
	['router', new WhatsAppBusinessPlatformRouter().description as INodeTypeDescription],
])('%s node panel rules', (_name, description) => {
	it('no credential is shown by `displayOptions.show` (the 2.8 editor would take that field for the auth selector)', () => {
		for (const credential of description.credentials ?? []) expect(credential.displayOptions?.show).toBeUndefined();
	});

	it('every credential picker has its own label', () => {
		const labels = (description.credentials ?? []).map((credential) => credential.displayName);
		expect(labels.every(Boolean)).toBe(true);
		expect(new Set(labels).size).toBe(labels.length);
	});
});

describe('action node: credentials and fields per resource and operation', () => {
	const cases = panelCases(action);

	it('has a case for every operation of every resource, each starting with Resource and Operation', () => {
		expect(cases.length).toBeGreaterThan(40);
		for (const panel of cases) expect(panel.fields.slice(0, 2).map((field) => field.name)).toEqual(['resource', 'operation']);
	});

	it('the Data Tables credential is asked for exactly where Data Tables are used', () => {
		for (const panel of cases) {
			const names = panel.credentials.map((credential) => credential.name);
			const usesDataTables = panel.resource?.value === 'contact' || panel.parameters.contactBook === true;
			expect({ case: `${panel.resource?.value}/${panel.operation?.value}`, dataTables: names.includes('whatsAppBusinessPlatformN8nApi') }).toEqual({
				case: `${panel.resource?.value}/${panel.operation?.value}`,
				dataTables: usesDataTables,
			});
			expect(names.includes('whatsAppBusinessPlatformApi')).toBe(panel.resource?.value !== 'contact');
		}
	});

	it('turning Check Contact Book on shows the Data Tables credential and the table field', () => {
		const sendText = cases.find((panel) => panel.operation?.value === 'sendText')!;
		expect(sendText.fields.map((field) => field.name)).toContain('contactBook');
		expect(sendText.credentials.map((credential) => credential.name)).toEqual(['whatsAppBusinessPlatformApi']);
		const on = panelCases({ ...action, properties: action.properties.map((p) => (p.name === 'contactBook' && p.type === 'boolean' ? { ...p, default: true } : p)) }).find(
			(panel) => panel.operation?.value === 'sendText',
		)!;
		expect(on.credentials.map((credential) => credential.name)).toEqual(['whatsAppBusinessPlatformApi', 'whatsAppBusinessPlatformN8nApi']);
		expect(on.fields.map((field) => field.name)).toContain('contactBookTable');
	});
});
