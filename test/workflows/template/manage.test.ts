/** Template management (Get Many, Get, Create, Update, Delete) run by n8n's engine against the simulator. */
import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { binaryItem, runTemplateNode, templateId, TINY_PNG, WABA_ID } from './helpers';

describe('Template management (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, statuses: false, templateApprovalDelayMs: 'manual' });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	const requestsTo = (method: string, suffix: string) =>
		sim.requests.filter((request) => request.method === method && request.path.endsWith(suffix));

	describe('Get Many', () => {
		it('lists approved templates by default, each with the parameters a send needs', async () => {
			const { result, items } = await runTemplateNode(sim, { operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			const approved = sim.templates().filter((template) => template.status === 'APPROVED');
			expect(items).toHaveLength(approved.length);
			expect(items.every((item) => item.json.status === 'APPROVED')).toBe(true);
			const seasonal = items.find((item) => item.json.name === 'seasonal_promotion')!.json;
			expect(seasonal).toMatchObject({ language: 'en_US', category: 'MARKETING', id: templateId(sim, 'seasonal_promotion') });
			expect(seasonal.sendParameters).toEqual([
				{ id: 'header.image', label: 'Header Image', required: true },
				{ id: 'body.1', label: 'Body {{1}}', required: true, example: 'the end of August' },
				{ id: 'body.2', label: 'Body {{2}}', required: true, example: '25OFF' },
				{ id: 'body.3', label: 'Body {{3}}', required: true, example: '25%' },
				{ id: 'button.0.payload', label: 'Button 1 (Stop promotions) Payload', required: false },
				{ id: 'button.1.url', label: 'Button 2 (Shop Now) URL Suffix', required: true, example: 'summer2023' },
			]);
			expect(requestsTo('GET', `/${WABA_ID}/message_templates`)[0].query).toMatchObject({ status: 'APPROVED' });
		});

		it('filters by name, status, category and language, and follows Graph paging up to the limit', async () => {
			const byName = await runTemplateNode(sim, { operation: 'getAll', status: '', returnAll: true, filters: { name: 'order_', language: 'en_US' } });
			expect(byName.items.map((item) => item.json.name).sort()).toEqual(['order_confirmation', 'order_shipped_named']);

			const paused = await runTemplateNode(sim, { operation: 'getAll', status: 'PAUSED', returnAll: true });
			expect(paused.items.map((item) => item.json.name)).toEqual(['old_newsletter']);

			const marketing = await runTemplateNode(sim, { operation: 'getAll', status: '', returnAll: true, filters: { category: 'MARKETING' } });
			expect(marketing.items.every((item) => item.json.category === 'MARKETING')).toBe(true);

			// 130 templates (one run, one item each) are more than a page of 100: Return All follows the cursor.
			const created = await runTemplateNode(
				sim,
				{ operation: 'create', name: '=bulk_{{ $json.n }}', language: 'en_US', category: 'UTILITY', bodyText: '=Notice number {{ $json.n }} for you.' },
				{ input: Array.from({ length: 130 }, (_, n) => ({ json: { n } })) },
			);
			expect(created.items).toHaveLength(130);
			sim.requests.length = 0;
			const all = await runTemplateNode(sim, { operation: 'getAll', status: '', returnAll: true, filters: { name: 'bulk_' } });
			expect(all.items).toHaveLength(130);
			const pages = requestsTo('GET', `/${WABA_ID}/message_templates`);
			expect(pages).toHaveLength(2);
			expect(pages[1].query.after).toBeDefined();
			const limited = await runTemplateNode(sim, { operation: 'getAll', status: '', returnAll: false, limit: 7, filters: { name: 'bulk_' } });
			expect(limited.items).toHaveLength(7);
		});
	});

	it('Get: reads one template by ID', async () => {
		const id = templateId(sim, 'verification_code');
		const { items } = await runTemplateNode(sim, { operation: 'get', template: { __rl: true, mode: 'id', value: id } });
		expect(items[0].json).toMatchObject({ id, name: 'verification_code', category: 'AUTHENTICATION', status: 'APPROVED' });
		expect(items[0].json.sendParameters).toEqual([{ id: 'otp.code', label: 'Verification Code', required: true, example: '123456' }]);
	});

	it('Get: an unknown ID fails with Meta’s code and hint under Continue On Fail', async () => {
		const { items } = await runTemplateNode(sim, { operation: 'get', template: { __rl: true, mode: 'id', value: '1999999999999999' } }, { continueOnFail: true });
		expect(items[0].json).toMatchObject({ code: 100 });
		expect(items[0].json.hint).toBeDefined();
	});

	describe('Create', () => {
		it('creates a template from the form: text header, body with examples, footer and buttons', async () => {
			const { result, items } = await runTemplateNode(sim, {
				operation: 'create',
				name: 'spring_sale',
				language: 'en_US',
				category: 'MARKETING',
				headerFormat: 'TEXT',
				headerText: 'Our {{1}} is on!',
				headerExample: 'Spring Sale',
				bodyText: 'Shop now through {{1}} and use code {{2}} to get {{3}} off.',
				bodyExamples: { example: [{ value: 'the end of April' }, { value: '25OFF' }, { value: '25%' }] },
				footerText: 'Lucky Shrub',
				buttons: {
					button: [
						{ type: 'QUICK_REPLY', text: 'Stop promotions' },
						{ type: 'URL', text: 'Shop Now', url: 'https://example.com/shop?promo={{1}}', urlExample: 'spring' },
						{ type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+15550051310' },
						{ type: 'COPY_CODE', text: 'Copy code', example: '25OFF' },
					],
				},
			});
			expect(result.error).toBeUndefined();
			expect(items[0].json).toMatchObject({ status: 'PENDING', category: 'MARKETING', name: 'spring_sale', language: 'en_US' });
			const [create] = requestsTo('POST', `/${WABA_ID}/message_templates`);
			expect(create.body).toEqual({
				name: 'spring_sale',
				language: 'en_US',
				category: 'MARKETING',
				parameter_format: 'positional',
				components: [
					{ type: 'HEADER', format: 'TEXT', text: 'Our {{1}} is on!', example: { header_text: ['Spring Sale'] } },
					{ type: 'BODY', text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off.', example: { body_text: [['the end of April', '25OFF', '25%']] } },
					{ type: 'FOOTER', text: 'Lucky Shrub' },
					{
						type: 'BUTTONS',
						buttons: [
							{ type: 'QUICK_REPLY', text: 'Stop promotions' },
							{ type: 'URL', text: 'Shop Now', url: 'https://example.com/shop?promo={{1}}', example: ['https://example.com/shop?promo=spring'] },
							{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550051310' },
							{ type: 'COPY_CODE', text: 'Copy code', example: '25OFF' },
						],
					},
				],
			});
			expect(sim.templates().find((template) => template.name === 'spring_sale')?.status).toBe('PENDING');
		});

		it('uploads a binary image header sample through the resumable upload API with OAuth', async () => {
			const { result } = await runTemplateNode(
				sim,
				{ operation: 'create', name: 'plant_of_the_week', language: 'en_US', category: 'MARKETING', parameterFormat: 'named', headerFormat: 'IMAGE', headerSampleSource: 'binary', headerBinaryProperty: 'photo', bodyText: 'Hi {{first_name}}, meet our plant of the week.', bodyExamples: { example: [{ name: 'first_name', value: 'Pablo' }] } },
				{ input: [binaryItem(TINY_PNG, 'image/png', 'fern.png', 'photo')] },
			);
			expect(result.error).toBeUndefined();
			const [session] = requestsTo('POST', '/app/uploads');
			expect(session.query).toMatchObject({ file_name: 'fern.png', file_length: String(TINY_PNG.length), file_type: 'image/png' });
			// The simulator records the scheme and masks the token.
			expect(session.headers.authorization).toBe('OAuth ***');
			const chunk = sim.requests.find((request) => request.method === 'POST' && request.path.includes('/upload:'))!;
			expect(chunk.headers.authorization).toBe('OAuth ***');
			expect(chunk.headers.file_offset).toBe('0');
			const handle = (chunk.response as { h: string }).h;
			const [create] = requestsTo('POST', `/${WABA_ID}/message_templates`);
			expect((create.body as { components: unknown[] }).components).toEqual([
				{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [handle] } },
				{ type: 'BODY', text: 'Hi {{first_name}}, meet our plant of the week.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }] } },
			]);
		});

		it('creates an authentication template with the preset body, expiry and OTP button', async () => {
			const { items } = await runTemplateNode(sim, {
				operation: 'create',
				name: 'login_code',
				language: 'en_US',
				category: 'AUTHENTICATION',
				addSecurityRecommendation: true,
				codeExpirationMinutes: 5,
				buttons: { button: [{ type: 'OTP', otpType: 'COPY_CODE', text: 'Copy code' }] },
			});
			expect(items[0].json).toMatchObject({ status: 'PENDING', category: 'AUTHENTICATION', name: 'login_code' });
			expect((requestsTo('POST', `/${WABA_ID}/message_templates`)[0].body as { components: unknown }).components).toEqual([
				{ type: 'BODY', add_security_recommendation: true },
				{ type: 'FOOTER', code_expiration_minutes: 5 },
				{ type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy code', otp_type: 'COPY_CODE' }] },
			]);
		});

		it('creates a carousel from JSON components', async () => {
			const card = {
				components: [
					{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:ARb-sim-header-handle'] } },
					{ type: 'BODY', text: 'Get {{1}} off this plant.', example: { body_text: [['15%']] } },
					{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'More like this' }] },
				],
			};
			const components = [{ type: 'BODY', text: 'Hi {{1}}, our picks for you.', example: { body_text: [['Pablo']] } }, { type: 'CAROUSEL', cards: [card, card] }];
			const { result, items } = await runTemplateNode(sim, {
				operation: 'create',
				name: 'autumn_carousel',
				language: 'en_US',
				category: 'MARKETING',
				componentsInput: 'json',
				componentsJson: JSON.stringify(components),
			});
			expect(result.error).toBeUndefined();
			expect(items[0].json.id).toMatch(/^\d+$/);
		});

		it('stops a template Meta would refuse before calling it, naming the field', async () => {
			const { result } = await runTemplateNode(sim, { operation: 'create', name: 'Spring Sale', language: 'en_US', category: 'UTILITY', bodyText: 'Hello there.' });
			expect(result.error?.message).toBe('Name "Spring Sale" may only contain lowercase letters, digits and underscores, such as order_update');
			const tooLong = await runTemplateNode(sim, {
				operation: 'create',
				name: 'long_button',
				language: 'en_US',
				category: 'UTILITY',
				bodyText: 'Hello there.',
				buttons: { button: [{ type: 'QUICK_REPLY', text: 'A button text that is far too long' }] },
			});
			expect(tooLong.result.error?.message).toBe('Button 1 Text is 34 characters long; WhatsApp allows at most 25');
			expect(requestsTo('POST', `/${WABA_ID}/message_templates`)).toHaveLength(0);
		});

		it('reports Meta’s refusal (an existing language version) with its code', async () => {
			const { items } = await runTemplateNode(
				sim,
				{ operation: 'create', name: 'order_confirmation', language: 'en_US', category: 'UTILITY', bodyText: 'Hi {{1}}, thanks.', bodyExamples: { example: [{ value: 'Pablo' }] } },
				{ continueOnFail: true },
			);
			expect(items[0].json).toMatchObject({ code: 100, errorSubcode: 2388024 });
		});
	});

	describe('Update', () => {
		it('replaces the components of a rejected template and changes its category', async () => {
			const id = templateId(sim, 'rejected_promo');
			const { result, items } = await runTemplateNode(sim, {
				operation: 'update',
				template: { __rl: true, mode: 'list', value: id },
				category: 'MARKETING',
				componentsInput: 'form',
				bodyText: 'Buy now, {{1}}, and win a prize!',
				bodyExamples: { example: [{ value: 'Pablo' }] },
			});
			expect(result.error).toBeUndefined();
			expect(items[0].json).toMatchObject({ success: true, id, category: 'MARKETING' });
			const stored = sim.templates().find((template) => template.id === id)!;
			expect(stored.category).toBe('MARKETING');
			expect(stored.components).toEqual([{ type: 'BODY', text: 'Buy now, {{1}}, and win a prize!', example: { body_text: [['Pablo']] } }]);
			expect(requestsTo('POST', `/${id}`)[0].body).toEqual({
				category: 'MARKETING',
				components: [{ type: 'BODY', text: 'Buy now, {{1}}, and win a prize!', example: { body_text: [['Pablo']] } }],
			});
		});

		it('refuses an edit with nothing to change', async () => {
			const { result } = await runTemplateNode(sim, { operation: 'update', template: { __rl: true, mode: 'id', value: templateId(sim, 'rejected_promo') } });
			expect(result.error?.message).toBe('Nothing to update: give new components and/or a category');
		});
	});

	describe('Delete', () => {
		it('deletes every language version of a name', async () => {
			const { items } = await runTemplateNode(sim, { operation: 'deleteTemplate', deleteBy: 'name', templateName: 'order_confirmation' });
			expect(items[0].json).toEqual({ success: true, name: 'order_confirmation', scope: 'allLanguages' });
			expect(requestsTo('DELETE', `/${WABA_ID}/message_templates`)[0].query).toEqual({ name: 'order_confirmation' });
			expect(sim.templates().filter((template) => template.name === 'order_confirmation')).toHaveLength(0);
		});

		it('deletes one language version by ID, looking up its name for hsm_id', async () => {
			const id = templateId(sim, 'order_confirmation', 'es_MX');
			const { items } = await runTemplateNode(sim, { operation: 'deleteTemplate', deleteBy: 'id', template: { __rl: true, mode: 'list', value: id } });
			expect(items[0].json).toEqual({ success: true, name: 'order_confirmation', id, scope: 'oneLanguage' });
			expect(requestsTo('DELETE', `/${WABA_ID}/message_templates`)[0].query).toEqual({ hsm_id: id, name: 'order_confirmation' });
			expect(sim.templates().filter((template) => template.name === 'order_confirmation').map((template) => template.language)).toEqual(['en_US']);
		});

		it('reports an unknown name with Meta’s code under Continue On Fail', async () => {
			const { items } = await runTemplateNode(sim, { operation: 'deleteTemplate', deleteBy: 'name', templateName: 'no_such_template' }, { continueOnFail: true });
			expect(items[0].json).toMatchObject({ code: 100, errorSubcode: 2593002 });
		});
	});
});
