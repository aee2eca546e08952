import { buildSendBody } from '../../../whatsapp/messages/envelope';
import { buildMedia } from '../../../whatsapp/messages/media';
import { checkMediaFile, formatBytes, isAnimatedWebp, normalizeMimeType } from '../../../whatsapp/media';
import { repeat, validationError } from './helpers';

describe('buildMedia (facts §2.3)', () => {
	it('builds an image by ID with caption, as in Meta’s example', () => {
		const body = buildSendBody(buildMedia({ kind: 'image', id: '300000000000003', caption: 'Our best seller' }), { to: '+15551234567' });
		expect(body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15551234567',
			type: 'image',
			image: { id: '300000000000003', caption: 'Our best seller' },
		});
	});

	it('builds a document by link with caption and filename', () => {
		expect(buildMedia({ kind: 'document', link: 'https://example.com/invoice.pdf', caption: 'Invoice', filename: 'invoice-42.pdf' })).toEqual({
			type: 'document',
			document: { link: 'https://example.com/invoice.pdf', caption: 'Invoice', filename: 'invoice-42.pdf' },
		});
	});

	it('builds a voice audio and a plain audio', () => {
		expect(buildMedia({ kind: 'audio', id: '300000000000004', voice: true })).toEqual({ type: 'audio', audio: { id: '300000000000004', voice: true } });
		expect(buildMedia({ kind: 'audio', id: '300000000000004', voice: false })).toEqual({ type: 'audio', audio: { id: '300000000000004' } });
	});

	it('builds video and sticker, ignoring empty optional fields', () => {
		expect(buildMedia({ kind: 'video', link: 'http://example.com/a.mp4', caption: '' })).toEqual({ type: 'video', video: { link: 'http://example.com/a.mp4' } });
		expect(buildMedia({ kind: 'sticker', id: ' 42 ', caption: '  ', filename: '' })).toEqual({ type: 'sticker', sticker: { id: '42' } });
	});

	it('accepts a caption of exactly 1024 and rejects 1025, naming the field and both numbers', () => {
		expect(buildMedia({ kind: 'image', id: '1', caption: repeat(1024) })).toBeDefined();
		const error = validationError(() => buildMedia({ kind: 'image', id: '1', caption: repeat(1025) }));
		expect(error.field).toBe('Caption');
		expect(error.message).toBe('Caption is 1025 characters long; WhatsApp allows at most 1024');
	});

	it('counts emoji as one character each', () => {
		expect(buildMedia({ kind: 'video', id: '1', caption: repeat(1024, '😀') })).toBeDefined();
	});

	it.each([
		[{ kind: 'image' as const }, 'Media ID', 'needs a Media ID'],
		[{ kind: 'image' as const, id: '1', link: 'https://e.com/a.jpg' }, 'Media ID', 'not both'],
		[{ kind: 'image' as const, id: 'wamid.ABC' }, 'Media ID', 'is not a media ID'],
		[{ kind: 'image' as const, link: 'ftp://e.com/a.jpg' }, 'Media URL', 'not a public http(s) URL'],
		[{ kind: 'image' as const, link: 'example.com/a.jpg' }, 'Media URL', 'not a public http(s) URL'],
		[{ kind: 'audio' as const, id: '1', caption: 'x' }, 'Caption', 'cannot have a caption'],
		[{ kind: 'sticker' as const, id: '1', caption: 'x' }, 'Caption', 'cannot have a caption'],
		[{ kind: 'image' as const, id: '1', filename: 'a.jpg' }, 'File Name', 'Only a document'],
		[{ kind: 'video' as const, id: '1', voice: true }, 'Voice Message', 'Only audio'],
		[{ kind: 'gif' as never, id: '1' }, 'Media Type', 'is not one of'],
	])('rejects %j', (input, field, text) => {
		const error = validationError(() => buildMedia(input));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});
});

describe('checkMediaFile (facts §3 table)', () => {
	const file = (mimeType: string, size: number, animated?: boolean) => ({ label: 'Binary property "data"', field: 'Input Binary Field', mimeType, size, animated });

	it('accepts every documented MIME type at its size limit', () => {
		expect(checkMediaFile('image', file('image/jpeg', 5 * 1024 * 1024))).toBe('image/jpeg');
		expect(checkMediaFile('image', file('image/png', 10))).toBe('image/png');
		expect(checkMediaFile('video', file('video/3gpp', 16 * 1024 * 1024))).toBe('video/3gpp');
		expect(checkMediaFile('audio', file('audio/ogg; codecs=opus', 10))).toBe('audio/ogg');
		for (const type of ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4']) expect(checkMediaFile('audio', file(type, 10))).toBe(type);
		expect(checkMediaFile('document', file('application/pdf', 100 * 1024 * 1024))).toBe('application/pdf');
		expect(checkMediaFile('document', file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 1))).toBeDefined();
		expect(checkMediaFile('sticker', file('image/webp', 100 * 1024))).toBe('image/webp');
		expect(checkMediaFile('sticker', file('image/webp', 500 * 1024, true))).toBe('image/webp');
	});

	it('canonicalises aliases', () => {
		expect(normalizeMimeType('IMAGE/JPG')).toBe('image/jpeg');
		expect(checkMediaFile('audio', file('audio/mp3', 10))).toBe('audio/mpeg');
	});

	it('rejects a wrong type naming the binary property, its type, size and the allowed types', () => {
		const error = validationError(() => checkMediaFile('image', file('image/gif', 2048)));
		expect(error.field).toBe('Input Binary Field');
		expect(error.message).toBe('Binary property "data" is image/gif (2 KB); a WhatsApp image must be one of: image/jpeg, image/png');
	});

	it.each([
		['image', 'image/png', 5 * 1024 * 1024 + 1, 'at most 5 MB for an image'],
		['video', 'video/mp4', 16 * 1024 * 1024 + 1, 'at most 16 MB for a video'],
		['audio', 'audio/aac', 17 * 1024 * 1024, 'at most 16 MB for an audio file'],
		['document', 'text/plain', 101 * 1024 * 1024, 'at most 100 MB for a document'],
		['sticker', 'image/webp', 100 * 1024 + 1, 'at most 100 KB for a static sticker'],
	] as const)('rejects a %s over its limit', (kind, mimeType, size, text) => {
		const error = validationError(() => checkMediaFile(kind, file(mimeType, size)));
		expect(error.message).toContain(`Binary property "data" is ${mimeType} (${formatBytes(size)})`);
		expect(error.message).toContain(text);
	});

	it('allows 500 KB for an animated sticker but not more', () => {
		const error = validationError(() => checkMediaFile('sticker', file('image/webp', 500 * 1024 + 1, true)));
		expect(error.message).toContain('at most 500 KB for an animated sticker');
	});

	it('insists on OGG for a voice message', () => {
		const error = validationError(() => checkMediaFile('audio', file('audio/mpeg', 10), { voice: true }));
		expect(error.message).toContain('a voice message must be audio/ogg');
		expect(checkMediaFile('audio', file('audio/ogg', 10), { voice: true })).toBe('audio/ogg');
	});

	it('rejects an empty file and an unknown type', () => {
		expect(validationError(() => checkMediaFile('image', file('image/png', 0))).message).toContain('is empty');
		expect(validationError(() => checkMediaFile('image', file('', 3))).message).toContain('is of unknown type (3 bytes)');
	});

	it('detects animated WebP from the VP8X flags', () => {
		const header = (flags: number) => {
			const data = Buffer.alloc(30);
			data.write('RIFF', 0, 'ascii');
			data.write('WEBP', 8, 'ascii');
			data.write('VP8X', 12, 'ascii');
			data[20] = flags;
			return data;
		};
		expect(isAnimatedWebp(header(0x02))).toBe(true);
		expect(isAnimatedWebp(header(0x10))).toBe(false);
		expect(isAnimatedWebp(Buffer.from('RIFF....WEBPVP8 ........'))).toBe(false);
		expect(isAnimatedWebp(Buffer.alloc(5))).toBe(false);
	});
});
