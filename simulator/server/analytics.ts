/** Template analytics edge (the other analytics live in ../analytics.ts). */
import { templateAnalytics } from '../analytics';
import { GraphError } from '../errors';
import type { SimulatorCore } from './core';
import type { Reply, RequestContext } from './types';

export function requireInsights(sim: SimulatorCore): void {
	if (!sim.insightsEnabled) {
		throw new GraphError({ code: 200007, httpStatus: 400, message: '(#200007) Template insights are not enabled', details: 'Enable template insights with POST /{waba-id}?is_enabled_for_insights=true first.' });
	}
}

export function templateAnalyticsEdge(sim: SimulatorCore, ctx: RequestContext): Reply {
	requireInsights(sim);
	const q: Record<string, string | undefined> = { ...ctx.query };
	return { status: 200, json: templateAnalytics(q, new Set(sim.templatesList.map((t) => t.id))) };
}
