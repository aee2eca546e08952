import { buildMediaUploadForm, buildMultipart } from '../../../whatsapp/multipart';

describe('buildMultipart', () => {
	it('writes text fields and a file as RFC 7578 form data', () => {
		const file = Buffer.from([0xff, 0xd8, 0x00, 0x0d, 0x0a, 0xff]);
		const { body, contentType } = buildMultipart(
			[
				{ name: 'messaging_product', text: 'whatsapp' },
				{ name: 'type', text: 'image/jpeg' },
				{ name: 'file', filename: 'photo "1".jpg', contentType: 'image/jpeg', data: file },
			],
			'XyZ',
		);
		expect(contentType).toBe('multipart/form-data; boundary=XyZ');
		const expected = Buffer.concat([
			Buffer.from(
				'--XyZ\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n' +
					'--XyZ\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/jpeg\r\n' +
					'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="photo %221%22.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
			),
			file,
			Buffer.from('\r\n--XyZ--\r\n'),
		]);
		expect(body.equals(expected)).toBe(true);
	});

	it('picks a random boundary that does not occur in the file', () => {
		const first = buildMultipart([{ name: 'a', text: 'b' }]);
		const second = buildMultipart([{ name: 'a', text: 'b' }]);
		expect(first.contentType).toMatch(/^multipart\/form-data; boundary=----WhatsAppBusinessPlatform[0-9a-f]{32}$/);
		expect(first.contentType).not.toBe(second.contentType);
	});

	it('builds the media upload form Meta documents', () => {
		const { body } = buildMediaUploadForm({ data: Buffer.from('PNG'), mimeType: 'image/png', fileName: 'a.png' }, 'B');
		expect(body.toString('utf8')).toBe(
			'--B\r\nContent-Disposition: form-data; name="messaging_product"\r\n\r\nwhatsapp\r\n' +
				'--B\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/png\r\n' +
				'--B\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--B--\r\n',
		);
	});
});
