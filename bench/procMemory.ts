/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/** Memory of another process from /proc (Linux): current and peak resident set size. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The pid of the n8n process running in `userFolder` (n8n is started with that cwd). */
export function findN8nPid(userFolder: string): number | undefined {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readlinkSync(`/proc/${entry}/cwd`) !== userFolder) continue;
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (/n8n/.test(cmdline) && / ?start\b/.test(cmdline.replace(/\0/g, ' '))) return Number(entry);
		} catch {
			// the process ended or is not ours to read
		}
	}
	return undefined;
}

/** `VmRSS` and `VmHWM` (peak RSS since start) in MiB. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
	return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
}

/** User + system CPU the process has used since it started, in ms (from /proc/<pid>/stat). */
export function cpuMsOf(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after "pid (comm) ": state is the first; utime and stime are the 12th and 13th, in
	// clock ticks (100 per second on every common kernel).
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Samples RSS every `everyMs` until stopped; returns the highest sample. */
export function sampleMemory(pid: number, everyMs = 200): { stop(): number } {
	let peak = memoryOf(pid).rssMiB;
	const timer = setInterval(() => {
		try {
			peak = Math.max(peak, memoryOf(pid).rssMiB);
		} catch {
			// process gone
		}
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			return peak;
		},
	};
}
