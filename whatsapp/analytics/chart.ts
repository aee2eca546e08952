/**
 * Self-contained SVG charts drawn by the package (no chart library, no scripts, no external fonts
 * or images), so they open in n8n's binary viewer, a browser, or an e-mail attachment as they are.
 */
import { DateTime } from 'luxon';

import type { GroupReport, Report } from './report';

export interface Series {
	name: string;
	color: string;
	values: ReadonlyArray<number | null>;
}

export interface BarChartInput {
	title: string;
	subtitle?: string;
	categories: readonly string[];
	series: readonly Series[];
	/** Formats axis ticks and value labels (default: integers with thousands separators). */
	format?: (value: number) => string;
	width?: number;
	height?: number;
	/** Text shown instead of bars when every value is empty. */
	emptyText?: string;
}

export const COLORS = {
	sent: '#94A3B8',
	delivered: '#25D366',
	read: '#128C7E',
	replied: '#34B7F1',
	failed: '#E5484D',
	median: '#128C7E',
	p90: '#F59E0B',
	ink: '#111B21',
	muted: '#667781',
	grid: '#E9EDEF',
} as const;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

function integer(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

/** A round step (1, 2 or 5 × 10^n) that splits `max` into about `count` intervals. */
export function niceStep(max: number, count = 5): number {
	if (max <= 0) return 1;
	const raw = max / count;
	const power = 10 ** Math.floor(Math.log10(raw));
	const fraction = raw / power;
	const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
	return nice * power;
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** A grouped bar chart: one cluster per category, one bar per series. */
export function barChart(input: BarChartInput): string {
	const width = input.width ?? 960;
	const height = input.height ?? 440;
	const format = input.format ?? integer;
	const margin = { top: 96, right: 24, bottom: 72, left: 64 };
	const plotWidth = width - margin.left - margin.right;
	const plotHeight = height - margin.top - margin.bottom;
	const values = input.series.flatMap((series) => series.values.filter((value): value is number => value !== null));
	const max = Math.max(0, ...values);
	const step = niceStep(max);
	const top = Math.max(step, Math.ceil(max / step) * step);
	const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
	const parts: string[] = [];

	parts.push(`<rect width="${width}" height="${height}" rx="12" fill="#FFFFFF"/>`);
	parts.push(`<text x="${margin.left - 40}" y="36" font-size="20" font-weight="600" fill="${COLORS.ink}">${escapeXml(input.title)}</text>`);
	if (input.subtitle) parts.push(`<text x="${margin.left - 40}" y="60" font-size="13" fill="${COLORS.muted}">${escapeXml(input.subtitle)}</text>`);

	// Legend, right-aligned on the title line.
	let legendX = width - margin.right;
	const legend: string[] = [];
	for (const series of [...input.series].reverse()) {
		const labelWidth = series.name.length * 7 + 26;
		legendX -= labelWidth;
		legend.push(
			`<rect x="${legendX}" y="27" width="12" height="12" rx="3" fill="${series.color}"/><text x="${legendX + 17}" y="37.5" font-size="12.5" fill="${COLORS.ink}">${escapeXml(series.name)}</text>`,
		);
	}
	parts.push(`<g>${legend.join('')}</g>`);

	// Grid and y axis.
	for (let tick = 0; tick <= top + step / 2; tick += step) {
		const ty = y(tick).toFixed(1);
		parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="${COLORS.grid}" stroke-width="1"/>`);
		parts.push(`<text x="${margin.left - 10}" y="${ty}" dy="4" text-anchor="end" font-size="12" fill="${COLORS.muted}">${escapeXml(format(tick))}</text>`);
	}

	if (values.length === 0 || input.categories.length === 0) {
		parts.push(
			`<text x="${margin.left + plotWidth / 2}" y="${margin.top + plotHeight / 2}" text-anchor="middle" font-size="15" fill="${COLORS.muted}">${escapeXml(input.emptyText ?? 'No data in this period')}</text>`,
		);
	} else {
		const clusterWidth = plotWidth / input.categories.length;
		const inner = clusterWidth * 0.78;
		const barWidth = Math.max(1, inner / input.series.length);
		const rotate = input.categories.length > 8 || input.categories.some((category) => category.length > Math.floor(clusterWidth / 7.5));
		const showValues = barWidth >= 18;
		input.categories.forEach((category, index) => {
			const clusterX = margin.left + clusterWidth * index + (clusterWidth - inner) / 2;
			input.series.forEach((series, position) => {
				const value = series.values[index];
				if (value === null || value === undefined) return;
				const x = clusterX + barWidth * position;
				const barTop = y(value);
				const barHeight = Math.max(value > 0 ? 1 : 0, margin.top + plotHeight - barTop);
				parts.push(
					`<rect x="${(x + 1).toFixed(1)}" y="${(margin.top + plotHeight - barHeight).toFixed(1)}" width="${Math.max(1, barWidth - 2).toFixed(1)}" height="${barHeight.toFixed(1)}" rx="${Math.min(4, barWidth / 4).toFixed(1)}" fill="${series.color}"><title>${escapeXml(`${category} · ${series.name}: ${format(value)}`)}</title></rect>`,
				);
				if (showValues && value > 0) {
					parts.push(
						`<text x="${(x + barWidth / 2).toFixed(1)}" y="${(margin.top + plotHeight - barHeight - 6).toFixed(1)}" text-anchor="middle" font-size="11" fill="${COLORS.ink}">${escapeXml(format(value))}</text>`,
					);
				}
			});
			const labelX = margin.left + clusterWidth * index + clusterWidth / 2;
			const labelY = margin.top + plotHeight + 20;
			const label = escapeXml(truncate(category, rotate ? 18 : 24));
			parts.push(
				rotate
					? `<text x="${labelX.toFixed(1)}" y="${labelY}" text-anchor="end" font-size="12" fill="${COLORS.ink}" transform="rotate(-35 ${labelX.toFixed(1)} ${labelY})">${label}</text>`
					: `<text x="${labelX.toFixed(1)}" y="${labelY}" text-anchor="middle" font-size="12" fill="${COLORS.ink}">${label}</text>`,
			);
		});
	}
	parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="${COLORS.muted}" stroke-width="1"/>`);

	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" role="img" aria-label="${escapeXml(input.title)}">${parts.join('')}</svg>`;
}

const GROUP_NAMES: Record<Report['groupBy'], string> = {
	day: 'day',
	template: 'template',
	campaign: 'campaign',
	phoneNumber: 'phone number',
	agent: 'agent',
	team: 'team',
	total: 'total',
};

/** The period in the report's time zone: `29 Nov 2026 – 1 Dec 2026 (Europe/Berlin)`, end inclusive when it is a midnight. */
export function periodText(report: Report): string {
	const zone = report.period.timeZone;
	const start = DateTime.fromISO(report.period.start, { zone });
	const end = DateTime.fromISO(report.period.end, { zone });
	const wholeDays = start.equals(start.startOf('day')) && end.equals(end.startOf('day'));
	const format = (time: DateTime) => time.toFormat(wholeDays ? 'd LLL yyyy' : 'd LLL yyyy HH:mm');
	const last = wholeDays ? end.minus({ days: 1 }) : end;
	return `${format(start)}${last.toMillis() > start.toMillis() || !wholeDays ? ` – ${format(last)}` : ''} (${zone})`;
}

function chartGroups(report: Report): GroupReport[] {
	return report.groupBy === 'total' ? [report.totals] : report.groups;
}

/** The delivery funnel per group: sent, delivered (incl. read), read, replied within 24 h, failed. */
export function funnelChart(report: Report): string {
	const groups = chartGroups(report);
	const pick = (field: 'sent' | 'delivered' | 'read' | 'replied' | 'failed') => groups.map((group) => group[field]);
	return barChart({
		title: `WhatsApp messages by ${GROUP_NAMES[report.groupBy]}`,
		subtitle: `${periodText(report)} · ${integer(report.totals.sent)} sent, ${percent(report.totals.deliveredRate)} delivered, ${percent(report.totals.readRate)} read, ${percent(report.totals.replyRate)} replied`,
		categories: groups.map((group) => group.group),
		series: [
			{ name: 'Sent', color: COLORS.sent, values: pick('sent') },
			{ name: 'Delivered', color: COLORS.delivered, values: pick('delivered') },
			{ name: 'Read', color: COLORS.read, values: pick('read') },
			{ name: 'Replied ≤ 24 h', color: COLORS.replied, values: pick('replied') },
			{ name: 'Failed', color: COLORS.failed, values: pick('failed') },
		],
		emptyText: 'No messages in this period',
	});
}

export function duration(seconds: number): string {
	if (seconds < 90) return `${Math.round(seconds)} s`;
	if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
	if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(seconds < 36_000 ? 1 : 0)} h`;
	return `${(seconds / 86_400).toFixed(1)} d`;
}

export function percent(value: number | null): string {
	return value === null ? '–' : `${(value * 100).toFixed(value >= 0.995 || value === 0 ? 0 : 1)}%`;
}

/** Median and p90 first-response time per group (business hours when they are set). */
export function responseChart(report: Report): string {
	const groups = chartGroups(report);
	const business = report.totals.firstResponseBusinessHours !== null;
	const summary = (group: GroupReport) => (business ? group.firstResponseBusinessHours! : group.firstResponse);
	const toMinutes = (value: number | null) => (value === null ? null : value / 60);
	return barChart({
		title: `First response time by ${GROUP_NAMES[report.groupBy]}${business ? ' (business hours)' : ''}`,
		subtitle: `${periodText(report)} · median and p90 in minutes · based on ${integer(summary(report.totals).count)} answered conversations`,
		categories: groups.map((group) => `${group.group} (n=${summary(group).count})`),
		series: [
			{ name: 'Median', color: COLORS.median, values: groups.map((group) => toMinutes(summary(group).medianSeconds)) },
			{ name: 'p90', color: COLORS.p90, values: groups.map((group) => toMinutes(summary(group).p90Seconds)) },
		],
		format: (value) => (value >= 10 || value === 0 ? integer(value) : value.toFixed(1)),
		height: 380,
		emptyText: 'No answered conversations in this period',
	});
}
