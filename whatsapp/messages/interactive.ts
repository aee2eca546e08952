/**
 * Interactive messages (cloud-api-facts §2.6): reply buttons, list, call-to-action URL, Flow and
 * location request. Each builder checks every limit of §13.4 and names the field as the node shows it.
 */
import { LIMITS } from '../limits';
import { checkCount, checkMaxLength, WhatsAppValidationError } from '../validation';
import {
	asArray,
	checkLink,
	containsEmoji,
	isRecord,
	mediaRefFrom,
	optionalLimited,
	optionalText,
	parseJsonInput,
	requiredLimited,
} from './common';
import type { MessageContent } from './envelope';

export type HeaderType = 'text' | 'image' | 'video' | 'document';

export interface HeaderInput {
	/** 'none' or undefined: no header. */
	type?: HeaderType | 'none';
	/** For a text header. */
	text?: string;
	/** For a media header: a media ID or a public http(s) URL. */
	media?: string;
}

/** Header, body and footer, shared by every interactive type. */
export interface InteractiveFrame {
	header?: HeaderInput;
	body: string;
	footer?: string;
}

const MEDIA_HEADERS: readonly HeaderType[] = ['image', 'video', 'document'];

export function buildHeader(input: HeaderInput | undefined, allowed: readonly HeaderType[]): Record<string, unknown> | undefined {
	const type = input?.type;
	if (type === undefined || type === 'none') return undefined;
	if (!allowed.includes(type)) {
		throw new WhatsAppValidationError('Header Type', `This message allows a ${allowed.join(', ')} header, not ${type}`);
	}
	if (type === 'text') {
		return { type: 'text', text: requiredLimited('Header Text', input?.text, LIMITS.interactiveHeaderText) };
	}
	return { type, [type]: mediaRefFrom('Header Media', input?.media) };
}

function frame(
	type: string,
	input: InteractiveFrame,
	options: { headers: readonly HeaderType[]; bodyMax: number; bodyRequired?: boolean },
): Record<string, unknown> {
	const interactive: Record<string, unknown> = { type };
	const header = buildHeader(input.header, options.headers);
	if (header) interactive.header = header;
	const body =
		options.bodyRequired === false
			? optionalLimited('Body', input.body, options.bodyMax)
			: requiredLimited('Body', input.body, options.bodyMax);
	if (body !== undefined) interactive.body = { text: body };
	const footer = optionalLimited('Footer', input.footer, LIMITS.interactiveFooter);
	if (footer !== undefined) interactive.footer = { text: footer };
	return interactive;
}

function interactiveContent(interactive: Record<string, unknown>): MessageContent {
	return { type: 'interactive', interactive };
}

/** IDs come back in the reply webhook exactly as sent; surrounding spaces are almost always a mistake. */
function checkId(field: string, id: string, max: number): void {
	if (id !== id.trim()) throw new WhatsAppValidationError(field, `${field} "${id}" starts or ends with a space`);
	checkMaxLength(field, id, max);
}

function checkUnique(field: string, values: string[]): void {
	const seen = new Set<string>();
	values.forEach((value, index) => {
		if (seen.has(value)) {
			throw new WhatsAppValidationError(
				field.replace('#', String(index + 1)),
				`${field.replace('#', String(index + 1))} "${value}" is used twice; each must be unique in the message`,
			);
		}
		seen.add(value);
	});
}

// ---- reply buttons ----

export interface ReplyButton {
	/** Returned in the reply webhook. Defaults to the title. */
	id?: string;
	title: string;
}

export interface ReplyButtonsInput extends InteractiveFrame {
	/** `[{id, title}]`, Meta's `[{type:'reply', reply:{id, title}}]`, plain titles, or JSON text of these. */
	buttons: unknown;
}

function readButton(entry: unknown, position: number): ReplyButton {
	if (typeof entry === 'string') return { title: entry };
	if (isRecord(entry)) {
		const source = isRecord(entry.reply) ? entry.reply : entry;
		return { id: optionalText(source.id), title: String(source.title ?? '') };
	}
	throw new WhatsAppValidationError(`Button ${position}`, `Button ${position} must be an object with a title (and an id)`);
}

export function buildReplyButtons(input: ReplyButtonsInput): MessageContent {
	const interactive = frame('button', input, { headers: ['text', ...MEDIA_HEADERS], bodyMax: LIMITS.interactiveBody });
	const buttons = asArray('Buttons', input.buttons).map((entry, index) => readButton(entry, index + 1));
	checkCount('Buttons', buttons.length, LIMITS.replyButtonsMin, LIMITS.replyButtonsMax);
	const built = buttons.map((button, index) => {
		const title = requiredLimited(`Button ${index + 1} Title`, button.title, LIMITS.replyButtonTitle);
		const id = button.id ?? title;
		checkId(`Button ${index + 1} ID`, id, LIMITS.replyButtonId);
		return { id, title };
	});
	checkUnique('Button # Title', built.map((button) => button.title));
	checkUnique('Button # ID', built.map((button) => button.id));
	interactive.action = { buttons: built.map((reply) => ({ type: 'reply', reply })) };
	return interactiveContent(interactive);
}

// ---- list ----

export interface ListRow {
	id?: string;
	title: string;
	description?: string;
}

export interface ListSection {
	title?: string;
	rows: ListRow[];
}

export interface ListInput {
	/** Text only for lists. */
	headerText?: string;
	body: string;
	footer?: string;
	/** The label of the button that opens the list. */
	buttonText: string;
	/**
	 * Meta's `[{title, rows:[{id, title, description}]}]`, or a flat list of rows each with an
	 * optional `section` title (rows with the same section title are grouped), or JSON text of these.
	 */
	sections: unknown;
}

/** Sections from either shape, keeping the order in which sections first appear. */
export function readListSections(value: unknown): ListSection[] {
	const entries = asArray('Sections', value);
	if (entries.some((entry) => isRecord(entry) && 'rows' in entry)) {
		return entries.map((entry, index) => {
			const rows = isRecord(entry) && typeof entry.rows !== 'string' ? entry.rows : undefined;
			if (!isRecord(entry) || !Array.isArray(rows)) {
				throw new WhatsAppValidationError(`Section ${index + 1}`, `Section ${index + 1} must have a "rows" list`);
			}
			return { title: optionalText(entry.title), rows: rows as ListRow[] };
		});
	}
	const sections: ListSection[] = [];
	for (const entry of entries) {
		const row = isRecord(entry) ? entry : { title: entry };
		const title = optionalText(row.section);
		let section = sections.find((candidate) => candidate.title === title);
		if (!section) {
			section = { title, rows: [] };
			sections.push(section);
		}
		section.rows.push({ id: optionalText(row.id), title: String(row.title ?? ''), description: optionalText(row.description) });
	}
	return sections;
}

export function buildList(input: ListInput): MessageContent {
	const interactive = frame(
		'list',
		{ header: input.headerText ? { type: 'text', text: input.headerText } : undefined, body: input.body, footer: input.footer },
		{ headers: ['text'], bodyMax: LIMITS.listBody },
	);
	const button = requiredLimited('Button Text', input.buttonText, LIMITS.listButton);
	const sections = readListSections(input.sections);
	checkCount('Sections', sections.length, 1, LIMITS.listSectionsMax);
	const totalRows = sections.reduce((sum, section) => sum + section.rows.length, 0);
	checkCount('Rows (all sections together)', totalRows, 1, LIMITS.listRowsMax);

	let rowNumber = 0;
	const rowIds: string[] = [];
	const built = sections.map((section, index) => {
		const label = `Section ${index + 1}`;
		const title = optionalLimited(`${label} Title`, section.title, LIMITS.listSectionTitle);
		if (sections.length > 1 && title === undefined) {
			throw new WhatsAppValidationError(`${label} Title`, `${label} Title is required when the list has more than one section`);
		}
		if (section.rows.length === 0) throw new WhatsAppValidationError(label, `${label} has no rows; each section needs at least one`);
		const rows = section.rows.map((row) => {
			rowNumber++;
			if (!isRecord(row)) throw new WhatsAppValidationError(`Row ${rowNumber}`, `Row ${rowNumber} must be an object with a title`);
			const rowTitle = requiredLimited(`Row ${rowNumber} Title`, row.title, LIMITS.listRowTitle);
			const id = optionalText(row.id) ?? rowTitle;
			checkId(`Row ${rowNumber} ID`, id, LIMITS.listRowId);
			rowIds.push(id);
			const description = optionalLimited(`Row ${rowNumber} Description`, row.description, LIMITS.listRowDescription);
			return { id, title: rowTitle, ...(description !== undefined ? { description } : {}) };
		});
		return { ...(title !== undefined ? { title } : {}), rows };
	});
	checkUnique('Row # ID', rowIds);
	interactive.action = { button, sections: built };
	return interactiveContent(interactive);
}

// ---- call-to-action URL ----

export interface CtaUrlInput extends InteractiveFrame {
	displayText: string;
	url: string;
}

export function buildCtaUrl(input: CtaUrlInput): MessageContent {
	const interactive = frame('cta_url', input, { headers: ['text', ...MEDIA_HEADERS], bodyMax: LIMITS.interactiveBody });
	const displayText = requiredLimited('Button Text', input.displayText, LIMITS.ctaDisplayText);
	const url = checkLink('Button URL', requiredLimited('Button URL', input.url, Number.MAX_SAFE_INTEGER));
	interactive.action = { name: 'cta_url', parameters: { display_text: displayText, url } };
	return interactiveContent(interactive);
}

// ---- Flow ----

export interface FlowInput extends InteractiveFrame {
	/** Give a Flow ID or a Flow name. */
	flowId?: string;
	flowName?: string;
	/** The button label. */
	flowCta: string;
	mode?: 'published' | 'draft';
	flowAction?: 'navigate' | 'data_exchange';
	/** Identifies this session in the Flow's data exchange and completion webhook. */
	flowToken?: string;
	/** First screen, for `navigate`. */
	screen?: string;
	/** Initial data for the first screen (an object, or JSON text), for `navigate`. */
	data?: unknown;
}

export function buildFlow(input: FlowInput): MessageContent {
	// Meta's Flow examples only show text headers; media headers are unconfirmed (facts §15.13).
	const interactive = frame('flow', input, { headers: ['text'], bodyMax: LIMITS.interactiveBody });
	const flowId = optionalText(input.flowId)?.trim();
	const flowName = optionalText(input.flowName)?.trim();
	if (flowId !== undefined && flowName !== undefined) {
		throw new WhatsAppValidationError('Flow', 'Give a Flow ID or a Flow Name, not both');
	}
	if (flowId === undefined && flowName === undefined) {
		throw new WhatsAppValidationError('Flow', 'Flow is required: give the Flow ID or the Flow Name');
	}
	if (flowId !== undefined && !/^\d+$/.test(flowId)) {
		throw new WhatsAppValidationError('Flow ID', `Flow ID "${flowId}" must be digits only, such as 400000000000005`);
	}
	const flowCta = requiredLimited('Button Text', input.flowCta, LIMITS.flowCta);
	if (containsEmoji(flowCta)) throw new WhatsAppValidationError('Button Text', `Button Text "${flowCta}" cannot contain emoji in a Flow message`);
	const mode = input.mode ?? 'published';
	if (mode !== 'published' && mode !== 'draft') {
		throw new WhatsAppValidationError('Mode', `Mode "${String(mode)}" must be published or draft`);
	}
	const flowAction = input.flowAction ?? 'navigate';
	if (flowAction !== 'navigate' && flowAction !== 'data_exchange') {
		throw new WhatsAppValidationError('Flow Action', `Flow Action "${String(flowAction)}" must be navigate or data_exchange`);
	}

	const parameters: Record<string, unknown> = { flow_message_version: '3' };
	const flowToken = optionalText(input.flowToken);
	if (flowToken !== undefined) parameters.flow_token = flowToken;
	if (flowId !== undefined) parameters.flow_id = flowId;
	else parameters.flow_name = flowName;
	parameters.flow_cta = flowCta;
	parameters.mode = mode;
	parameters.flow_action = flowAction;

	if (flowAction === 'navigate') {
		const screen = optionalText(input.screen)?.trim();
		if (screen === undefined) {
			throw new WhatsAppValidationError('Screen', 'Screen is required for the navigate action: the ID of the first screen, such as WELCOME_SCREEN');
		}
		const payload: Record<string, unknown> = { screen };
		const data = parseJsonInput('Screen Data', input.data);
		if (data !== undefined && data !== null && data !== '') {
			if (!isRecord(data)) throw new WhatsAppValidationError('Screen Data', 'Screen Data must be a JSON object, such as {"customer": "Pablo"}');
			if (Object.keys(data).length === 0) {
				throw new WhatsAppValidationError('Screen Data', 'Screen Data is an empty object; leave it empty instead, Meta refuses {}');
			}
			payload.data = data;
		}
		parameters.flow_action_payload = payload;
	} else if (optionalText(input.screen) !== undefined) {
		throw new WhatsAppValidationError('Screen', 'Screen applies only to the navigate action: with data_exchange your endpoint chooses the first screen');
	}
	interactive.action = { name: 'flow', parameters };
	return interactiveContent(interactive);
}

// ---- location request ----

export function buildLocationRequest(input: { body: string }): MessageContent {
	const interactive = frame('location_request_message', { body: input.body }, { headers: [], bodyMax: LIMITS.interactiveBody });
	interactive.action = { name: 'send_location' };
	return interactiveContent(interactive);
}
