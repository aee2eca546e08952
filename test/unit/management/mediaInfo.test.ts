import { downloadFileName, extensionFor, fileNameFromDisposition, mediaId, mediaKindOf, readMediaInfo } from '../../../whatsapp/mediaInfo';
import { validationErrorOf } from './helpers';

describe('media info (facts §3)', () => {
	it('reads Meta’s media object, with file_size as string or number', () => {
		const raw = { messaging_product: 'whatsapp', url: 'https://lookaside.fbsbx.com/x', mime_type: 'image/jpeg', sha256: 'ab12', file_size: '303833', id: '1037543291543636' };
		expect(readMediaInfo(raw)).toEqual({ id: '1037543291543636', url: 'https://lookaside.fbsbx.com/x', mimeType: 'image/jpeg', sha256: 'ab12', fileSize: 303833 });
		expect(readMediaInfo({ id: '1', file_size: 12 }).fileSize).toBe(12);
	});

	it('accepts numeric media IDs only', () => {
		expect(mediaId(' 1037543291543636 ')).toBe('1037543291543636');
		expect(validationErrorOf(() => mediaId('')).field).toBe('Media ID');
		expect(validationErrorOf(() => mediaId('../me')).message).toContain('"../me" is not a media ID');
	});

	it('finds the media kind of a MIME type, WebP being a sticker', () => {
		expect(mediaKindOf('image/png', 'Input Binary Field')).toBe('image');
		expect(mediaKindOf('image/jpg', 'Input Binary Field')).toBe('image');
		expect(mediaKindOf('image/webp', 'Input Binary Field')).toBe('sticker');
		expect(mediaKindOf('application/pdf', 'Input Binary Field')).toBe('document');
		expect(mediaKindOf('audio/ogg; codecs=opus', 'Input Binary Field')).toBe('audio');
		const error = validationErrorOf(() => mediaKindOf('image/gif', 'Input Binary Field'));
		expect(error.field).toBe('Input Binary Field');
		expect(error.message).toContain('is image/gif; WhatsApp accepts image/jpeg, image/png');
	});

	it('maps MIME types to extensions', () => {
		expect(extensionFor('image/jpeg')).toBe('jpg');
		expect(extensionFor('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('xlsx');
		expect(extensionFor('application/x-unknown')).toBe('bin');
	});

	it('reads file names from Content-Disposition', () => {
		expect(fileNameFromDisposition('attachment; filename="invoice 42.pdf"')).toBe('invoice 42.pdf');
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")).toBe('résumé.pdf');
		expect(fileNameFromDisposition('inline; filename=../../etc/passwd')).toBe('passwd');
		expect(fileNameFromDisposition(undefined)).toBeUndefined();
	});

	it('names downloads: requested, then the server’s, then the media ID', () => {
		expect(downloadFileName({ mediaId: '1', mimeType: 'application/pdf', requested: 'invoice' })).toBe('invoice.pdf');
		expect(downloadFileName({ mediaId: '1', mimeType: 'application/pdf', disposition: 'attachment; filename="a.pdf"' })).toBe('a.pdf');
		expect(downloadFileName({ mediaId: '1037543291543636', mimeType: 'image/png' })).toBe('1037543291543636.png');
	});
});
