/**
 * The editor-side methods of the Template resource (fields from the template definition, the
 * template picker, the language list) against the simulator, through a load-options context that
 * sends real HTTP the way n8n's does (credential header, full response, no throw on 4xx).
 */
import type { IDataObject, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { getLanguageCodes, getTemplateLanguages } from '../../../nodes/WhatsAppBusinessPlatform/methods/loadOptions';
import { searchTemplates } from '../../../nodes/WhatsAppBusinessPlatform/methods/listSearch';
import { getTemplateParameterFields } from '../../../nodes/WhatsAppBusinessPlatform/methods/resourceMapping';
import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { simulatorCredentials } from '../harness';
import { templateId } from './helpers';

async function send(options: IHttpRequestOptions, authorization: string) {
	const url = new URL(String(options.url));
	for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
	const response = await fetch(url, {
		method: options.method ?? 'GET',
		headers: { ...(options.headers as Record<string, string>), authorization },
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: text ? (JSON.parse(text) as unknown) : {} };
}

function loadOptionsContext(sim: SimulatorHandle, parameters: IDataObject): ILoadOptionsFunctions {
	return {
		getNode: () => ({ id: 'wa', name: 'WhatsApp', type: 'whatsAppBusinessPlatform', typeVersion: 1, position: [0, 0], parameters }),
		getCurrentNodeParameter: (name: string) => parameters[name],
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getCredentials: async () => simulatorCredentials(sim),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await send(options, 'Bearer sim-token'),
			httpRequest: async (options: IHttpRequestOptions) => await send(options, String((options.headers as IDataObject)?.Authorization ?? '')),
		},
	} as unknown as ILoadOptionsFunctions;
}

describe('Template editor methods (simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	describe('getTemplateParameterFields (resource mapper)', () => {
		it('gives one field per value the picked template needs', async () => {
			const context = loadOptionsContext(sim, { operation: 'send', template: { __rl: true, mode: 'list', value: templateId(sim, 'seasonal_promotion') }, language: '' });
			const { fields } = await getTemplateParameterFields.call(context);
			expect(fields).toEqual([
				{ id: 'header.image', displayName: 'Header Image', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
				{ id: 'body.1', displayName: 'Body {{1}} (e.g. the end of August)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
				{ id: 'body.2', displayName: 'Body {{2}} (e.g. 25OFF)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
				{ id: 'body.3', displayName: 'Body {{3}} (e.g. 25%)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
				{ id: 'button.0.payload', displayName: 'Button 1 (Stop promotions) Payload', required: false, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
				{ id: 'button.1.url', displayName: 'Button 2 (Shop Now) URL Suffix (e.g. summer2023)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' },
			]);
		});

		it('types location coordinates as numbers and follows the language choice', async () => {
			const location = await getTemplateParameterFields.call(
				loadOptionsContext(sim, { template: { __rl: true, mode: 'id', value: templateId(sim, 'pickup_location') }, language: '' }),
			);
			expect(location.fields.filter((field) => field.type === 'number').map((field) => field.id)).toEqual(['header.location.latitude', 'header.location.longitude']);
			const byName = await getTemplateParameterFields.call(loadOptionsContext(sim, { template: { __rl: true, mode: 'name', value: 'order_confirmation' }, language: 'es_MX' }));
			expect(byName.fields.map((field) => field.displayName)).toEqual(['Body {{1}} (e.g. Pablo)', 'Body {{2}} (e.g. 860198-230332)']);
		});

		it('explains instead of failing when there is nothing to show', async () => {
			const none = await getTemplateParameterFields.call(loadOptionsContext(sim, { template: { __rl: true, mode: 'list', value: '' } }));
			expect(none).toEqual({ fields: [], emptyFieldsNotice: 'Pick a template first: its variables appear here.' });
			const plain = await getTemplateParameterFields.call(loadOptionsContext(sim, { template: { __rl: true, mode: 'id', value: templateId(sim, 'hello_world') }, language: '' }));
			expect(plain).toEqual({ fields: [], emptyFieldsNotice: 'This template has no variables: it is sent as it is.' });
			const missing = await getTemplateParameterFields.call(loadOptionsContext(sim, { template: { __rl: true, mode: 'name', value: 'order_confirmation' }, language: 'de' }));
			expect(missing.emptyFieldsNotice).toBe('Template "order_confirmation" has no de version; it exists in en_US, es_MX');
			const expression = await getTemplateParameterFields.call(loadOptionsContext(sim, { template: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }));
			expect(expression.emptyFieldsNotice).toContain('expression');
		});
	});

	describe('searchTemplates (list search)', () => {
		it('lists only approved templates for sending, as "name (language, category)"', async () => {
			const { results } = await searchTemplates.call(loadOptionsContext(sim, { operation: 'send' }));
			expect(results).toContainEqual({ name: 'order_confirmation (es_MX, UTILITY)', value: templateId(sim, 'order_confirmation', 'es_MX') });
			expect(results.map((result) => result.name)).not.toContain('old_newsletter (en_US, MARKETING, PAUSED)');
			expect(results.every((result) => /^[a-z_]+ \([a-z]{2}_[A-Z]{2}, [A-Z]+\)$/.test(result.name))).toBe(true);
		});

		it('lists every status for management operations, and filters by name', async () => {
			const all = await searchTemplates.call(loadOptionsContext(sim, { operation: 'update' }));
			expect(all.results.map((result) => result.name)).toContain('old_newsletter (en_US, MARKETING, PAUSED)');
			const filtered = await searchTemplates.call(loadOptionsContext(sim, { operation: 'get' }), 'Order');
			expect(filtered.results.map((result) => result.name).sort()).toEqual([
				'order_confirmation (en_US, UTILITY)',
				'order_confirmation (es_MX, UTILITY)',
				'order_shipped_named (en_US, UTILITY)',
			]);
		});
	});

	describe('language options', () => {
		it('offers the picked template’s language versions after its own language', async () => {
			const options = await getTemplateLanguages.call(loadOptionsContext(sim, { template: { __rl: true, mode: 'list', value: templateId(sim, 'order_confirmation') } }));
			expect(options).toEqual([
				{ name: 'Template’s Own Language', value: '' },
				{ name: 'en_US', value: 'en_US' },
				{ name: 'es_MX', value: 'es_MX' },
			]);
		});

		it('lists Meta’s template languages for Create', async () => {
			const codes = (await getLanguageCodes.call(loadOptionsContext(sim, {}))).map((option) => option.value);
			expect(codes).toEqual(expect.arrayContaining(['en', 'en_US', 'es_MX', 'pt_BR', 'zh_CN']));
			expect(codes.length).toBeGreaterThan(100);
		});
	});
});
