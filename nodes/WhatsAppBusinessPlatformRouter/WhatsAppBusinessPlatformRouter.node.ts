import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { RouteInput, RouteRule, RuleKind } from '../../whatsapp/routing/rules';
import { listOf, route, validateRules } from '../../whatsapp/routing/rules';
import { WhatsAppValidationError } from '../../whatsapp/validation';
import { configuredOutputs, routerProperties } from './description';

function path(json: IDataObject, field: string): unknown {
	let value: unknown = json;
	for (const part of field.split('.').filter(Boolean)) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[part];
	}
	return value;
}

/** Open or closed as the inbox automation decided it (`inbox.open`, or `businessHours.open` of Check Business Hours). */
function openFromItem(json: IDataObject | undefined): boolean | undefined {
	const inbox = (json?.inbox as IDataObject | undefined)?.open;
	if (typeof inbox === 'boolean') return inbox;
	const hours = (json?.businessHours as IDataObject | undefined)?.open;
	return typeof hours === 'boolean' ? hours : undefined;
}

function ruleFrom(raw: IDataObject, json?: IDataObject): RouteRule {
	const kind = String(raw.kind ?? 'keyword') as RuleKind;
	const valuesField: Partial<Record<RuleKind, string>> = {
		country: 'countries',
		callingCode: 'callingCodes',
		keyword: 'keywords',
		messageType: 'messageTypes',
		replyId: 'replyIds',
		label: 'labels',
		owner: 'owners',
	};
	// No decision on the item (no inbox node before the router) counts as open: no closed routing.
	const open = raw.businessHoursSource === 'value' ? raw.businessHoursOpen === true || raw.businessHoursOpen === 'true' : (openFromItem(json) ?? true);
	return {
		kind,
		name: String(raw.outputName ?? '').trim(),
		team: String(raw.team ?? '').trim() || undefined,
		values: valuesField[kind] ? listOf(raw[valuesField[kind]!]) : undefined,
		keywordMatch: (raw.keywordMatch as RouteRule['keywordMatch']) ?? 'word',
		caseSensitive: raw.caseSensitive === true,
		pattern: typeof raw.pattern === 'string' ? raw.pattern : undefined,
		attribute: typeof raw.attribute === 'string' ? raw.attribute.trim() : undefined,
		attributeValue: typeof raw.attributeValue === 'string' ? raw.attributeValue : undefined,
		result: kind === 'businessHours' ? (raw.businessHoursWhen === 'open' ? open : !open) : kind === 'expression' ? raw.condition === true || raw.condition === 'true' : undefined,
	};
}

function inputFrom(json: IDataObject, options: IDataObject): RouteInput {
	const contactField = String(options.contactField || 'contact');
	const contact = (path(json, contactField) as IDataObject | undefined) ?? (Array.isArray(json.labels) ? json : undefined);
	const conversation = json.conversation as IDataObject | undefined;
	const text = path(json, String(options.textField || 'text'));
	const waId = path(json, String(options.waIdField || 'waId')) ?? (json.event === 'messageEcho' ? json.to : undefined);
	return {
		waId: typeof waId === 'string' || typeof waId === 'number' ? String(waId) : undefined,
		text: typeof text === 'string' ? text : undefined,
		messageType: typeof json.messageType === 'string' ? json.messageType : undefined,
		replyId: typeof json.replyId === 'string' ? json.replyId : undefined,
		labels: Array.isArray(contact?.labels) ? (contact.labels as unknown[]).map(String) : undefined,
		attributes: (contact?.attributes as Record<string, unknown> | undefined) ?? undefined,
		owner: typeof conversation?.owner === 'string' ? conversation.owner : undefined,
	};
}

export class WhatsAppBusinessPlatformRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Platform Router',
		name: 'whatsAppBusinessPlatformRouter',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['transform'],
		version: 1,
		usableAsTool: true,
		description: 'Route WhatsApp messages to teams by country, keyword, message type, reply, label, attribute, business hours or any condition',
		subtitle: '={{ ($parameter["rules"]?.rule?.length ?? 0) + " rules" }}',
		defaults: { name: 'WhatsApp Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs.toString()})($parameter)}}`,
		properties: routerProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const first = ((this.getNodeParameter('rules', 0, {}) as IDataObject).rule as IDataObject[] | undefined) ?? [];
		const outputs: INodeExecutionData[][] = Array.from({ length: first.length + 1 }, () => []);
		try {
			validateRules(first.map((rule) => ruleFrom(rule)).map((rule, index) => ({ ...rule, name: rule.name || `Rule ${index + 1}` })));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { description: (error as WhatsAppValidationError).field ? `Fix the rule's "${(error as WhatsAppValidationError).field}"` : undefined });
		}
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				// Rules are read per item: expression and business-hours conditions depend on the item.
				const raw = ((this.getNodeParameter('rules', itemIndex, {}) as IDataObject).rule as IDataObject[] | undefined) ?? [];
				const json = items[itemIndex].json;
				const rules = raw.map((rule) => ruleFrom(rule, json)).map((rule, index) => ({ ...rule, name: rule.name || `Rule ${index + 1}` }));
				const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
				const decision = route(rules, inputFrom(json, options));
				outputs[Math.min(decision.output, outputs.length - 1)].push({
					json: { ...json, route: { rule: decision.rule, output: decision.output, team: decision.team ?? (json.route as IDataObject | undefined)?.team ?? null, matchedOn: decision.matchedOn } },
					pairedItem: { item: itemIndex },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					outputs[outputs.length - 1].push({ json: { ...items[itemIndex].json, error: (error as Error).message }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return outputs;
	}
}
