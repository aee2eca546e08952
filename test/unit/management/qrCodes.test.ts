import { buildQrCodeCreate, buildQrCodeUpdate, qrCodeId, qrImageFileName, readQrCodes } from '../../../whatsapp/qrCodes';
import { validationErrorOf } from './helpers';

describe('QR codes (facts §11)', () => {
	it('builds the create body', () => {
		expect(buildQrCodeCreate({ prefilledMessage: 'Cyber Monday', imageFormat: 'svg' })).toEqual({ prefilled_message: 'Cyber Monday', generate_qr_image: 'SVG' });
	});

	it('builds the update body, accepting a wa.me link as the code', () => {
		expect(buildQrCodeUpdate({ code: 'https://wa.me/message/4O4YGZEG3RIVE1', prefilledMessage: 'Cyber Tuesday' })).toEqual({
			code: '4O4YGZEG3RIVE1',
			prefilled_message: 'Cyber Tuesday',
		});
	});

	it('limits the prefilled message to 140 characters and requires it', () => {
		expect(buildQrCodeCreate({ prefilledMessage: 'x'.repeat(140), imageFormat: 'PNG' }).prefilled_message).toHaveLength(140);
		const error = validationErrorOf(() => buildQrCodeCreate({ prefilledMessage: 'x'.repeat(141), imageFormat: 'PNG' }));
		expect(error.field).toBe('Prefilled Message');
		expect(error.message).toBe('Prefilled Message is 141 characters long; WhatsApp allows at most 140');
		expect(validationErrorOf(() => buildQrCodeCreate({ prefilledMessage: ' ', imageFormat: 'PNG' })).message).toBe('Prefilled Message is required');
	});

	it('accepts only PNG and SVG', () => {
		const error = validationErrorOf(() => buildQrCodeCreate({ prefilledMessage: 'Hi', imageFormat: 'JPG' }));
		expect(error.field).toBe('Image Format');
		expect(error.message).toContain('"JPG"');
	});

	it('refuses codes that are not codes', () => {
		expect(validationErrorOf(() => qrCodeId('not a code!')).field).toBe('QR Code');
		expect(validationErrorOf(() => qrCodeId('')).message).toBe('QR Code is required');
	});

	it('reads list and single answers into camelCase', () => {
		const raw = { code: '4O4YGZEG3RIVE1', prefilled_message: 'Cyber Monday', deep_link_url: 'https://wa.me/message/4O4YGZEG3RIVE1', qr_image_url: 'https://scontent.example/qr.svg' };
		const expected = { code: '4O4YGZEG3RIVE1', prefilledMessage: 'Cyber Monday', deepLinkUrl: 'https://wa.me/message/4O4YGZEG3RIVE1', qrImageUrl: 'https://scontent.example/qr.svg' };
		expect(readQrCodes({ data: [raw] })).toEqual([expected]);
		expect(readQrCodes(raw)).toEqual([expected]);
		expect(readQrCodes({ data: [] })).toEqual([]);
	});

	it('names image files by code and format', () => {
		expect(qrImageFileName('ABC', 'PNG')).toBe('qr-ABC.png');
		expect(qrImageFileName('ABC', 'SVG')).toBe('qr-ABC.svg');
	});
});
