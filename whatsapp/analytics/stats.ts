/** Distribution summaries the report gives for every duration: median, p90 and the count they rest on. */

export interface DurationSummary {
	/** How many values the median and p90 are computed from. */
	count: number;
	medianSeconds: number | null;
	p90Seconds: number | null;
	averageSeconds: number | null;
}

/**
 * The p-th percentile (0–100) by linear interpolation between closest ranks (the "R-7" rule of
 * spreadsheets' PERCENTILE.INC and numpy's default): rank h = (n − 1)·p/100, then interpolate
 * between the values at floor(h) and ceil(h). Undefined for an empty list.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
	if (values.length === 0) return undefined;
	if (p < 0 || p > 100 || !Number.isFinite(p)) throw new RangeError(`percentile ${p} is not between 0 and 100`);
	const sorted = [...values].sort((a, b) => a - b);
	const rank = ((sorted.length - 1) * p) / 100;
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

function rounded(value: number | undefined): number | null {
	return value === undefined ? null : Math.round(value * 10) / 10;
}

export function summarize(values: readonly number[]): DurationSummary {
	const average = values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
	return {
		count: values.length,
		medianSeconds: rounded(percentile(values, 50)),
		p90Seconds: rounded(percentile(values, 90)),
		averageSeconds: rounded(average),
	};
}

/** A share as a fraction rounded to 4 decimals, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
	return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}
