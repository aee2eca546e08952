/**
 * Catalog messages (cloud-api-facts §2.6, commerce): one product, a multi-product list, or the
 * whole catalog. They need a catalog connected to the WhatsApp Business Account.
 */
import { LIMITS } from '../limits';
import { checkCount, WhatsAppValidationError } from '../validation';
import { asArray, isRecord, optionalLimited, optionalText, requiredLimited } from './common';
import type { MessageContent } from './envelope';

function catalogId(value: unknown): string {
	const id = optionalText(value)?.trim();
	if (id === undefined) throw new WhatsAppValidationError('Catalog ID', 'Catalog ID is required');
	if (!/^\d+$/.test(id)) throw new WhatsAppValidationError('Catalog ID', `Catalog ID "${id}" must be digits only, such as 194836987003835`);
	return id;
}

function retailerId(field: string, value: unknown): string {
	const id = optionalText(value)?.trim();
	if (id === undefined) throw new WhatsAppValidationError(field, `${field} is required: the product's retailer ID (SKU) in the catalog`);
	return id;
}

function bodyAndFooter(interactive: Record<string, unknown>, body: unknown, footer: unknown, bodyRequired: boolean): void {
	const text = bodyRequired
		? requiredLimited('Body', body, LIMITS.interactiveBody)
		: optionalLimited('Body', body, LIMITS.interactiveBody);
	if (text !== undefined) interactive.body = { text };
	const footerText = optionalLimited('Footer', footer, LIMITS.interactiveFooter);
	if (footerText !== undefined) interactive.footer = { text: footerText };
}

export interface ProductInput {
	catalogId: string;
	productRetailerId: string;
	body?: string;
	footer?: string;
}

/** Single product: no header is allowed, the product image takes its place. */
export function buildProduct(input: ProductInput): MessageContent {
	const interactive: Record<string, unknown> = { type: 'product' };
	bodyAndFooter(interactive, input.body, input.footer, false);
	interactive.action = {
		catalog_id: catalogId(input.catalogId),
		product_retailer_id: retailerId('Product Retailer ID', input.productRetailerId),
	};
	return { type: 'interactive', interactive };
}

export interface ProductSection {
	title?: string;
	productRetailerIds: string[];
}

export interface ProductListInput {
	headerText: string;
	body: string;
	footer?: string;
	catalogId: string;
	/**
	 * Meta's `[{title, product_items:[{product_retailer_id}]}]`, or a flat list of products (retailer
	 * IDs, or `{product_retailer_id, section}`) grouped by section title, or JSON text of these.
	 */
	sections: unknown;
}

function readRetailerId(entry: unknown): unknown {
	return isRecord(entry) ? entry.product_retailer_id : entry;
}

export function readProductSections(value: unknown): ProductSection[] {
	const entries = asArray('Sections', value);
	if (entries.some((entry) => isRecord(entry) && 'product_items' in entry)) {
		return entries.map((entry, index) => {
			const items = isRecord(entry) ? entry.product_items : undefined;
			if (!isRecord(entry) || !Array.isArray(items)) {
				throw new WhatsAppValidationError(`Section ${index + 1}`, `Section ${index + 1} must have a "product_items" list`);
			}
			return { title: optionalText(entry.title), productRetailerIds: items.map((item) => String(readRetailerId(item) ?? '')) };
		});
	}
	const sections: ProductSection[] = [];
	for (const entry of entries) {
		const title = isRecord(entry) ? optionalText(entry.section) : undefined;
		let section = sections.find((candidate) => candidate.title === title);
		if (!section) {
			section = { title, productRetailerIds: [] };
			sections.push(section);
		}
		section.productRetailerIds.push(String(readRetailerId(entry) ?? ''));
	}
	return sections;
}

/** Multi-product: a text header and a body are required; up to 30 products in up to 10 sections. */
export function buildProductList(input: ProductListInput): MessageContent {
	const interactive: Record<string, unknown> = {
		type: 'product_list',
		header: { type: 'text', text: requiredLimited('Header Text', input.headerText, LIMITS.interactiveHeaderText) },
	};
	bodyAndFooter(interactive, input.body, input.footer, true);
	const id = catalogId(input.catalogId);
	const sections = readProductSections(input.sections);
	checkCount('Sections', sections.length, 1, LIMITS.productListSectionsMax);
	const total = sections.reduce((sum, section) => sum + section.productRetailerIds.length, 0);
	checkCount('Products (all sections together)', total, 1, LIMITS.productListItemsMax);
	let productNumber = 0;
	const built = sections.map((section, index) => {
		const label = `Section ${index + 1}`;
		const title = optionalLimited(`${label} Title`, section.title, LIMITS.listSectionTitle);
		if (sections.length > 1 && title === undefined) {
			throw new WhatsAppValidationError(`${label} Title`, `${label} Title is required when the message has more than one section`);
		}
		if (section.productRetailerIds.length === 0) {
			throw new WhatsAppValidationError(label, `${label} has no products; each section needs at least one`);
		}
		return {
			...(title !== undefined ? { title } : {}),
			product_items: section.productRetailerIds.map((sku) => ({
				product_retailer_id: retailerId(`Product ${++productNumber} Retailer ID`, sku),
			})),
		};
	});
	interactive.action = { catalog_id: id, sections: built };
	return { type: 'interactive', interactive };
}

export interface CatalogInput {
	body: string;
	footer?: string;
	/** The product whose image is the message thumbnail; default is the catalog's first item. */
	thumbnailProductRetailerId?: string;
}

export function buildCatalog(input: CatalogInput): MessageContent {
	const interactive: Record<string, unknown> = { type: 'catalog_message' };
	bodyAndFooter(interactive, input.body, input.footer, true);
	const thumbnail = optionalText(input.thumbnailProductRetailerId)?.trim();
	interactive.action = {
		name: 'catalog_message',
		...(thumbnail !== undefined ? { parameters: { thumbnail_product_retailer_id: thumbnail } } : {}),
	};
	return { type: 'interactive', interactive };
}
