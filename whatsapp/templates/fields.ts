/**
 * One input field per value a template needs at send time, generated from its definition. The field
 * `id` says where the value goes, so `buildTemplateComponents` can place it without guessing:
 *
 * | id                                   | goes to                                              |
 * |--------------------------------------|------------------------------------------------------|
 * | `header.1`, `header.first_name`      | header text variable                                 |
 * | `header.image` / `video` / `document`| header media, a media ID or an https link            |
 * | `header.document.filename`           | file name shown for a document header                |
 * | `header.location.latitude` …         | location header (`latitude`, `longitude`, `name`, `address`) |
 * | `body.1`, `body.first_name`          | body variable                                        |
 * | `limited_time_offer.expiration_time_ms` | limited-time offer expiry                         |
 * | `button.<i>.url`                     | suffix for the `{{1}}` of the URL button at index i  |
 * | `button.<i>.payload`                 | quick-reply payload (defaults to the button text)    |
 * | `button.<i>.coupon_code`             | copy-code button coupon                              |
 * | `button.<i>.flow_token` / `.flow_action_data` | flow button                                 |
 * | `button.<i>.thumbnail_product_retailer_id` / `.sections` | catalog and multi-product buttons |
 * | `otp.code`                           | authentication code (body and the code button)       |
 * | `card.<c>.header.image` …, `card.<c>.body.1`, `card.<c>.button.<i>.url` | carousel card c    |
 *
 * Indexes (`<i>`, `<c>`) are Meta's 0-based button index and `card_index`; labels count from 1.
 */
import { LIMITS } from '../limits';
import type { TemplateButtonDefinition, TemplateComponentDefinition, TemplateDefinition } from './definition';
import {
	buttonsOf,
	buttonType,
	componentType,
	exampleFor,
	findComponent,
	headerFormat,
	isAuthentication,
	variablesOf,
} from './definition';

export interface TemplateField {
	/** Where the value goes, such as `body.1` or `card.0.header.image`. */
	id: string;
	/** The field as errors name it: `Body {{1}}`, `Button 2 (Shop Now) URL Suffix`. */
	label: string;
	/** The label with the template's example, for the editor: `Body {{1}} (e.g. Pablo)`. */
	displayName: string;
	type: 'string' | 'number';
	required: boolean;
	/** The example Meta stored with the template, if any. */
	example?: string;
	/** What to enter, in one line. */
	hint: string;
	/** Used when the field is left empty (quick-reply payloads default to the button text). */
	defaultValue?: string;
	maxLength?: number;
}

/** Header media formats that take a media parameter at send time. */
export const MEDIA_HEADER_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT'] as const;

function field(
	id: string,
	label: string,
	options: Omit<TemplateField, 'id' | 'label' | 'displayName' | 'type' | 'required'> &
		Partial<Pick<TemplateField, 'type' | 'required'>>,
): TemplateField {
	const example = options.example;
	const result: TemplateField = {
		...options,
		id,
		label,
		displayName: example ? `${label} (e.g. ${example})` : label,
		type: options.type ?? 'string',
		required: options.required ?? true,
	};
	// Keep the objects tidy for the editor and for equality in tests.
	for (const key of Object.keys(result) as Array<keyof TemplateField>) {
		if (result[key] === undefined) delete result[key];
	}
	return result;
}

function buttonLabel(prefix: string, index: number, button: TemplateButtonDefinition): string {
	const text = typeof button.text === 'string' && button.text ? ` (${button.text})` : '';
	return `${prefix}Button ${index + 1}${text}`;
}

/** The URL example Meta stored is the whole URL; the field wants only the part after the fixed prefix. */
function urlSuffixExample(button: TemplateButtonDefinition): string | undefined {
	const example = Array.isArray(button.example) ? button.example[0] : button.example;
	if (typeof example !== 'string' || typeof button.url !== 'string') return example;
	const prefix = button.url.replace(/\{\{\s*1\s*\}\}$/, '');
	return example.startsWith(prefix) && example.length > prefix.length ? example.slice(prefix.length) : example;
}

function headerFields(header: TemplateComponentDefinition, idPrefix: string, labelPrefix: string): TemplateField[] {
	const format = headerFormat(header);
	if (format === 'TEXT') {
		return variablesOf(header.text).map((variable, position) =>
			field(`${idPrefix}header.${variable}`, `${labelPrefix}Header {{${variable}}}`, {
				example: exampleFor(header, 'header', variable, position),
				hint: `Text for {{${variable}}} in the header "${header.text ?? ''}"`,
				maxLength: LIMITS.templateHeaderText,
			}),
		);
	}
	if ((MEDIA_HEADER_FORMATS as readonly string[]).includes(format)) {
		const kind = format.toLowerCase();
		const title = `${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
		const fields = [
			field(`${idPrefix}header.${kind}`, `${labelPrefix}Header ${title}`, {
				hint: `The ${kind} to show in the header: a media ID from an upload, or a public https link`,
			}),
		];
		if (format === 'DOCUMENT') {
			fields.push(
				field(`${idPrefix}header.document.filename`, `${labelPrefix}Header Document File Name`, {
					required: false,
					example: 'invoice.pdf',
					hint: 'The file name the recipient sees, with its extension',
				}),
			);
		}
		return fields;
	}
	if (format === 'LOCATION') {
		return [
			field(`${idPrefix}header.location.latitude`, `${labelPrefix}Header Location Latitude`, { type: 'number', example: '37.483307', hint: 'Latitude in degrees, -90 to 90' }),
			field(`${idPrefix}header.location.longitude`, `${labelPrefix}Header Location Longitude`, { type: 'number', example: '-122.148981', hint: 'Longitude in degrees, -180 to 180' }),
			field(`${idPrefix}header.location.name`, `${labelPrefix}Header Location Name`, { required: false, example: 'Pablo Morales', hint: 'Name of the place' }),
			field(`${idPrefix}header.location.address`, `${labelPrefix}Header Location Address`, { required: false, example: '1 Hacker Way, Menlo Park, CA 94025', hint: 'Address of the place' }),
		];
	}
	if (format === 'PRODUCT') {
		return [
			field(`${idPrefix}header.product_retailer_id`, `${labelPrefix}Header Product SKU`, { hint: 'The product retailer ID (SKU) from the catalog' }),
			field(`${idPrefix}header.catalog_id`, `${labelPrefix}Header Catalog ID`, { hint: 'The ID of the catalog the product belongs to' }),
		];
	}
	return [];
}

function bodyFields(body: TemplateComponentDefinition, idPrefix: string, labelPrefix: string, maxLength: number): TemplateField[] {
	return variablesOf(body.text).map((variable, position) =>
		field(`${idPrefix}body.${variable}`, `${labelPrefix}Body {{${variable}}}`, {
			example: exampleFor(body, 'body', variable, position),
			hint: `Text for {{${variable}}} in the body. Currency or date values: JSON such as {"currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}}`,
			maxLength,
		}),
	);
}

function buttonFields(buttons: TemplateButtonDefinition[], idPrefix: string, labelPrefix: string): TemplateField[] {
	const fields: TemplateField[] = [];
	buttons.forEach((button, index) => {
		const id = `${idPrefix}button.${index}`;
		const label = buttonLabel(labelPrefix, index, button);
		switch (buttonType(button)) {
			case 'URL':
				if (variablesOf(button.url).length > 0) {
					fields.push(
						field(`${id}.url`, `${label} URL Suffix`, {
							example: urlSuffixExample(button),
							hint: `Replaces {{1}} at the end of ${button.url ?? 'the button URL'}`,
						}),
					);
				}
				break;
			case 'QUICK_REPLY':
				fields.push(
					field(`${id}.payload`, `${label} Payload`, {
						required: false,
						defaultValue: button.text,
						hint: 'Returned in the button webhook when the customer taps it. Empty: the button text.',
					}),
				);
				break;
			case 'COPY_CODE': {
				const example = Array.isArray(button.example) ? button.example[0] : button.example;
				fields.push(
					field(`${id}.coupon_code`, `${label} Coupon Code`, {
						example,
						hint: `The code the customer copies, up to ${LIMITS.couponCode} characters`,
						maxLength: LIMITS.couponCode,
					}),
				);
				break;
			}
			case 'FLOW':
				fields.push(
					field(`${id}.flow_token`, `${label} Flow Token`, {
						required: false,
						hint: 'Identifies this flow session in the flow’s replies. Empty: Meta’s default.',
					}),
					field(`${id}.flow_action_data`, `${label} Flow Action Data`, {
						required: false,
						example: '{"product_name":"name"}',
						hint: 'JSON object handed to the first flow screen',
					}),
				);
				break;
			case 'CATALOG':
				fields.push(
					field(`${id}.thumbnail_product_retailer_id`, `${label} Thumbnail Product SKU`, {
						required: false,
						hint: 'SKU of the product shown as the thumbnail. Empty: the first product of the catalog.',
					}),
				);
				break;
			case 'MPM':
				fields.push(
					field(`${id}.thumbnail_product_retailer_id`, `${label} Thumbnail Product SKU`, {
						hint: 'SKU of the product shown as the thumbnail',
					}),
					field(`${id}.sections`, `${label} Sections`, {
						example: '[{"title":"Plants","product_items":[{"product_retailer_id":"SKU-1"}]}]',
						hint: 'JSON list of up to 10 sections with up to 30 products in total',
					}),
				);
				break;
			default:
				// Phone number, static URL, OTP (handled by otp.code), voice call and contact-info buttons take no value.
				break;
		}
	});
	return fields;
}

/** Rendered body limit: 32 768 characters when the template has only a body, otherwise 1 024. */
export function bodyLimitFor(definition: TemplateDefinition): number {
	const onlyBody = definition.components.every((component) => componentType(component) === 'BODY');
	return onlyBody ? LIMITS.templateBodyOnlyParam : LIMITS.templateBody;
}

/** The fields a template needs at send time, in Meta's component order (cloud-api-facts §2.7). */
export function parameterFieldsFor(definition: TemplateDefinition): TemplateField[] {
	if (isAuthentication(definition)) {
		const body = findComponent(definition.components, 'BODY');
		const example = body ? exampleFor(body, 'body', '1', 0) : undefined;
		return [
			field('otp.code', 'Verification Code', {
				example,
				hint: `The one-time code, up to ${LIMITS.otpCode} characters; it fills the body and the code button`,
				maxLength: LIMITS.otpCode,
			}),
		];
	}
	const fields: TemplateField[] = [];
	const header = findComponent(definition.components, 'HEADER');
	if (header) fields.push(...headerFields(header, '', ''));
	const body = findComponent(definition.components, 'BODY');
	if (body) fields.push(...bodyFields(body, '', '', bodyLimitFor(definition)));
	const offer = findComponent(definition.components, 'LIMITED_TIME_OFFER');
	if (offer) {
		fields.push(
			field('limited_time_offer.expiration_time_ms', 'Offer Expiration', {
				required: offer.limited_time_offer?.has_expiration === true,
				example: '2026-12-31T23:59:00Z',
				hint: 'When the offer ends: UNIX time in milliseconds, or an ISO date',
			}),
		);
	}
	const carousel = findComponent(definition.components, 'CAROUSEL');
	(carousel?.cards ?? []).forEach((card, cardIndex) => {
		const idPrefix = `card.${cardIndex}.`;
		const labelPrefix = `Card ${cardIndex + 1} `;
		const cardHeader = findComponent(card.components, 'HEADER');
		if (cardHeader) fields.push(...headerFields(cardHeader, idPrefix, labelPrefix));
		const cardBody = findComponent(card.components, 'BODY');
		if (cardBody) fields.push(...bodyFields(cardBody, idPrefix, labelPrefix, LIMITS.carouselCardBody));
		fields.push(...buttonFields(buttonsOf(card.components), idPrefix, labelPrefix));
	});
	fields.push(...buttonFields(buttonsOf(definition.components), '', ''));
	return fields;
}
