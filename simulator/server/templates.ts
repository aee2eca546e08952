/** Message templates: list, create, review, edit, delete. */
import { GraphError, param100 } from '../errors';
import { pickFields } from '../http-body';
import type { StoredTemplate, TemplateCategory, TemplateStatus } from '../templates';
import { LANGUAGES, templateView, validateTemplateDefinition } from '../templates';
import { numericId } from '../util';
import { fieldEnvelope } from '../webhooks';
import type { SimulatorCore } from './core';
import { paginate } from './http';
import type { Reply, RequestContext } from './types';
import { deliver } from './webhooks';

export function listTemplates(sim: SimulatorCore, ctx: RequestContext): Reply {
	const q = ctx.query;
	let list = sim.templatesList.filter((t) => t.status !== 'DELETED');
	if (q.name) list = list.filter((t) => t.name.includes(q.name));
	if (q.status) {
		const statuses = q.status.toUpperCase().split(',');
		list = list.filter((t) => statuses.includes(t.status));
	}
	if (q.category) {
		const cats = q.category.toUpperCase().split(',');
		list = list.filter((t) => cats.includes(t.category));
	}
	if (q.language) list = list.filter((t) => t.language === q.language);
	if (q.content) list = list.filter((t) => JSON.stringify(t.components).includes(q.content));
	if (q.name_or_content) list = list.filter((t) => t.name.includes(q.name_or_content) || JSON.stringify(t.components).includes(q.name_or_content));
	const total = list.length;
	const page = paginate(list, q, 25, `${sim.url}/${ctx.version}/${ctx.segments.join('/')}`);
	const out: Record<string, unknown> = {
		data: page.items.map((t) => pickFields(templateView(t), q.fields)),
	};
	if (page.paging) out.paging = page.paging;
	if (q.summary) {
		const summary: Record<string, unknown> = {};
		for (const key of q.summary.split(',')) {
			if (key === 'total_count' || key === 'message_template_count') summary[key] = total;
			if (key === 'message_template_limit') summary[key] = 250;
			if (key === 'are_translations_complete') summary[key] = true;
		}
		out.summary = summary;
	}
	return { status: 200, json: out };
}

export function createTemplate(sim: SimulatorCore, ctx: RequestContext): Reply {
	const p = ctx.params;
	if (typeof p.name !== 'string' || !p.name) throw param100('The parameter name is required.', false);
	if (p.name.length > 512 || !/^[a-z0-9_]+$/.test(p.name)) {
		throw new GraphError({
			code: 100,
			message: 'Invalid parameter',
			extra: { is_transient: false, error_user_title: 'Invalid template name', error_user_msg: 'Template names can only contain lowercase letters, numbers and underscores (max 512 characters).' },
		});
	}
	if (typeof p.language !== 'string' || !p.language) throw param100('The parameter language is required.', false);
	if (!LANGUAGES.has(p.language)) throw param100(`Param language must be a supported language code - got "${p.language}".`, false);
	if (typeof p.category !== 'string') throw param100('The parameter category is required.', false);
	const category = p.category.toUpperCase() as TemplateCategory;
	if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(category)) {
		throw param100(`Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "${p.category}".`, false);
	}
	const formatRaw = p.parameter_format === undefined ? 'positional' : String(p.parameter_format).toLowerCase();
	if (!['named', 'positional'].includes(formatRaw)) throw param100(`Param parameter_format must be one of {NAMED, POSITIONAL} - got "${String(p.parameter_format)}".`, false);
	const format = formatRaw.toUpperCase() as 'NAMED' | 'POSITIONAL';
	const name = p.name;
	const language = p.language;
	if (sim.templatesList.some((t) => t.name === name && t.language === language && t.status !== 'DELETED')) {
		throw new GraphError({
			code: 100,
			subcode: 2388024,
			message: 'Invalid parameter',
			extra: { is_transient: false, error_user_title: 'Content in this language already exists', error_user_msg: `There is already ${language} content for this template. You can create a new template and try again.` },
		});
	}
	const deletedAt = sim.deletedTemplateNames.get(name);
	if (deletedAt !== undefined && sim.now() - deletedAt < 30 * 86_400_000) {
		throw new GraphError({
			code: 100,
			subcode: 2388023,
			message: 'Invalid parameter',
			extra: { is_transient: false, error_user_title: 'Message template is being deleted', error_user_msg: 'An approved template with this name was deleted; the name can be reused after 30 days.' },
		});
	}
	const components = validateTemplateDefinition({ name, category, parameter_format: format, components: p.components });
	const delay = sim.options.templateApprovalDelayMs;
	const immediate = delay === 0 || (category === 'AUTHENTICATION' && delay !== 'manual');
	const template: StoredTemplate = {
		id: numericId('1'),
		name,
		language,
		status: immediate && !name.startsWith('reject_') ? 'APPROVED' : 'PENDING',
		category,
		parameter_format: format,
		components,
		createdAt: sim.now(),
		approvedEdits: [],
	};
	sim.templatesList.push(template);
	if (template.status === 'PENDING') scheduleReview(sim, template);
	return { status: 200, json: { id: template.id, status: template.status, category: template.category } };
}

/** PENDING -> APPROVED (or REJECTED for names starting with `reject_`) after the configured delay. */
export function scheduleReview(sim: SimulatorCore, template: StoredTemplate): void {
	const delay = sim.options.templateApprovalDelayMs;
	if (delay === 'manual') return;
	sim.schedule(() => {
		if (template.status !== 'PENDING') return;
		const reject = template.name.startsWith('reject_');
		void changeTemplateStatus(sim, template, reject ? 'REJECTED' : 'APPROVED', reject ? 'INVALID_FORMAT' : 'NONE');
	}, delay);
}

export async function changeTemplateStatus(sim: SimulatorCore, template: StoredTemplate, status: TemplateStatus, reason?: string): Promise<void> {
	template.status = status;
	if (status === 'REJECTED') template.rejected_reason = reason ?? 'INVALID_FORMAT';
	else delete template.rejected_reason;
	if (status === 'APPROVED') template.quality_score = { score: 'GREEN' };
	const value: Record<string, unknown> = {
		event: status,
		message_template_id: Number(template.id),
		message_template_name: template.name,
		message_template_language: template.language,
		reason: reason ?? 'NONE',
		message_template_category: template.category,
	};
	if (status === 'REJECTED' && reason === 'INVALID_FORMAT') {
		value.rejection_info = {
			reason: 'The template was rejected by the simulator because its name starts with reject_.',
			recommendation: 'Rename the template and submit it again.',
		};
	}
	await deliver(sim, fieldEnvelope(sim.options.businessAccountId, 'message_template_status_update', value, sim.now()), {
		field: 'message_template_status_update',
		kind: 'template',
	});
}

export function editTemplate(sim: SimulatorCore, ctx: RequestContext, template: StoredTemplate): Reply {
	const p = ctx.params;
	if (p.cta_url_link_tracking_opted_out !== undefined && p.components === undefined) return { status: 200, json: { success: true } };
	if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(template.status)) {
		throw new GraphError({
			code: 100,
			message: 'Invalid parameter',
			extra: { is_transient: false, error_user_title: 'Template cannot be edited', error_user_msg: `Only approved, rejected or paused templates can be edited; this one is ${template.status}.` },
		});
	}
	let category = template.category;
	if (p.category !== undefined) {
		const requested = String(p.category).toUpperCase() as TemplateCategory;
		if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(requested)) throw param100(`Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "${String(p.category)}".`, false);
		if (template.status === 'APPROVED' && requested !== template.category) {
			throw new GraphError({
				code: 100,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Category cannot be changed', error_user_msg: 'The category of an approved template cannot be changed.' },
			});
		}
		category = requested;
	}
	const now = sim.now();
	if (template.status === 'APPROVED') {
		template.approvedEdits = template.approvedEdits.filter((t) => now - t < 30 * 86_400_000);
		if (template.approvedEdits.some((t) => now - t < 86_400_000) || template.approvedEdits.length >= 10) {
			throw new GraphError({
				code: 100,
				subcode: 2388025,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Edit limit reached', error_user_msg: 'Approved templates can be edited once per 24 hours and up to 10 times per 30 days.' },
			});
		}
	}
	let components = template.components;
	if (p.components !== undefined) {
		components = validateTemplateDefinition({ name: template.name, category, parameter_format: template.parameter_format, components: p.components });
	}
	if (template.status === 'APPROVED') template.approvedEdits.push(now);
	template.components = components;
	template.category = category;
	if (p.components !== undefined) {
		template.status = sim.options.templateApprovalDelayMs === 0 ? 'APPROVED' : 'PENDING';
		if (template.status === 'PENDING') scheduleReview(sim, template);
	}
	return { status: 200, json: { success: true } };
}

export function deleteTemplate(sim: SimulatorCore, ctx: RequestContext): Reply {
	const name = ctx.params.name;
	if (typeof name !== 'string' || !name) throw param100('The parameter name is required.', false);
	const hsmId = ctx.params.hsm_id === undefined ? undefined : String(ctx.params.hsm_id);
	const targets = sim.templatesList.filter((t) => t.name === name && t.status !== 'DELETED' && (hsmId === undefined || t.id === hsmId));
	if (targets.length === 0) {
		throw new GraphError({
			code: 100,
			subcode: 2593002,
			message: 'Invalid parameter',
			extra: { is_transient: false, error_user_title: 'Message template not found', error_user_msg: `The message template ${name} doesn't exist.` },
		});
	}
	if (targets.some((t) => t.status === 'DISABLED')) {
		throw new GraphError({
			code: 100,
			message: 'Invalid parameter',
			extra: { is_transient: false, error_user_title: 'Template cannot be deleted', error_user_msg: 'Disabled templates cannot be deleted.' },
		});
	}
	for (const t of targets) {
		if (t.status === 'APPROVED') sim.deletedTemplateNames.set(t.name, sim.now());
		t.status = 'DELETED';
	}
	sim.templatesList = sim.templatesList.filter((t) => t.status !== 'DELETED');
	return { status: 200, json: { success: true } };
}
