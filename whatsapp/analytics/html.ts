/**
 * The HTML report: one self-contained page (inline CSS and SVG, no scripts, no external requests),
 * readable in n8n's binary viewer and as an e-mail attachment.
 */
import { duration, escapeXml, funnelChart, percent, periodText, responseChart } from './chart';
import type { Discrepancy } from './compare';
import type { DurationSummary } from './stats';
import type { GroupReport, Report } from './report';

const STYLE = `
body{margin:0;background:#F0F2F5;color:#111B21;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:28px 20px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.muted{color:#667781}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin:20px 0}
.card{background:#fff;border-radius:12px;padding:14px 16px;box-shadow:0 1px 2px rgba(11,20,26,.08)}
.card b{display:block;font-size:22px;margin-top:2px}.card span{color:#667781;font-size:12.5px}
.panel{background:#fff;border-radius:12px;box-shadow:0 1px 2px rgba(11,20,26,.08);overflow:hidden;margin-bottom:16px}
.panel svg{display:block;width:100%;height:auto}
table{width:100%;border-collapse:collapse;background:#fff;font-size:13px}
th,td{padding:7px 10px;text-align:right;border-bottom:1px solid #E9EDEF;white-space:nowrap}
th:first-child,td:first-child{text-align:left}th{background:#F7F8FA;font-weight:600;color:#3B4A54}
td.wrap{white-space:normal;text-align:left}
.warn{background:#FFF4E5;border-left:4px solid #F59E0B;padding:10px 14px;border-radius:8px;margin:8px 0}
.ok{background:#E7F8EE;border-left:4px solid #25D366;padding:10px 14px;border-radius:8px;margin:8px 0}
`;

function integer(value: number): string {
	return value.toLocaleString('en-US');
}

function money(value: number | null, currency: string, digits = 4): string {
	if (value === null) return '–';
	return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits })}${currency ? ` ${escapeXml(currency)}` : ''}`;
}

function time(summary: DurationSummary | null, field: 'medianSeconds' | 'p90Seconds'): string {
	const value = summary?.[field];
	return value === null || value === undefined ? '–' : duration(value);
}

function card(label: string, value: string, note = ''): string {
	return `<div class="card"><span>${escapeXml(label)}</span><b>${value}</b>${note ? `<span>${note}</span>` : ''}</div>`;
}

function groupTable(report: Report): string {
	const rows = (report.groupBy === 'total' ? [] : report.groups).concat([report.totals]);
	const business = report.totals.firstResponseBusinessHours !== null;
	const head = [
		'Group',
		'Sent',
		'Delivered',
		'Read',
		'Replied ≤ 24 h',
		'Failed',
		'Opted out',
		'Conversations',
		'First response median / p90 (n)',
		...(business ? ['In business hours'] : []),
		'Resolution median / p90 (n)',
		'Billable',
		'Est. cost',
	];
	const line = (group: GroupReport) =>
		`<tr><td>${escapeXml(group.group === 'total' ? 'Total' : group.group)}</td><td>${integer(group.sent)}</td><td>${integer(group.delivered)} <span class="muted">${percent(group.deliveredRate)}</span></td><td>${integer(group.read)} <span class="muted">${percent(group.readRate)}</span></td><td>${integer(group.replied)} <span class="muted">${percent(group.replyRate)}</span></td><td>${integer(group.failed)}</td><td>${integer(group.optedOut)}</td><td>${integer(group.conversations)}</td><td>${time(group.firstResponse, 'medianSeconds')} / ${time(group.firstResponse, 'p90Seconds')} (${group.firstResponse.count})</td>${
			business
				? `<td>${time(group.firstResponseBusinessHours, 'medianSeconds')} / ${time(group.firstResponseBusinessHours, 'p90Seconds')} (${group.firstResponseBusinessHours?.count ?? 0})</td>`
				: ''
		}<td>${time(group.resolution, 'medianSeconds')} / ${time(group.resolution, 'p90Seconds')} (${group.resolution.count})</td><td>${integer(group.billable)}</td><td>${money(group.estimatedCost, group.currency)}</td></tr>`;
	return `<div class="panel" style="overflow-x:auto"><table><thead><tr>${head.map((cell) => `<th>${escapeXml(cell)}</th>`).join('')}</tr></thead><tbody>${rows.map(line).join('')}</tbody></table></div>`;
}

function failureTable(totals: GroupReport): string {
	if (totals.failures.length === 0) return '<p class="muted">No failed messages in this period.</p>';
	return `<div class="panel"><table><thead><tr><th>Code</th><th>Count</th><th style="text-align:left">Meta's title</th><th style="text-align:left">What to do</th></tr></thead><tbody>${totals.failures
		.map(
			(failure) =>
				`<tr><td>${failure.code || '–'}</td><td>${integer(failure.count)}</td><td class="wrap">${escapeXml(failure.title || '–')}</td><td class="wrap">${escapeXml(failure.hint)}</td></tr>`,
		)
		.join('')}</tbody></table></div>`;
}

function costTable(totals: GroupReport): string {
	const categories = Object.keys(totals.billableByCategory).sort();
	if (categories.length === 0) return '<p class="muted">No billable messages in this period.</p>';
	const unpriced = totals.unpricedBillable > 0 ? `<p class="warn">${integer(totals.unpricedBillable)} billable messages have no price in the rate table and are not in the estimate.</p>` : '';
	return `<div class="panel"><table><thead><tr><th>Pricing category</th><th>Billable messages</th><th>Estimated cost</th></tr></thead><tbody>${categories
		.map(
			(category) =>
				`<tr><td>${escapeXml(category)}</td><td>${integer(totals.billableByCategory[category])}</td><td>${totals.estimatedCost === null ? '–' : money(totals.costByCategory[category] ?? 0, totals.currency)}</td></tr>`,
		)
		.join('')}</tbody></table></div>${unpriced}`;
}

function comparison(discrepancies: readonly Discrepancy[] | undefined): string {
	if (!discrepancies) return '';
	const disagreeing = discrepancies.filter((entry) => !entry.agrees);
	const rows = discrepancies
		.map(
			(entry) =>
				`<tr><td>${escapeXml(entry.metric)}${entry.category ? ` (${escapeXml(entry.category)})` : ''}</td><td>${integer(entry.log)}</td><td>${integer(entry.meta)}</td><td>${entry.difference > 0 ? '+' : ''}${integer(entry.difference)}</td><td class="wrap">${escapeXml(entry.note)}</td></tr>`,
		)
		.join('');
	const banner =
		disagreeing.length === 0
			? '<p class="ok">Meta’s analytics agree with the log.</p>'
			: `<p class="warn">Meta’s analytics disagree with the log on ${disagreeing.length} of ${discrepancies.length} figures.</p>`;
	return `<h2>Log versus Meta’s analytics</h2>${banner}<div class="panel"><table><thead><tr><th>Figure</th><th>Log</th><th>Meta</th><th>Log − Meta</th><th style="text-align:left">Why they may differ</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function htmlReport(report: Report, options: { title?: string; discrepancies?: readonly Discrepancy[]; generatedAt?: Date } = {}): string {
	const totals = report.totals;
	const business = totals.firstResponseBusinessHours !== null;
	const title = options.title ?? 'WhatsApp messaging report';
	const responseSummary = business ? totals.firstResponseBusinessHours : totals.firstResponse;
	const cards = [
		card('Sent', integer(totals.sent), `${integer(totals.failed)} failed`),
		card('Delivered', percent(totals.deliveredRate), `${integer(totals.delivered)} messages`),
		card('Read', percent(totals.readRate), `${integer(totals.read)} messages`),
		card('Replied within 24 h', percent(totals.replyRate), `${integer(totals.replied)} messages`),
		card('Opted out after', integer(totals.optedOut), percent(totals.optOutRate)),
		card(`First response${business ? ' (business h)' : ''}`, time(responseSummary, 'medianSeconds'), `median · p90 ${time(responseSummary, 'p90Seconds')} · n=${responseSummary?.count ?? 0}`),
		card('Resolution', time(totals.resolution, 'medianSeconds'), `median · p90 ${time(totals.resolution, 'p90Seconds')} · n=${totals.resolution.count}`),
		card('Estimated cost', money(totals.estimatedCost, totals.currency, 2), `${integer(totals.billable)} billable`),
	];
	if (totals.firstResponseWithinTarget !== null) cards.push(card('Answered within target', percent(totals.firstResponseWithinTarget), `of ${integer(totals.responded)} answered`));
	const generated = (options.generatedAt ?? new Date()).toISOString().slice(0, 16).replace('T', ' ');
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeXml(title)}</title><style>${STYLE}</style></head><body><main>
<h1>${escapeXml(title)}</h1>
<div class="muted">${escapeXml(periodText(report))} · generated ${generated} UTC</div>
<div class="cards">${cards.join('')}</div>
<div class="panel">${funnelChart(report)}</div>
<div class="panel">${responseChart(report)}</div>
<h2>By ${escapeXml(report.groupBy === 'phoneNumber' ? 'phone number' : report.groupBy)}</h2>${groupTable(report)}
<h2>Failures by reason</h2>${failureTable(totals)}
<h2>Billable messages and estimated cost</h2>${costTable(totals)}
${comparison(options.discrepancies)}
<p class="muted">Delivered counts read messages too (Meta may skip the delivered status). Replied: the customer wrote within 24 hours after the message. Times are measured from the customer's first message to the first message a person sent, and to the resolution; median, p90 and the number of conversations they are based on.</p>
</main></body></html>`;
}
