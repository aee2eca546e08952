/**
 * Where Meta's own analytics and the log disagree. Meta counts per UTC day and may lag by hours;
 * the log counts what reached this n8n. A difference is reported with both numbers and the likely
 * reasons, never silently reconciled.
 */
import type { AnalyticsDataPoint } from './metaQuery';
import type { GroupReport } from './report';

export interface Discrepancy {
	metric: 'sent' | 'delivered' | 'billable';
	category?: string;
	log: number;
	meta: number;
	difference: number;
	agrees: boolean;
	note: string;
}

function sum(points: readonly AnalyticsDataPoint[], field: string, filter: (point: AnalyticsDataPoint) => boolean = () => true): number {
	return points.filter(filter).reduce((total, point) => total + (Number(point[field]) || 0), 0);
}

const NOTE_MORE_META =
	'Meta counts more than the log: some sends or status webhooks did not reach Record Events (another app or tool sends from this number, the trigger was inactive, or Record Events is not wired after every send).';
const NOTE_MORE_LOG =
	"The log counts more than Meta: Meta's analytics lag by up to a day, count per UTC day (the report period may start or end mid-day in UTC), and may exclude messages still in flight.";

function compareOne(metric: Discrepancy['metric'], log: number, meta: number, tolerance: number, category?: string): Discrepancy {
	const difference = log - meta;
	const agrees = Math.abs(difference) <= tolerance * Math.max(log, meta);
	return {
		metric,
		...(category ? { category } : {}),
		log,
		meta,
		difference,
		agrees,
		note: agrees ? 'The log and Meta agree.' : difference < 0 ? NOTE_MORE_META : NOTE_MORE_LOG,
	};
}

/**
 * Compares the report totals with Meta's message analytics (`sent`, `delivered` per data point) and,
 * when given, pricing analytics volumes per category. `tolerance` is the share of difference still
 * called agreement (default 0: any difference is reported).
 */
export function compareWithMeta(
	totals: GroupReport,
	meta: { messages?: readonly AnalyticsDataPoint[]; pricing?: readonly AnalyticsDataPoint[] },
	tolerance = 0,
): Discrepancy[] {
	const result: Discrepancy[] = [];
	if (meta.messages) {
		result.push(compareOne('sent', totals.sent + totals.failed, sum(meta.messages, 'sent'), tolerance));
		result.push(compareOne('delivered', totals.delivered, sum(meta.messages, 'delivered'), tolerance));
	}
	if (meta.pricing) {
		const categories = new Set<string>([
			...Object.keys(totals.billableByCategory),
			...meta.pricing.map((point) => String(point.pricingCategory ?? '').toLowerCase()).filter(Boolean),
		]);
		for (const category of categories) {
			const metaVolume = sum(
				meta.pricing,
				'volume',
				(point) => String(point.pricingCategory ?? '').toLowerCase() === category && String(point.pricingType ?? 'REGULAR').toUpperCase() === 'REGULAR',
			);
			result.push(compareOne('billable', totals.billableByCategory[category] ?? 0, metaVolume, tolerance, category));
		}
	}
	return result;
}
