/**
 * Message templates: the seeded catalogue, creation rules (facts §4.1) and the send-time check of
 * `template.components` against the stored definition (facts §2.7).
 */
import { GraphError, invalidValue, missingParam, param100, waError } from './errors';
import { charLength, isRecord } from './util';

export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
export type TemplateStatus =
	| 'APPROVED'
	| 'PENDING'
	| 'REJECTED'
	| 'PAUSED'
	| 'DISABLED'
	| 'IN_APPEAL'
	| 'PENDING_DELETION'
	| 'DELETED'
	| 'FLAGGED'
	| 'REINSTATED'
	| 'ARCHIVED'
	| 'LIMIT_EXCEEDED'
	| 'LOCKED';

export interface StoredTemplate {
	id: string;
	name: string;
	language: string;
	status: TemplateStatus;
	category: TemplateCategory;
	parameter_format: 'POSITIONAL' | 'NAMED';
	components: Array<Record<string, unknown>>;
	previous_category?: string;
	rejected_reason?: string;
	quality_score?: { score: string; date?: number };
	/** Creation time (ms). */
	createdAt: number;
	/** Times (ms) of edits while APPROVED, for Meta's edit limits. */
	approvedEdits: number[];
}

export const LANGUAGES = new Set(
	'af sq ar ar_EG ar_AE ar_LB ar_MA ar_QA az be_BY bn bn_IN bg ca zh_CN zh_HK zh_TW hr cs da prs_AF nl nl_BE en en_GB en_US en_AE en_AU en_CA en_GH en_IE en_IN en_JM en_MY en_NZ en_QA en_SG en_UG en_ZA et fil fi fr fr_BE fr_CA fr_CH fr_CI fr_MA ka de de_AT de_CH el gu ha he hi hu id ga it ja kn kk rw_RW ko ky_KG lo lv lt mk ms ml mr nb ps_AF fa pl pt_BR pt_PT pa ro ru sr si_LK sk sl es es_AR es_CL es_CO es_CR es_DO es_EC es_HN es_MX es_PA es_PE es_ES es_UY sw sv ta te th tr uk ur uz vi zu'.split(
		' ',
	),
);

const SAMPLE_URL = 'https://scontent.whatsapp.net/v/t61.29466-34/sim-sample.jpg';

/** Seed definitions (without ids/timestamps). Ids are assigned deterministically from 1000000000000001. */
export const SEED_TEMPLATES: Array<Omit<StoredTemplate, 'id' | 'createdAt' | 'approvedEdits'>> = [
	{
		name: 'hello_world',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Hello World' },
			{ type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.' },
			{ type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
		],
	},
	{
		name: 'order_confirmation',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} is confirmed. We will let you know when it ships.', example: { body_text: [['Pablo', '860198-230332']] } },
			{ type: 'FOOTER', text: 'Lucky Shrub' },
		],
	},
	{
		name: 'order_confirmation',
		language: 'es_MX',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'BODY', text: 'Hola {{1}}, tu pedido {{2}} está confirmado. Te avisaremos cuando se envíe.', example: { body_text: [['Pablo', '860198-230332']] } },
			{ type: 'FOOTER', text: 'Lucky Shrub' },
		],
	},
	{
		name: 'order_shipped_named',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'NAMED',
		components: [
			{
				type: 'BODY',
				text: 'Hi {{first_name}}, your order {{order_number}} has shipped and should arrive on {{delivery_date}}.',
				example: {
					body_text_named_params: [
						{ param_name: 'first_name', example: 'Pablo' },
						{ param_name: 'order_number', example: '860198-230332' },
						{ param_name: 'delivery_date', example: 'June 3' },
					],
				},
			},
		],
	},
	{
		name: 'appointment_reminder',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Appointment on {{1}}', example: { header_text: ['June 3'] } },
			{ type: 'BODY', text: 'Hi {{1}}, this is a reminder of your workshop at {{2}}. Reply below to confirm or reschedule.', example: { body_text: [['Pablo', '9am']] } },
			{ type: 'FOOTER', text: 'Lucky Shrub' },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'QUICK_REPLY', text: 'Confirm' },
					{ type: 'QUICK_REPLY', text: 'Reschedule' },
				],
			},
		],
	},
	{
		name: 'invoice_document',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'DOCUMENT', example: { header_handle: [SAMPLE_URL.replace('.jpg', '.pdf')] } },
			{ type: 'BODY', text: 'Your invoice {{1}} for {{2}} is attached. Thank you for your purchase.', example: { body_text: [['INV-42', '$100.99']] } },
		],
	},
	{
		name: 'pickup_location',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'LOCATION' },
			{ type: 'BODY', text: 'Your order {{1}} is ready for pickup at the store shown above.', example: { body_text: [['860198-230332']] } },
		],
	},
	{
		name: 'seasonal_promotion',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [SAMPLE_URL] } },
			{ type: 'BODY', text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off all merchandise.', example: { body_text: [['the end of August', '25OFF', '25%']] } },
			{ type: 'FOOTER', text: 'Use the buttons below to manage your marketing subscriptions' },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'QUICK_REPLY', text: 'Stop promotions' },
					{ type: 'URL', text: 'Shop Now', url: 'https://example.com/shop?promo={{1}}', example: ['https://example.com/shop?promo=summer2023'] },
					{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550051310' },
				],
			},
		],
	},
	{
		name: 'coupon_code_offer',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'BODY', text: 'Hi {{1}}, enjoy 25% off your next order with the code below.', example: { body_text: [['Pablo']] } },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'COPY_CODE', text: 'Copy offer code', example: '25OFF' },
					{ type: 'URL', text: 'Shop', url: 'https://example.com/shop' },
				],
			},
		],
	},
	{
		name: 'flow_signup',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'BODY', text: 'Join our plant club for care tips and early access to new arrivals.' },
			{ type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Sign up', flow_id: '400000000000005', flow_action: 'navigate', navigate_screen: 'WELCOME_SCREEN' }] },
		],
	},
	{
		name: 'catalog_promo',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'BODY', text: 'Now shop for your favourite products right here on WhatsApp! Get {{1}} off on all orders.', example: { body_text: [['10%']] } },
			{ type: 'FOOTER', text: 'Lucky Shrub' },
			{ type: 'BUTTONS', buttons: [{ type: 'CATALOG', text: 'View catalog' }] },
		],
	},
	{
		name: 'summer_carousel',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'BODY', text: 'Hi {{1}}, check out our summer picks below.', example: { body_text: [['Pablo']] } },
			{
				type: 'CAROUSEL',
				cards: [0, 1].map(() => ({
					components: [
						{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [SAMPLE_URL] } },
						{ type: 'BODY', text: 'Get {{1}} off this plant with code {{2}}.', example: { body_text: [['15%', 'SUMMER15']] } },
						{
							type: 'BUTTONS',
							buttons: [
								{ type: 'QUICK_REPLY', text: 'Send more like this' },
								{ type: 'URL', text: 'Buy now', url: 'https://example.com/p/{{1}}', example: ['https://example.com/p/aloe'] },
							],
						},
					],
				})),
			},
		],
	},
	{
		name: 'limited_offer',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [SAMPLE_URL] } },
			{ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Expiring offer!', has_expiration: true } },
			{ type: 'BODY', text: 'Good news, {{1}}! Use code {{2}} to get 25% off all Caribbean Destination packages!', example: { body_text: [['Pablo', 'CARIBE25']] } },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'COPY_CODE', text: 'Copy offer code', example: 'CARIBE25' },
					{ type: 'URL', text: 'Book now!', url: 'https://example.com/offers?code={{1}}', example: ['https://example.com/offers?code=CARIBE25'] },
				],
			},
		],
	},
	{
		name: 'verification_code',
		language: 'en_US',
		status: 'APPROVED',
		category: 'AUTHENTICATION',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'BODY', text: '*{{1}}* is your verification code. For your security, do not share this code.', add_security_recommendation: true, example: { body_text: [['123456']] } },
			{ type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
			{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Copy code', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}', example: ['https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp123456'] }] },
		],
	},
	{
		name: 'old_newsletter',
		language: 'en_US',
		status: 'PAUSED',
		category: 'MARKETING',
		parameter_format: 'POSITIONAL',
		components: [{ type: 'BODY', text: 'Our monthly newsletter is here, {{1}}! Read it on our website.', example: { body_text: [['Pablo']] } }],
	},
	{
		name: 'rejected_promo',
		language: 'en_US',
		status: 'REJECTED',
		rejected_reason: 'PROMOTIONAL',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [{ type: 'BODY', text: 'Buy now and win a prize {{1}}!', example: { body_text: [['today']] } }],
	},
	{
		name: 'pending_review',
		language: 'en_US',
		status: 'PENDING',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [{ type: 'BODY', text: 'Your subscription renews on {{1}}.', example: { body_text: [['June 3']] } }],
	},
];

export function seedTemplates(now: number): StoredTemplate[] {
	return SEED_TEMPLATES.map((t, i) => ({
		...structuredClone(t),
		id: String(1000000000000001 + i),
		createdAt: now,
		approvedEdits: [],
		...(t.status === 'APPROVED' ? { quality_score: { score: 'GREEN' } } : {}),
	}));
}

/** Public (Graph) view of a stored template. */
export function templateView(t: StoredTemplate): Record<string, unknown> {
	const out: Record<string, unknown> = {
		name: t.name,
		parameter_format: t.parameter_format,
		components: structuredClone(t.components),
		language: t.language,
		status: t.status,
		category: t.category,
	};
	if (t.previous_category) out.previous_category = t.previous_category;
	if (t.rejected_reason) out.rejected_reason = t.rejected_reason;
	if (t.quality_score) out.quality_score = t.quality_score;
	out.id = t.id;
	return out;
}

// ---------------------------------------------------------------------------------------------
// Variables

const VAR_RE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export function variablesOf(text: unknown): string[] {
	if (typeof text !== 'string') return [];
	const names: string[] = [];
	for (const m of text.matchAll(VAR_RE)) if (!names.includes(m[1])) names.push(m[1]);
	return names;
}

function render(text: string, values: Map<string, string>): string {
	return text.replace(VAR_RE, (_, name: string) => values.get(name) ?? '');
}

// ---------------------------------------------------------------------------------------------
// Creation (facts §4.1)

function createError(subcode: number | undefined, title: string, msg: string): GraphError {
	return new GraphError({
		code: 100,
		subcode,
		message: 'Invalid parameter',
		extra: { is_transient: false, error_user_title: title, error_user_msg: msg },
	});
}

const lengthError = (what: string, max: number): GraphError =>
	createError(2388040, 'Field exceeds the character limit', `${what} exceeds the maximum length of ${max} characters.`);

function checkTextVariables(text: string, where: string, format: 'POSITIONAL' | 'NAMED', bodyRules: boolean): void {
	const vars = variablesOf(text);
	if (format === 'POSITIONAL') {
		for (const v of vars) {
			if (!/^\d+$/.test(v)) throw createError(2388072, 'Invalid variable', `${where}: variable {{${v}}} must be a number when parameter_format is positional.`);
		}
		const sorted = vars.map(Number).sort((a, b) => a - b);
		sorted.forEach((n, i) => {
			if (n !== i + 1) throw createError(2388072, 'Invalid variable numbering', `${where}: variables must be sequential, starting at {{1}}.`);
		});
	} else {
		for (const v of vars) {
			if (!/^[a-z_]{1,20}$/.test(v)) throw createError(2388072, 'Invalid variable', `${where}: named variable {{${v}}} must use lowercase letters and underscores (max 20).`);
		}
	}
	if (!bodyRules || vars.length === 0) return;
	if (/\}\}\s*\{\{/.test(text)) {
		throw createError(2388299, 'Invalid variable placement', `${where}: variables cannot be next to each other like {{1}}{{2}}.`);
	}
	const trimmed = text.trim();
	if (/^\{\{[^}]+\}\}/.test(trimmed) || /\{\{[^}]+\}\}[.!?]?$/.test(trimmed)) {
		throw createError(2388299, 'Variables can\'t be at the start or end of the template', `${where}: variables can't be at the start or end of the template.`);
	}
	const literal = text.replace(VAR_RE, '').replace(/\s+/g, '');
	// Meta's ratio is unpublished; this heuristic only rejects obviously parameter-heavy texts.
	if (literal.length < vars.length * 3) {
		throw createError(2388293, 'Too many variables for the message length', `${where}: this template contains too many variable parameters relative to the message length.`);
	}
}

function checkExample(component: Record<string, unknown>, key: 'header' | 'body', vars: string[], format: 'POSITIONAL' | 'NAMED', where: string): void {
	if (vars.length === 0) return;
	const example = isRecord(component.example) ? component.example : undefined;
	if (format === 'POSITIONAL') {
		const values = key === 'header' ? example?.header_text : (example?.body_text as unknown[] | undefined)?.[0];
		if (!Array.isArray(values) || values.length !== vars.length) {
			throw createError(2388043, 'Missing sample values', `${where}: provide example.${key}_text with ${vars.length} sample value(s).`);
		}
	} else {
		const values = example?.[`${key}_text_named_params`];
		const names = Array.isArray(values) ? values.map((v) => (isRecord(v) ? v.param_name : undefined)) : [];
		for (const v of vars) {
			if (!names.includes(v)) throw createError(2388043, 'Missing sample values', `${where}: provide example.${key}_text_named_params for {{${v}}}.`);
		}
	}
}

const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'MPM', 'CATALOG', 'FLOW', 'REQUEST_CONTACT_INFO', 'VOICE_CALL'];

function checkButtons(buttons: unknown, category: TemplateCategory, where: string, maxButtons: number): Array<Record<string, unknown>> {
	if (!Array.isArray(buttons) || buttons.length === 0) throw createError(2388047, 'Invalid buttons', `${where}: buttons must be a non-empty array.`);
	if (buttons.length > maxButtons) throw createError(2388047, 'Too many buttons', `${where}: at most ${maxButtons} buttons are allowed.`);
	const out: Array<Record<string, unknown>> = [];
	const counts: Record<string, number> = {};
	let qrGroups = 0;
	let previousQr = false;
	buttons.forEach((b, i) => {
		if (!isRecord(b)) throw createError(2388047, 'Invalid button', `${where}[${i}] must be an object.`);
		const type = String(b.type ?? '').toUpperCase();
		if (!BUTTON_TYPES.includes(type)) throw createError(2388047, 'Invalid button type', `${where}[${i}]: unknown button type ${String(b.type)}.`);
		counts[type] = (counts[type] ?? 0) + 1;
		const isQr = type === 'QUICK_REPLY';
		if (isQr && !previousQr) qrGroups++;
		previousQr = isQr;
		const text = b.text;
		if (type !== 'OTP' && (typeof text !== 'string' || text.length === 0)) throw createError(2388047, 'Missing button text', `${where}[${i}]: text is required.`);
		if (typeof text === 'string' && charLength(text) > 25) throw lengthError(`${where}[${i}] text`, 25);
		if (type === 'URL') {
			const url = b.url;
			if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw createError(2388047, 'Invalid URL', `${where}[${i}]: url must start with http:// or https://.`);
			if (url.length > 2000) throw lengthError(`${where}[${i}] url`, 2000);
			const vars = variablesOf(url);
			if (vars.length > 1 || (vars.length === 1 && !/\{\{\s*1\s*\}\}$/.test(url))) {
				throw createError(2388047, 'Invalid URL variable', `${where}[${i}]: a URL may contain one variable, {{1}}, at the end only.`);
			}
			if (vars.length === 1 && !(Array.isArray(b.example) && b.example.length > 0)) {
				throw createError(2388043, 'Missing sample values', `${where}[${i}]: a URL with a variable needs an example.`);
			}
		}
		if (type === 'PHONE_NUMBER') {
			if (typeof b.phone_number !== 'string' || charLength(b.phone_number) > 20 || !/\d/.test(b.phone_number)) {
				throw createError(2388047, 'Invalid phone number', `${where}[${i}]: phone_number is required, max 20 characters.`);
			}
		}
		if (type === 'COPY_CODE') {
			const example = Array.isArray(b.example) ? b.example[0] : b.example;
			if (typeof example !== 'string' || example.length === 0) throw createError(2388043, 'Missing sample values', `${where}[${i}]: copy code buttons need an example.`);
			if (charLength(example) > 20) throw lengthError(`${where}[${i}] example`, 20);
		}
		if (type === 'OTP') {
			if (category !== 'AUTHENTICATION') throw createError(2388047, 'Invalid button type', `${where}[${i}]: OTP buttons are only allowed in AUTHENTICATION templates.`);
			const otpType = String(b.otp_type ?? '').toUpperCase();
			if (!['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(otpType)) throw createError(2388047, 'Invalid OTP type', `${where}[${i}]: otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP.`);
			if (otpType !== 'COPY_CODE' && !(Array.isArray(b.supported_apps) || (b.package_name && b.signature_hash))) {
				throw createError(2388047, 'Missing app details', `${where}[${i}]: ${otpType} buttons need package_name and signature_hash.`);
			}
		}
		if (type === 'FLOW' && !b.flow_id && !b.flow_name && !b.flow_json) {
			throw createError(2388047, 'Missing flow', `${where}[${i}]: FLOW buttons need flow_id, flow_name or flow_json.`);
		}
		out.push({ ...b, type });
	});
	if (qrGroups > 1) throw createError(2388047, 'Invalid button order', `${where}: quick reply buttons must be grouped together.`);
	const caps: Record<string, number> = { QUICK_REPLY: 10, URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1, OTP: 1 };
	for (const [type, cap] of Object.entries(caps)) {
		if ((counts[type] ?? 0) > cap) throw createError(2388047, 'Too many buttons', `${where}: at most ${cap} ${type} button(s) are allowed.`);
	}
	return out;
}

/** Normalises and validates a create (or edit) payload. Throws Meta-style errors. */
export function validateTemplateDefinition(
	input: { name: string; category: TemplateCategory; parameter_format: 'POSITIONAL' | 'NAMED'; components: unknown },
): Array<Record<string, unknown>> {
	const { category, parameter_format: format } = input;
	if (!Array.isArray(input.components) || input.components.length === 0) {
		throw param100('The parameter components is required.', false);
	}
	const out: Array<Record<string, unknown>> = [];
	const seen = new Set<string>();
	input.components.forEach((raw, i) => {
		if (!isRecord(raw)) throw param100(`Param components[${i}] must be an object.`, false);
		const type = String(raw.type ?? '').toUpperCase();
		const where = `components[${i}] (${type})`;
		if (seen.has(type)) throw createError(2388047, 'Duplicate component', `${where}: only one ${type} component is allowed.`);
		seen.add(type);
		const c: Record<string, unknown> = { ...raw, type };
		switch (type) {
			case 'HEADER': {
				const fmt = String(raw.format ?? '').toUpperCase();
				c.format = fmt;
				if (fmt === 'TEXT') {
					if (typeof raw.text !== 'string' || !raw.text) throw createError(2388047, 'Invalid header', `${where}: text is required for a TEXT header.`);
					if (charLength(raw.text) > 60) throw lengthError('Header text', 60);
					const vars = variablesOf(raw.text);
					if (vars.length > 1) throw createError(2388047, 'Invalid header', `${where}: a text header may contain at most one variable.`);
					checkTextVariables(raw.text, where, format, false);
					checkExample(raw, 'header', vars, format, where);
				} else if (['IMAGE', 'VIDEO', 'DOCUMENT', 'GIF'].includes(fmt)) {
					const handle = isRecord(raw.example) ? raw.example.header_handle : undefined;
					if (!Array.isArray(handle) || typeof handle[0] !== 'string') {
						throw createError(2388047, 'Invalid header', `${where}: media headers need example.header_handle from the Resumable Upload API.`);
					}
				} else if (fmt === 'LOCATION') {
					if (category === 'AUTHENTICATION') throw createError(2388047, 'Invalid header', `${where}: LOCATION headers are only allowed in UTILITY and MARKETING templates.`);
				} else {
					throw createError(2388047, 'Invalid header format', `${where}: format must be TEXT, IMAGE, VIDEO, DOCUMENT, GIF or LOCATION.`);
				}
				if (category === 'AUTHENTICATION') throw createError(2388047, 'Invalid header', 'Authentication templates cannot have a header.');
				break;
			}
			case 'BODY': {
				if (category === 'AUTHENTICATION') {
					if (raw.text !== undefined) throw createError(2388072, 'Invalid body', 'Authentication template bodies are preset; use add_security_recommendation instead of text.');
					c.text = '*{{1}}* is your verification code.' + (raw.add_security_recommendation ? ' For your security, do not share this code.' : '');
					break;
				}
				if (typeof raw.text !== 'string' || !raw.text.trim()) throw createError(2388072, 'Invalid body', `${where}: text is required.`);
				if (charLength(raw.text) > 1024) throw lengthError('Body text', 1024);
				checkTextVariables(raw.text, where, format, true);
				checkExample(raw, 'body', variablesOf(raw.text), format, where);
				break;
			}
			case 'FOOTER': {
				if (category === 'AUTHENTICATION') {
					const minutes = raw.code_expiration_minutes;
					if (minutes !== undefined && (typeof minutes !== 'number' || minutes < 1 || minutes > 90 || !Number.isInteger(minutes))) {
						throw createError(2388073, 'Invalid footer', 'code_expiration_minutes must be an integer from 1 to 90.');
					}
					if (minutes !== undefined) c.text = `This code expires in ${minutes} minutes.`;
					break;
				}
				if (typeof raw.text !== 'string' || !raw.text) throw createError(2388073, 'Invalid footer', `${where}: text is required.`);
				if (charLength(raw.text) > 60) throw lengthError('Footer text', 60);
				if (variablesOf(raw.text).length > 0) throw createError(2388073, 'Invalid footer', 'Footers cannot contain variables.');
				break;
			}
			case 'BUTTONS': {
				c.buttons = checkButtons(raw.buttons, category, `${where} buttons`, 10);
				if (category === 'AUTHENTICATION') {
					// Meta reads OTP buttons back as URL buttons whose URL ends with the code variable.
					c.buttons = (c.buttons as Array<Record<string, unknown>>).map((b) =>
						b.type === 'OTP'
							? { type: 'URL', text: b.text ?? 'Copy code', url: `https://www.whatsapp.com/otp/code/?otp_type=${String(b.otp_type).toUpperCase()}&code=otp{{1}}` }
							: b,
					);
				}
				break;
			}
			case 'LIMITED_TIME_OFFER': {
				if (category !== 'MARKETING') throw createError(2388047, 'Invalid component', 'Limited-time offers are only allowed in MARKETING templates.');
				const lto = raw.limited_time_offer;
				if (!isRecord(lto) || typeof lto.text !== 'string') throw createError(2388047, 'Invalid component', `${where}: limited_time_offer.text is required.`);
				if (charLength(lto.text) > 16) throw lengthError('Limited-time offer text', 16);
				break;
			}
			case 'CAROUSEL': {
				const cards = raw.cards;
				if (!Array.isArray(cards) || cards.length < 2 || cards.length > 10) {
					throw createError(2388047, 'Invalid carousel', `${where}: a carousel needs 2 to 10 cards.`);
				}
				let shape: string | undefined;
				c.cards = cards.map((card, ci) => {
					const components = isRecord(card) && Array.isArray(card.components) ? card.components : undefined;
					if (!components) throw createError(2388047, 'Invalid carousel', `${where} cards[${ci}]: components are required.`);
					const normalised = components.map((cc) => {
						if (!isRecord(cc)) throw createError(2388047, 'Invalid carousel', `${where} cards[${ci}]: invalid component.`);
						const ct = String(cc.type ?? '').toUpperCase();
						const n: Record<string, unknown> = { ...cc, type: ct };
						if (ct === 'HEADER') {
							n.format = String(cc.format ?? '').toUpperCase();
							if (!['IMAGE', 'VIDEO'].includes(n.format as string)) throw createError(2388047, 'Invalid carousel', `${where} cards[${ci}]: card headers must be IMAGE or VIDEO.`);
						} else if (ct === 'BODY') {
							if (typeof cc.text !== 'string') throw createError(2388072, 'Invalid body', `${where} cards[${ci}]: body text is required.`);
							if (charLength(cc.text) > 160) throw lengthError('Carousel card body', 160);
							checkTextVariables(cc.text, `${where} cards[${ci}] body`, format, true);
							checkExample(cc, 'body', variablesOf(cc.text), format, `${where} cards[${ci}] body`);
						} else if (ct === 'BUTTONS') {
							n.buttons = checkButtons(cc.buttons, category, `${where} cards[${ci}] buttons`, 2);
							for (const b of n.buttons as Array<Record<string, unknown>>) {
								if (!['QUICK_REPLY', 'URL', 'PHONE_NUMBER'].includes(b.type as string)) {
									throw createError(2388047, 'Invalid carousel', `${where} cards[${ci}]: card buttons must be QUICK_REPLY, URL or PHONE_NUMBER.`);
								}
							}
						} else throw createError(2388047, 'Invalid carousel', `${where} cards[${ci}]: unknown component ${ct}.`);
						return n;
					});
					const cardShape = normalised
						.map((n) => `${n.type as string}:${(n.format as string) ?? ''}:${((n.buttons as Array<{ type: string }>) ?? []).map((b) => b.type).join('+')}`)
						.join('|');
					if (shape !== undefined && cardShape !== shape) throw createError(2388047, 'Invalid carousel', 'Every carousel card must have the same components and buttons.');
					shape = cardShape;
					return { components: normalised };
				});
				break;
			}
			default:
				throw param100(`Param components[${i}]['type'] must be one of {HEADER, BODY, FOOTER, BUTTONS, LIMITED_TIME_OFFER, CAROUSEL} - got "${String(raw.type)}".`, false);
		}
		out.push(c);
	});
	if (!seen.has('BODY')) throw createError(2388072, 'Missing body', 'A template needs exactly one BODY component.');
	if (category === 'AUTHENTICATION' && !seen.has('BUTTONS')) throw createError(2388047, 'Missing OTP button', 'Authentication templates need an OTP button.');
	// Meta orders components HEADER, LIMITED_TIME_OFFER, BODY, FOOTER, BUTTONS, CAROUSEL.
	const order = ['HEADER', 'LIMITED_TIME_OFFER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL'];
	return out.sort((a, b) => order.indexOf(a.type as string) - order.indexOf(b.type as string));
}

// ---------------------------------------------------------------------------------------------
// Sending (facts §2.7)

const SUB_TYPE_OF: Record<string, string> = {
	QUICK_REPLY: 'quick_reply',
	URL: 'url',
	COPY_CODE: 'copy_code',
	FLOW: 'flow',
	CATALOG: 'catalog',
	MPM: 'mpm',
	PHONE_NUMBER: 'phone_number',
	OTP: 'url',
	VOICE_CALL: 'voice_call',
};

const TYPE_LABEL: Record<string, string> = {
	QUICK_REPLY: 'QuickReply',
	URL: 'Url',
	COPY_CODE: 'CopyCode',
	FLOW: 'Flow',
	CATALOG: 'Catalog',
	MPM: 'Mpm',
	PHONE_NUMBER: 'PhoneNumber',
	VOICE_CALL: 'VoiceCall',
};

function findComponent(components: Array<Record<string, unknown>>, type: string): Record<string, unknown> | undefined {
	return components.find((c) => String(c.type).toUpperCase() === type);
}

function countMismatch(where: string, got: number, expected: number): GraphError {
	return waError(132000, `${where}: number of localizable_params (${got}) does not match the expected number of params (${expected})`);
}

function formatMismatch(where: string, expected: string, received: string): GraphError {
	return waError(132012, `${where}: Format mismatch, expected ${expected}, received ${received}`);
}

/** Media param (`image`/`video`/`document`): exactly one of id or link. */
function checkMediaParam(value: unknown, path: string, mediaExists: (id: string) => boolean, unknownMedia: string[]): void {
	if (!isRecord(value)) throw missingParam(`The parameter ${path} is required.`);
	const hasId = typeof value.id === 'string' && value.id.length > 0;
	const hasLink = typeof value.link === 'string' && value.link.length > 0;
	if (hasId === hasLink) throw invalidValue(`${path}: provide exactly one of id or link.`);
	if (hasLink && !/^https?:\/\/\S+$/.test(value.link as string)) throw param100(`Param ${path}['link'] must be a valid URL.`);
	if (hasId && !mediaExists(value.id as string)) unknownMedia.push(value.id as string);
}

/**
 * Values for the given variables from `parameters` (text/currency/date_time), in Meta's rules:
 * count must match (132000), named parameters need `parameter_name` from the template.
 */
function readTextParameters(
	parameters: unknown,
	variables: string[],
	format: 'POSITIONAL' | 'NAMED',
	where: string,
	path: string,
	textOnly: boolean,
): Map<string, string> {
	const list = parameters === undefined ? [] : parameters;
	if (!Array.isArray(list)) throw param100(`Param ${path}['parameters'] must be an array.`);
	if (list.length !== variables.length) throw countMismatch(where, list.length, variables.length);
	const values = new Map<string, string>();
	list.forEach((p, i) => {
		const pPath = `${path}['parameters'][${i}]`;
		if (!isRecord(p)) throw param100(`Param ${pPath} must be an object.`);
		const type = p.type;
		let value: string;
		if (type === 'text') {
			if (typeof p.text !== 'string') throw missingParam(`The parameter ${pPath}['text'] is required.`);
			if (p.text.trim() === '') throw invalidValue(`${pPath}['text']: text parameters cannot be empty.`);
			if (/[\n\t]/.test(p.text) || / {5,}/.test(p.text)) {
				throw waError(132007, 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
			}
			value = p.text;
		} else if (type === 'currency' && !textOnly) {
			const c = p.currency;
			if (!isRecord(c)) throw missingParam(`The parameter ${pPath}['currency'] is required.`);
			if (typeof c.fallback_value !== 'string') throw missingParam(`The parameter ${pPath}['currency']['fallback_value'] is required.`);
			if (typeof c.code !== 'string' || !/^[A-Z]{3}$/.test(c.code)) throw param100(`Param ${pPath}['currency']['code'] must be a 3-letter ISO 4217 code.`);
			if (typeof c.amount_1000 !== 'number' || !Number.isInteger(c.amount_1000)) throw param100(`Param ${pPath}['currency']['amount_1000'] must be an integer.`);
			value = c.fallback_value;
		} else if (type === 'date_time' && !textOnly) {
			const d = p.date_time;
			if (!isRecord(d) || typeof d.fallback_value !== 'string') throw missingParam(`The parameter ${pPath}['date_time']['fallback_value'] is required.`);
			value = d.fallback_value;
		} else if (typeof type === 'string' && ['text', 'currency', 'date_time', 'image', 'video', 'document', 'location', 'payload', 'coupon_code', 'action'].includes(type)) {
			throw formatMismatch(where, 'TEXT', type.toUpperCase());
		} else {
			throw param100(`Param ${pPath}['type'] must be one of {TEXT, CURRENCY, DATE_TIME, IMAGE, DOCUMENT, VIDEO, LOCATION, PAYLOAD, COUPON_CODE, ACTION} - got "${String(type)}".`);
		}
		if (format === 'NAMED') {
			const name = p.parameter_name;
			if (typeof name !== 'string') throw missingParam(`The parameter ${pPath}['parameter_name'] is required for templates with named parameters.`);
			if (!variables.includes(name)) throw invalidValue(`${where}: parameter_name '${name}' does not exist in the template (expected one of ${variables.join(', ')}).`);
			if (values.has(name)) throw invalidValue(`${where}: parameter_name '${name}' is given twice.`);
			values.set(name, value);
		} else {
			values.set(variables[i], value);
		}
	});
	return values;
}

function buttonDefs(components: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
	const b = findComponent(components, 'BUTTONS');
	return Array.isArray(b?.buttons) ? (b.buttons as Array<Record<string, unknown>>) : [];
}

function checkButtonComponents(
	defs: Array<Record<string, unknown>>,
	sent: Array<{ c: Record<string, unknown>; path: string }>,
	where: string,
): void {
	const used = new Set<number>();
	for (const { c, path } of sent) {
		const rawIndex = c.index;
		const index = typeof rawIndex === 'number' ? rawIndex : typeof rawIndex === 'string' && /^\d+$/.test(rawIndex) ? Number(rawIndex) : NaN;
		if (Number.isNaN(index)) throw missingParam(`The parameter ${path}['index'] is required.`);
		if (typeof c.sub_type !== 'string') throw missingParam(`The parameter ${path}['sub_type'] is required.`);
		const subType = c.sub_type.toLowerCase();
		const def = defs[index];
		if (!def) throw invalidValue(`${where}: Button at index ${index} does not exist in the template (it has ${defs.length} button(s)).`);
		if (used.has(index)) throw invalidValue(`${where}: Button at index ${index} is given twice.`);
		used.add(index);
		const defType = String(def.type).toUpperCase();
		const expected = SUB_TYPE_OF[defType];
		if (subType !== expected) {
			throw invalidValue(`${where}: Button at index ${index} is of type ${TYPE_LABEL[defType] ?? defType}, but sub_type ${subType} was sent.`);
		}
		const params = c.parameters;
		if (defType === 'PHONE_NUMBER') {
			if (Array.isArray(params) && params.length > 0) throw invalidValue(`${where}: Button at index ${index} of type PhoneNumber does not take parameters.`);
			continue;
		}
		const list = Array.isArray(params) ? params : [];
		const first = isRecord(list[0]) ? list[0] : undefined;
		if (defType === 'URL') {
			const hasVar = variablesOf(def.url).length > 0;
			if (!hasVar) {
				if (list.length > 0) throw countMismatch(`button at index ${index}`, list.length, 0);
				continue;
			}
			if (list.length !== 1 || !first) throw countMismatch(`button at index ${index}`, list.length, 1);
			if (first.type !== 'text' || typeof first.text !== 'string') throw formatMismatch(`button at index ${index}`, 'TEXT', String(first.type).toUpperCase());
			if (!first.text) throw invalidValue(`${path}: the URL suffix cannot be empty.`);
		} else if (defType === 'QUICK_REPLY') {
			if (list.length > 1) throw countMismatch(`button at index ${index}`, list.length, 1);
			if (first && (first.type !== 'payload' || typeof first.payload !== 'string')) throw formatMismatch(`button at index ${index}`, 'PAYLOAD', String(first.type).toUpperCase());
		} else if (defType === 'COPY_CODE') {
			if (!first || first.type !== 'coupon_code' || typeof first.coupon_code !== 'string') {
				throw missingParam(`${where}: Button at index ${index} of type CopyCode requires a coupon_code parameter.`);
			}
			if (charLength(first.coupon_code) > 20) throw param100(`Param ${path}['parameters'][0]['coupon_code'] must be at most 20 characters long.`);
		} else if (defType === 'FLOW' || defType === 'CATALOG' || defType === 'MPM') {
			if (first && (first.type !== 'action' || !isRecord(first.action))) throw formatMismatch(`button at index ${index}`, 'ACTION', String(first.type).toUpperCase());
			if (defType === 'MPM' && (!first || !isRecord(first.action) || !Array.isArray(first.action.sections))) {
				throw missingParam(`${where}: Button at index ${index} of type Mpm requires an action with sections.`);
			}
		}
	}
	defs.forEach((def, index) => {
		if (used.has(index)) return;
		const defType = String(def.type).toUpperCase();
		if ((defType === 'URL' && variablesOf(def.url).length > 0) || defType === 'COPY_CODE' || defType === 'MPM') {
			throw missingParam(`${where}: Button at index ${index} of type ${TYPE_LABEL[defType]} requires a parameter`);
		}
	});
}

function checkHeader(
	def: Record<string, unknown> | undefined,
	sent: Record<string, unknown> | undefined,
	path: string,
	format: 'POSITIONAL' | 'NAMED',
	mediaExists: (id: string) => boolean,
	unknownMedia: string[],
): string {
	const params = sent?.parameters;
	const list = Array.isArray(params) ? params : [];
	if (!def) {
		if (list.length > 0) throw countMismatch('header', list.length, 0);
		return '';
	}
	const fmt = String(def.format ?? 'TEXT').toUpperCase();
	if (fmt === 'TEXT') {
		const vars = variablesOf(def.text);
		if (vars.length === 0) {
			if (list.length > 0) throw countMismatch('header', list.length, 0);
			return String(def.text ?? '');
		}
		const values = readTextParameters(params, vars, format, 'header', path, true);
		const rendered = render(String(def.text), values);
		if (charLength(rendered) > 60) throw waError(132005, 'header: the header text with its parameter is longer than 60 characters');
		return rendered;
	}
	const first = isRecord(list[0]) ? list[0] : undefined;
	if (!first) throw formatMismatch('header', fmt, 'UNKNOWN');
	if (list.length > 1) throw countMismatch('header', list.length, 1);
	const received = String(first.type ?? 'UNKNOWN').toUpperCase();
	if (received !== fmt && !(fmt === 'GIF' && received === 'VIDEO')) throw formatMismatch('header', fmt, received);
	if (fmt === 'LOCATION') {
		const loc = first.location;
		if (!isRecord(loc) || loc.latitude === undefined || loc.longitude === undefined) {
			throw missingParam(`The parameter ${path}['parameters'][0]['location']['latitude'] is required.`);
		}
	} else {
		checkMediaParam(first[received.toLowerCase()], `${path}['parameters'][0]['${received.toLowerCase()}']`, mediaExists, unknownMedia);
	}
	return '';
}

export interface TemplateSendResult {
	template: StoredTemplate;
	/** Media ids referenced that the simulator does not know (delivery then fails with 131053). */
	unknownMedia: string[];
	renderedBody: string;
}

/** Looks up the template and checks the send payload's `template` object. Throws Meta errors. */
export function validateTemplateSend(
	template: unknown,
	templates: StoredTemplate[],
	mediaExists: (id: string) => boolean,
): TemplateSendResult {
	if (!isRecord(template)) throw missingParam('The parameter template is required.');
	if (typeof template.name !== 'string' || !template.name) throw param100("The parameter template['name'] is required.");
	const language = template.language;
	if (!isRecord(language) || typeof language.code !== 'string' || !language.code) throw param100("The parameter template['language']['code'] is required.");
	if (language.policy !== undefined && language.policy !== 'deterministic') {
		throw param100(`Param template['language']['policy'] must be one of {DETERMINISTIC} - got "${String(language.policy)}".`);
	}
	const found = templates.find((t) => t.name === template.name && t.language === language.code && t.status !== 'DELETED');
	if (!found) throw waError(132001, `template name (${template.name}) does not exist in ${language.code}`, 404);
	if (found.status === 'PAUSED') throw waError(132015, `Template ${found.name} is paused due to low quality, so it cannot be sent in a template message.`);
	if (found.status === 'DISABLED') throw waError(132016, `Template ${found.name} has been disabled due to low quality, so it cannot be sent in a template message.`);
	if (found.status !== 'APPROVED' && found.status !== 'REINSTATED' && found.status !== 'FLAGGED') {
		throw waError(132001, `template name (${found.name}) does not exist in ${language.code}`, 404);
	}

	const sentComponents = template.components === undefined ? [] : template.components;
	if (!Array.isArray(sentComponents)) throw param100("Param template['components'] must be an array.");
	const format = found.parameter_format;
	const unknownMedia: string[] = [];
	let header: { c: Record<string, unknown>; path: string } | undefined;
	let body: { c: Record<string, unknown>; path: string } | undefined;
	let carousel: { c: Record<string, unknown>; path: string } | undefined;
	let lto: { c: Record<string, unknown>; path: string } | undefined;
	const buttons: Array<{ c: Record<string, unknown>; path: string }> = [];
	sentComponents.forEach((c, i) => {
		const path = `template['components'][${i}]`;
		if (!isRecord(c)) throw param100(`Param ${path} must be an object.`);
		const type = String(c.type ?? '').toLowerCase();
		const entry = { c, path };
		if (type === 'header') header = entry;
		else if (type === 'body') body = entry;
		else if (type === 'button') buttons.push(entry);
		else if (type === 'carousel') carousel = entry;
		else if (type === 'limited_time_offer') lto = entry;
		else throw param100(`Param ${path}['type'] must be one of {HEADER, BODY, BUTTON, CAROUSEL, LIMITED_TIME_OFFER} - got "${String(c.type)}".`);
	});

	checkHeader(findComponent(found.components, 'HEADER'), header?.c, header?.path ?? "template['components'][0]", format, mediaExists, unknownMedia);

	const bodyDef = findComponent(found.components, 'BODY');
	const bodyVars = variablesOf(bodyDef?.text);
	const bodyValues = readTextParameters(body?.c.parameters, bodyVars, format, 'body', body?.path ?? "template['components'][0]", false);
	const renderedBody = render(String(bodyDef?.text ?? ''), bodyValues);
	const onlyBody = found.components.every((c) => String(c.type).toUpperCase() === 'BODY');
	const bodyLimit = onlyBody ? 32768 : 1024;
	if (charLength(renderedBody) > bodyLimit) throw waError(132005, `body: the rendered body is ${charLength(renderedBody)} characters long; the maximum is ${bodyLimit}`);

	const ltoDef = findComponent(found.components, 'LIMITED_TIME_OFFER');
	if (lto && !ltoDef) throw invalidValue('limited_time_offer: the template has no limited-time offer component.');
	if (ltoDef && isRecord(ltoDef.limited_time_offer) && ltoDef.limited_time_offer.has_expiration) {
		const p = lto && Array.isArray(lto.c.parameters) && isRecord(lto.c.parameters[0]) ? lto.c.parameters[0] : undefined;
		const v = p && isRecord(p.limited_time_offer) ? p.limited_time_offer.expiration_time_ms : undefined;
		if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
			throw missingParam('limited_time_offer: expiration_time_ms is required for a limited-time offer with an expiration.');
		}
	}

	checkButtonComponents(buttonDefs(found.components), buttons, 'buttons');

	const carouselDef = findComponent(found.components, 'CAROUSEL');
	if (carousel && !carouselDef) throw invalidValue('carousel: the template has no carousel.');
	if (carouselDef) {
		const defCards = (carouselDef.cards as Array<{ components: Array<Record<string, unknown>> }>) ?? [];
		const cards = carousel?.c.cards;
		if (!Array.isArray(cards)) throw missingParam(`The parameter ${carousel?.path ?? 'template[\'components\']'}['cards'] is required for carousel templates.`);
		if (cards.length !== defCards.length) {
			throw invalidValue(`carousel: number of cards (${cards.length}) does not match the number of cards in the template (${defCards.length})`);
		}
		const seenIndexes = new Set<number>();
		cards.forEach((card, ci) => {
			const cardPath = `${carousel?.path}['cards'][${ci}]`;
			if (!isRecord(card)) throw param100(`Param ${cardPath} must be an object.`);
			const index = typeof card.card_index === 'number' ? card.card_index : Number(card.card_index);
			if (!Number.isInteger(index) || index < 0 || index >= defCards.length || seenIndexes.has(index)) {
				throw invalidValue(`carousel: card_index ${String(card.card_index)} is not valid (0 to ${defCards.length - 1}, each once).`);
			}
			seenIndexes.add(index);
			const defComponents = defCards[index].components;
			const comps = Array.isArray(card.components) ? card.components.filter(isRecord) : [];
			const find = (t: string) => comps.find((x) => String(x.type).toLowerCase() === t);
			checkHeader(findComponent(defComponents, 'HEADER'), find('header'), `${cardPath}['components'][0]`, format, mediaExists, unknownMedia);
			const cardBodyDef = findComponent(defComponents, 'BODY');
			const cardVars = variablesOf(cardBodyDef?.text);
			const cardValues = readTextParameters(find('body')?.parameters, cardVars, format, `card ${index} body`, `${cardPath}['components'][1]`, false);
			if (charLength(render(String(cardBodyDef?.text ?? ''), cardValues)) > 160) throw waError(132005, `card ${index} body: the rendered card body is longer than 160 characters`);
			checkButtonComponents(
				buttonDefs(defComponents),
				comps.filter((x) => String(x.type).toLowerCase() === 'button').map((x, bi) => ({ c: x, path: `${cardPath}['components'][${bi + 2}]` })),
				`card ${index} buttons`,
			);
		});
	}
	return { template: found, unknownMedia, renderedBody };
}
