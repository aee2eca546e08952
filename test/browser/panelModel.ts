/**
 * What a node's panel must show, computed from the node description n8n serves (`/types/nodes.json`)
 * with n8n-workflow's own display rules. The browser suite walks every resource and operation of
 * every node of this package and compares the panel with this model, so a node added to the package
 * is covered without touching the suite.
 */
import type { INodeCredentialDescription, INodeParameters, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

/** Parameter types that have no input box of their own in the panel. */
const NOT_AN_INPUT = new Set(['hidden', 'notice', 'callout', 'button']);

export interface PanelCase {
	/** Display names of the choices to make in the panel, in order (`[]` for a node without them). */
	resource?: { value: string; name: string };
	operation?: { value: string; name: string };
	/** The node's parameters with their defaults for this choice (what the editor holds). */
	parameters: INodeParameters;
	/** Names of the top-level parameters that must have an input in the panel. */
	fields: Array<{ name: string; displayName: string; type: string }>;
	/** Credential types the panel must offer a picker for. */
	credentials: INodeCredentialDescription[];
}

export function latestVersion(description: INodeTypeDescription): number {
	const version = description.version;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	return ((property?.options ?? []) as INodePropertyOptions[]).filter((option) => option && 'value' in option);
}

function displayed(description: INodeTypeDescription, values: INodeParameters, property: INodeProperties | INodeCredentialDescription): boolean {
	return NodeHelpers.displayParameter(values, property, { typeVersion: latestVersion(description) }, description);
}

function withDefaults(description: INodeTypeDescription, values: INodeParameters): INodeParameters {
	const node = { typeVersion: latestVersion(description) };
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ?? values;
}

/** The first displayed property of that name (several may share a name with different displayOptions). */
function displayedProperty(description: INodeTypeDescription, values: INodeParameters, name: string): INodeProperties | undefined {
	return description.properties.find((property) => property.name === name && displayed(description, values, property));
}

function caseFor(description: INodeTypeDescription, chosen: INodeParameters, resource?: PanelCase['resource'], operation?: PanelCase['operation']): PanelCase {
	const parameters = withDefaults(description, chosen);
	const seen = new Set<string>();
	const fields: PanelCase['fields'] = [];
	for (const property of description.properties) {
		if (NOT_AN_INPUT.has(property.type) || seen.has(property.name)) continue;
		if (!displayed(description, parameters, property)) continue;
		seen.add(property.name);
		fields.push({ name: property.name, displayName: property.displayName, type: property.type });
	}
	const credentials = (description.credentials ?? []).filter((credential) => displayed(description, parameters, credential));
	return { resource, operation, parameters, fields, credentials };
}

/** One case per resource × operation (or one case for a node without them). */
export function panelCases(description: INodeTypeDescription): PanelCase[] {
	const resourceProperty = displayedProperty(description, withDefaults(description, {}), 'resource');
	const resources = resourceProperty ? optionsOf(resourceProperty) : [undefined];
	const cases: PanelCase[] = [];
	for (const resourceOption of resources) {
		const base: INodeParameters = resourceOption ? { resource: resourceOption.value as string } : {};
		const operationProperty = displayedProperty(description, withDefaults(description, base), 'operation');
		const resource = resourceOption ? { value: String(resourceOption.value), name: resourceOption.name } : undefined;
		if (!operationProperty) {
			cases.push(caseFor(description, base, resource));
			continue;
		}
		for (const option of optionsOf(operationProperty)) {
			cases.push(caseFor(description, { ...base, operation: option.value as string }, resource, { value: String(option.value), name: option.name }));
		}
	}
	return cases;
}

export function caseLabel(nodeName: string, panelCase: PanelCase): string {
	return [nodeName, panelCase.resource?.name, panelCase.operation?.name].filter(Boolean).join(' → ');
}
