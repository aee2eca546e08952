/** Media upload, lookup, download and the resumable upload API. */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { param100, unsupportedRequest, waError } from '../errors';
import { numericId } from '../util';
import type { SimulatorCore } from './core';
import { MEDIA_TYPES, MEDIA_URL_TTL_MS, MESSAGING, TINY_PNG } from './options';
import type { MediaRecord, PhoneState, Reply, RequestContext } from './types';

export async function uploadMedia(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState): Promise<Reply> {
	sim.requireScope(ctx, MESSAGING);
	if (!ctx.contentType.includes('multipart/form-data')) {
		if (ctx.params.messaging_product === undefined) throw param100('The parameter messaging_product is required.');
		throw param100('The parameter file is required.');
	}
	if (!ctx.multipart) throw param100('Invalid multipart body: the request could not be parsed as multipart/form-data.');
	if (ctx.params.messaging_product === undefined) throw param100('The parameter messaging_product is required.');
	if (ctx.params.messaging_product !== 'whatsapp') throw param100(`Param messaging_product must be one of {WHATSAPP} - got "${String(ctx.params.messaging_product)}".`);
	const file = ctx.multipart.find((p) => p.name === 'file' && p.filename !== undefined) ?? ctx.multipart.find((p) => p.name === 'file');
	if (!file) throw param100('The parameter file is required.');
	const declared = typeof ctx.params.type === 'string' ? ctx.params.type : file.contentType;
	const mime = (declared ?? '').split(';')[0].trim().toLowerCase();
	const spec = MEDIA_TYPES[mime];
	if (!spec) {
		throw param100(`Param file must be a file with one of the following types: ${Object.keys(MEDIA_TYPES).join(', ')}. Received file of type '${mime || 'unknown'}'.`);
	}
	if (file.contentType && file.contentType.split(';')[0].trim().toLowerCase() !== mime && file.contentType !== 'application/octet-stream') {
		throw waError(131053, `The declared type '${mime}' does not match the file's type '${file.contentType}'.`);
	}
	if (file.data.length === 0) throw waError(131053, 'The uploaded file is empty.');
	if (file.data.length > spec.max) throw waError(131053, `File size ${file.data.length} bytes exceeds the ${spec.max} byte limit for ${mime}.`);
	const record = storeMedia(sim, mime, file.data, phone.config.id, file.filename);
	return { status: 200, json: { id: record.id } };
}

export function storeMedia(sim: SimulatorCore, mimeType: string, bytes: Buffer, phoneNumberId?: string, filename?: string): MediaRecord {
	const record: MediaRecord = {
		id: numericId('1'),
		phoneNumberId,
		mimeType,
		bytes,
		sha256Hex: createHash('sha256').update(bytes).digest('hex'),
		createdAt: sim.now(),
		filename,
	};
	sim.media.set(record.id, record);
	return record;
}

export function mediaUrl(sim: SimulatorCore, media: MediaRecord): string {
	const ext = Math.floor((sim.now() + MEDIA_URL_TTL_MS) / 1000);
	const hash = createHmac('sha256', sim.options.appSecret).update(`${media.id}:${ext}`).digest('hex').slice(0, 24);
	return `${sim.url}/whatsapp_business/attachments/?mid=${media.id}&ext=${ext}&hash=${hash}`;
}

export function download(sim: SimulatorCore, query: Record<string, string>, req: IncomingMessage): Reply {
	const header = String(req.headers.authorization ?? '');
	const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1];
	const valid = token !== undefined && (token === sim.options.accessToken || (sim.options.tokens[token] ?? []).includes(MESSAGING));
	if (!valid) return { status: 401, raw: Buffer.from('Unauthorized'), contentType: 'text/plain' };
	const media = sim.media.get(query.mid ?? '');
	const ext = Number(query.ext);
	const expected = media ? createHmac('sha256', sim.options.appSecret).update(`${media.id}:${query.ext}`).digest('hex').slice(0, 24) : '';
	if (!media || query.hash !== expected || !Number.isFinite(ext) || ext * 1000 < sim.now()) {
		return { status: 404, raw: Buffer.from('Not Found'), contentType: 'text/plain' };
	}
	return {
		status: 200,
		raw: media.bytes,
		contentType: media.mimeType,
		headers: { 'Content-Disposition': `inline;filename=${media.filename ?? media.id}` },
	};
}

export function asset(sim: SimulatorCore, pathname: string): Reply {
	const qr = /^\/sim-assets\/qr\/([A-Z0-9]+)\.(svg|png)$/.exec(pathname);
	if (qr) {
		for (const phone of sim.phones.values()) {
			const code = phone.qrCodes.get(qr[1]);
			if (!code) continue;
			if (qr[2] === 'png') return { status: 200, raw: TINY_PNG, contentType: 'image/png' };
			const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256"><rect width="256" height="256" fill="#fff"/><rect x="16" y="16" width="64" height="64" fill="#000"/><rect x="176" y="16" width="64" height="64" fill="#000"/><rect x="16" y="176" width="64" height="64" fill="#000"/><text x="128" y="136" font-size="14" text-anchor="middle">${code.code}</text></svg>`;
			return { status: 200, raw: Buffer.from(svg), contentType: 'image/svg+xml' };
		}
	}
	if (/^\/sim-assets\/profile-\d+\.png$/.test(pathname)) return { status: 200, raw: TINY_PNG, contentType: 'image/png' };
	return { status: 404, raw: Buffer.from('Not Found'), contentType: 'text/plain' };
}

export function createUpload(sim: SimulatorCore, ctx: RequestContext): Reply {
	const p = ctx.params;
	const fileLength = Number(p.file_length);
	if (!p.file_length || !Number.isInteger(fileLength) || fileLength <= 0) throw param100('The parameter file_length is required.', false);
	const fileType = String(p.file_type ?? '');
	if (!['image/jpeg', 'image/png', 'image/jpg', 'video/mp4', 'application/pdf'].includes(fileType)) {
		throw param100(`Param file_type must be one of {application/pdf, image/jpeg, image/jpg, image/png, video/mp4} - got "${fileType}".`, false);
	}
	const id = `upload:${Buffer.from(`${numericId('7')}:${fileType}`).toString('base64url')}`;
	sim.uploads.set(id, { id, fileName: String(p.file_name ?? 'file'), fileLength, fileType, received: Buffer.alloc(0) });
	return { status: 200, json: { id: `${id}?sig=${randomBytes(12).toString('base64url')}` } };
}

export function uploadChunk(sim: SimulatorCore, ctx: RequestContext, id: string): Reply {
	const session = sim.uploads.get(id);
	if (!session) throw unsupportedRequest('post', id);
	const offset = Number(ctx.headers.file_offset ?? ctx.headers['file-offset'] ?? 0);
	if (offset !== session.received.length) {
		throw param100(`Param file_offset must be ${session.received.length} - got ${offset}.`, false);
	}
	session.received = Buffer.concat([session.received, ctx.rawBody]);
	if (session.received.length > session.fileLength) throw param100('The uploaded data is longer than file_length.', false);
	if (session.received.length < session.fileLength) return { status: 200, json: { id, file_offset: session.received.length } };
	session.handle = `4::${Buffer.from(session.fileType).toString('base64')}:${randomBytes(24).toString('base64url')}`;
	sim.uploadHandles.add(session.handle);
	return { status: 200, json: { h: session.handle } };
}
