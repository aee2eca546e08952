/**
 * Node parameters → the inbox domain's configuration. Every check lives in whatsapp/inbox; this
 * only gathers the values and turns a domain error into a NodeOperationError naming the field.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BusinessHours, ConsentLanguageInput, InboxPolicy, QuickReply, QuickReplyInput, Reply, ReplyInput } from '../../whatsapp/inbox';
import { parseBusinessHours, parseConsentLanguages, parseQuickReplies, parseReply } from '../../whatsapp/inbox';
import { parseTimestamp } from '../../whatsapp/contacts/events';
import { WhatsAppValidationError } from '../../whatsapp/validation';
import { toNodeError } from '../WhatsAppBusinessPlatform/helpers/runPerItem';

/** Runs a domain parse; a bad value becomes an error that names the field and what to do. */
export function configured<T>(context: IExecuteFunctions, itemIndex: number, parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		if (error instanceof WhatsAppValidationError) {
			throw new NodeOperationError(context.getNode(), error.message, {
				itemIndex,
				description: `Fix "${error.field}" in the node's settings and run again. Nothing was sent.`,
			});
		}
		throw toNodeError(context, error, itemIndex);
	}
}

export function readHours(context: IExecuteFunctions, itemIndex: number): BusinessHours {
	const zone = String(context.getNodeParameter('timeZone', itemIndex, '') ?? '').trim() || context.getTimezone();
	const intervals = ((context.getNodeParameter('openingHours', itemIndex, {}) as IDataObject).interval ?? []) as IDataObject[];
	const closures = ((context.getNodeParameter('closures', itemIndex, {}) as IDataObject).closure ?? []) as IDataObject[];
	return configured(context, itemIndex, () =>
		parseBusinessHours({
			timeZone: zone,
			override: context.getNodeParameter('override', itemIndex, 'schedule') as BusinessHours['override'],
			intervals: intervals.map((entry) => ({ day: String(entry.day ?? ''), from: String(entry.from ?? ''), to: String(entry.to ?? '') })),
			closures: closures.map((entry) => ({ name: String(entry.name ?? ''), from: String(entry.from ?? ''), to: String(entry.to ?? '') })),
		}),
	);
}

function replyInput(entry: IDataObject, names: Record<'type' | 'text' | 'mediaType' | 'media' | 'buttons' | 'templateName' | 'templateLanguage' | 'templateParameters' | 'fallbackTemplate' | 'fallbackLanguage', string>): ReplyInput {
	const get = (key: keyof typeof names) => entry[names[key]];
	return {
		type: String(get('type') ?? 'text'),
		text: String(get('text') ?? ''),
		mediaType: String(get('mediaType') ?? 'image'),
		media: String(get('media') ?? ''),
		buttons: get('buttons'),
		template: { name: String(get('templateName') ?? ''), language: String(get('templateLanguage') ?? ''), bodyParameters: (get('templateParameters') ?? []) as string[] },
		fallbackTemplate: { name: String(get('fallbackTemplate') ?? ''), language: String(get('fallbackLanguage') ?? '') },
	};
}

const QUICK_REPLY_NAMES = {
	type: 'type',
	text: 'text',
	mediaType: 'mediaType',
	media: 'media',
	buttons: 'buttons',
	templateName: 'templateName',
	templateLanguage: 'templateLanguage',
	templateParameters: 'templateParameters',
	fallbackTemplate: 'fallbackTemplate',
	fallbackLanguage: 'fallbackLanguage',
} as const;

export function readQuickReplies(context: IExecuteFunctions, itemIndex: number): QuickReply[] {
	const source = context.getNodeParameter('quickRepliesSource', itemIndex, 'list') as string;
	let entries: IDataObject[];
	if (source === 'json') {
		let value = context.getNodeParameter('quickRepliesJson', itemIndex, '[]') as unknown;
		if (typeof value === 'string') {
			try {
				value = JSON.parse(value) as unknown;
			} catch (error) {
				throw new NodeOperationError(context.getNode(), `Quick Replies (JSON) is not valid JSON: ${(error as Error).message}`, { itemIndex });
			}
		}
		if (!Array.isArray(value)) throw new NodeOperationError(context.getNode(), 'Quick Replies (JSON) must be a list of quick replies', { itemIndex });
		entries = value as IDataObject[];
	} else {
		entries = ((context.getNodeParameter('quickReplies', itemIndex, {}) as IDataObject).reply ?? []) as IDataObject[];
	}
	const list: QuickReplyInput[] = entries.map((entry) => ({
		shortcut: String(entry.shortcut ?? ''),
		match: String(entry.match ?? 'command'),
		keywords: String(entry.keywords ?? ''),
		reply: replyInput(entry, QUICK_REPLY_NAMES),
	}));
	return configured(context, itemIndex, () => parseQuickReplies(list));
}

function readReply(context: IExecuteFunctions, itemIndex: number, prefix: string, label: string): Reply | null {
	const type = context.getNodeParameter(`${prefix}Type`, itemIndex, 'text') as string;
	if (type === 'none') return null;
	const value = (name: string, fallback: unknown = '') => context.getNodeParameter(`${prefix}${name}`, itemIndex, fallback) as IDataObject[string];
	const entry: IDataObject = {
		type,
		text: value('Text'),
		mediaType: value('MediaType', 'image'),
		media: value('Media'),
		buttons: value('Buttons'),
		templateName: value('TemplateName'),
		templateLanguage: value('TemplateLanguage', 'en_US'),
		templateParameters: value('TemplateParameters'),
		fallbackTemplate: value('FallbackTemplate'),
		fallbackLanguage: value('FallbackLanguage', 'en_US'),
	};
	return configured(context, itemIndex, () => parseReply(label, replyInput(entry, QUICK_REPLY_NAMES)));
}

export function readPolicy(context: IExecuteFunctions, itemIndex: number): InboxPolicy {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const consent = ((context.getNodeParameter('consent', itemIndex, {}) as IDataObject).language ?? []) as unknown as ConsentLanguageInput[];
	const silentDays = Number(options.greetingSilentDays ?? 14);
	if (!Number.isFinite(silentDays) || silentDays < 1) {
		throw new NodeOperationError(context.getNode(), `Greet Again After Silence (Days) must be 1 or more, not ${String(options.greetingSilentDays)}`, { itemIndex });
	}
	return {
		hours: readHours(context, itemIndex),
		away: {
			reply: readReply(context, itemIndex, 'away', 'Away Message'),
			oncePer: (options.awayOncePer as InboxPolicy['away']['oncePer']) ?? 'closedPeriod',
			agentReplyMinutes: Math.max(0, Number(options.agentReplyMinutes ?? 5)),
			firstContact: (options.firstContact as InboxPolicy['away']['firstContact']) ?? 'greetingAndAway',
		},
		greeting: {
			reply: readReply(context, itemIndex, 'greeting', 'Greeting'),
			when: (options.greetingWhen as InboxPolicy['greeting']['when']) ?? 'firstOrSilent',
			silentDays,
		},
		quickReplies: readQuickReplies(context, itemIndex),
		consent: configured(context, itemIndex, () => parseConsentLanguages(consent)),
	};
}

/** A time a person typed (ISO or Unix seconds) as ms; empty gives `fallback`. */
export function readTime(context: IExecuteFunctions, itemIndex: number, value: unknown, field: string, fallback: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	return Date.parse(configured(context, itemIndex, () => parseTimestamp(value, fallback, field)));
}
