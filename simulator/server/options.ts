/** Defaults, constants and option resolution. */
/* eslint-disable no-console -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import type { ResolvedOptions, Scope, SimulatorOptions } from './types';

// ---------------------------------------------------------------------------------------------
// Defaults

export const DEFAULTS = {
	accessToken: 'sim-token',
	appSecret: 'sim-app-secret',
	appId: '900000000000001',
	businessAccountId: '102290129340398',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '+1 555-0100',
	verifiedName: 'Lucky Shrub',
} as const;

export const MESSAGING: Scope = 'whatsapp_business_messaging';
export const MANAGEMENT: Scope = 'whatsapp_business_management';
export const WINDOW_MS = 24 * 3600 * 1000;
export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

export const PHONE_DEFAULT_FIELDS = ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'platform_type', 'throughput', 'id'];
export const PROFILE_FIELDS = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical', 'messaging_product'];
export const VERTICALS = [
	'',
	'ALCOHOL',
	'APPAREL',
	'AUTO',
	'BEAUTY',
	'EDU',
	'ENTERTAIN',
	'EVENT_PLAN',
	'FINANCE',
	'GOVT',
	'GROCERY',
	'HEALTH',
	'HOTEL',
	'NONPROFIT',
	'ONLINE_GAMBLING',
	'OTC_DRUGS',
	'OTHER',
	'PHYSICAL_GAMBLING',
	'PROF_SERVICES',
	'RESTAURANT',
	'RETAIL',
	'TRAVEL',
	'UNDEFINED',
	'NOT_A_BIZ',
];

export const MEDIA_TYPES: Record<string, { kind: string; max: number }> = {
	'audio/aac': { kind: 'audio', max: 16 << 20 },
	'audio/amr': { kind: 'audio', max: 16 << 20 },
	'audio/mpeg': { kind: 'audio', max: 16 << 20 },
	'audio/mp4': { kind: 'audio', max: 16 << 20 },
	'audio/ogg': { kind: 'audio', max: 16 << 20 },
	'text/plain': { kind: 'document', max: 100 << 20 },
	'application/pdf': { kind: 'document', max: 100 << 20 },
	'application/msword': { kind: 'document', max: 100 << 20 },
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', max: 100 << 20 },
	'application/vnd.ms-excel': { kind: 'document', max: 100 << 20 },
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', max: 100 << 20 },
	'application/vnd.ms-powerpoint': { kind: 'document', max: 100 << 20 },
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'document', max: 100 << 20 },
	'image/jpeg': { kind: 'image', max: 5 << 20 },
	'image/png': { kind: 'image', max: 5 << 20 },
	'image/webp': { kind: 'sticker', max: 500 << 10 },
	'video/mp4': { kind: 'video', max: 16 << 20 },
	'video/3gpp': { kind: 'video', max: 16 << 20 },
};

/** 1x1 PNG, used for inbound image placeholders and QR PNGs. */
export const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);
/** Smallest valid JPEG-looking bytes (SOI + APP0 + EOI). */
export const TINY_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

export function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
	return {
		port: o.port ?? 0,
		accessToken: o.accessToken ?? DEFAULTS.accessToken,
		tokens: o.tokens ?? {},
		expiredTokens: o.expiredTokens ?? [],
		appSecret: o.appSecret ?? DEFAULTS.appSecret,
		appId: o.appId ?? DEFAULTS.appId,
		businessAccountId: o.businessAccountId ?? DEFAULTS.businessAccountId,
		businessAccountName: o.businessAccountName ?? 'Lucky Shrub',
		phoneNumbers: o.phoneNumbers ?? [
			{ id: DEFAULTS.phoneNumberId, display_phone_number: DEFAULTS.displayPhoneNumber, verified_name: DEFAULTS.verifiedName },
		],
		messagesPerSecond: o.messagesPerSecond ?? 80,
		pairRate: o.pairRate === undefined ? { burst: 45, perSeconds: 6 } : o.pairRate,
		latencyMs: o.latencyMs ?? 0,
		faults: { ...(o.faults ?? {}) },
		webhookUrl: o.webhookUrl,
		statusDelaysMs: { sent: 20, delivered: 40, read: 60, ...(o.statusDelaysMs ?? {}) },
		statuses: o.statuses ?? true,
		readReceipts: o.readReceipts ?? true,
		windowOpenForAll: o.windowOpenForAll ?? false,
		windowErrorMode: o.windowErrorMode ?? 'async',
		seed: o.seed ?? 42,
		templateApprovalDelayMs: o.templateApprovalDelayMs ?? 200,
		identityReviewDelayMs: o.identityReviewDelayMs ?? 200,
		templateInsightsEnabled: o.templateInsightsEnabled ?? true,
		strictMediaIds: o.strictMediaIds ?? true,
		webhookRetry: o.webhookRetry ?? { attempts: 3, backoffMs: 100 },
		escapeSlashes: o.escapeSlashes ?? true,
		maxBodyBytes: o.maxBodyBytes ?? 120 * 1024 * 1024,
		clock: o.clock ?? (() => Date.now()),
		logger: o.logger ?? ((line: string) => console.error(line)),
		verbose: o.verbose ?? false,
		maxRecordedRequests: o.maxRecordedRequests ?? 10000,
	};
}
