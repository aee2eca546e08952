/*
 * The simulator's chat page: you are the customer. Polls GET /__sim/chat/state and draws the
 * conversation as WhatsApp shows it; customer actions go to POST /__sim/chat/send, which posts the
 * signed webhook Meta would send. Plain browser JS, no build step, no external requests.
 */
'use strict';

const $ = (selector) => document.querySelector(selector);
const ui = { data: null, active: null, tab: 'traffic', signature: '', openTraffic: new Set(), replay: null };
const TIME_ZONES = ['UTC', 'Europe/Madrid', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Singapore', 'Australia/Sydney'];
const COLORS = ['#6bcbef', '#f4a261', '#9b8ef5', '#e76f51', '#2a9d8f', '#e9c46a', '#ef6f9a'];

async function api(method, path, body) {
	const response = await fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const json = await response.json().catch(() => ({}));
	if (!response.ok) throw new Error(json.error || `${method} ${path}: HTTP ${response.status}`);
	return json;
}

function el(tag, attrs, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(attrs || {})) {
		if (value === undefined || value === null || value === false) continue;
		if (key === 'class') node.className = value;
		else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
		else node.setAttribute(key, value === true ? '' : value);
	}
	for (const child of children.flat()) {
		if (child === undefined || child === null || child === false) continue;
		node.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return node;
}

/** WhatsApp formatting: *bold* _italic_ ~strike~ ```mono``` and `inline code`, on escaped text. */
function formatted(text) {
	const span = el('span');
	const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	let html = escape(String(text ?? ''));
	html = html.replace(/```([\s\S]+?)```/g, '<span class="mono">$1</span>');
	html = html.replace(/`([^`\n]+)`/g, '<code>$1</code>');
	html = html.replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,!?:;])/g, '$1<b>$2</b>');
	html = html.replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?:;])/g, '$1<i>$2</i>');
	html = html.replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,!?:;])/g, '$1<s>$2</s>');
	span.innerHTML = html;
	return span;
}

/** The country as a small code badge (emoji flags need a font the machine may not have). */
function flag(country) {
	return /^[A-Z]{2}$/.test(country || '') ? country : '';
}

function initials(name) {
	return String(name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0].toUpperCase()).join('') || '?';
}

function hhmm(ms) {
	const tz = ui.data?.clock?.timeZone || 'UTC';
	return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(ms));
}

function dayLabel(ms) {
	const tz = ui.data?.clock?.timeZone || 'UTC';
	return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: tz }).format(new Date(ms));
}

function fill(text, params) {
	return String(text ?? '').replace(/\{\{\s*([\w]+)\s*\}\}/g, (match, key) => {
		const index = Number(key) - 1;
		const param = Number.isInteger(index) && params[index] !== undefined ? params[index] : params.find((p) => p.parameter_name === key);
		if (!param) return match;
		if (param.type === 'currency') return param.currency?.fallback_value ?? '';
		if (param.type === 'date_time') return param.date_time?.fallback_value ?? '';
		return param.text ?? param.payload ?? '';
	});
}

// --- customer actions ---------------------------------------------------------------------------

async function customerSend(input) {
	if (!ui.active) return;
	try {
		await api('POST', '/__sim/chat/send', { waId: ui.active, input });
		await refresh();
	} catch (error) {
		showSystemError(error.message);
	}
}

function showSystemError(message) {
	$('#messages').append(el('div', { class: 'system refused' }, message));
}

function readFileBase64(file) {
	return new Promise((resolve, reject) => {
		const reader = new FileReader();
		reader.onload = () => resolve(String(reader.result).split(',')[1] || '');
		reader.onerror = () => reject(reader.error);
		reader.readAsDataURL(file);
	});
}

// --- rendering the business's messages -------------------------------------------------------------

function mediaView(kind, media) {
	if (media?.id) {
		if (kind === 'image' || kind === 'sticker') return el('img', { src: `/_sim/chat/media/${encodeURIComponent(media.id)}`, alt: kind });
	}
	const icon = { image: 'IMG', video: 'VID', audio: 'AUD', document: 'DOC', sticker: 'STK' }[kind] || 'FILE';
	const label = media?.filename || (media?.link ? media.link.split('/').pop() : media?.id ? `media ${media.id}` : kind);
	// Links are not fetched: the page makes no external requests.
	return el('div', { class: 'media-box' }, el('span', { class: 'big' }, icon), el('div', {}, el('div', {}, label), el('div', { class: 'muted' }, media?.link ? 'by link (not loaded)' : kind)));
}

function replyButtons(message, buttons, toInput) {
	return el(
		'div',
		{ class: 'buttons' },
		buttons.map((button) =>
			el('button', { 'data-reply': button.id || button.text, onclick: () => customerSend({ ...toInput(button), context: { id: message.id } }) }, button.title || button.text),
		),
	);
}

function openListSheet(message, interactive) {
	const sheet = $('#sheet');
	const body = sheet.querySelector('.sheet-body');
	body.replaceChildren();
	let chosen = null;
	body.append(el('h3', {}, interactive.action?.button || 'Choose'));
	for (const section of interactive.action?.sections || []) {
		if (section.title) body.append(el('div', { class: 'section' }, section.title));
		for (const row of section.rows || []) {
			const radio = el('input', { type: 'radio', name: 'row', value: row.id, onchange: () => (chosen = row) });
			body.append(el('label', { class: 'rowpick', 'data-row': row.id }, el('div', { style: 'flex:1' }, el('div', {}, row.title), row.description ? el('div', { class: 'desc' }, row.description) : null), radio));
		}
	}
	body.append(
		el(
			'div',
			{ class: 'actions' },
			el('button', { class: 'secondary', onclick: () => (sheet.hidden = true) }, 'Cancel'),
			el('button', {
				class: 'send-choice',
				onclick: () => {
					if (!chosen) return;
					sheet.hidden = true;
					customerSend({ type: 'list_reply', replyId: chosen.id, text: chosen.title, description: chosen.description, context: { id: message.id } });
				},
			}, 'Send'),
		),
	);
	sheet.hidden = false;
}

/** A Flow with simple screens: one form screen from the payload's data (or a default), then a review screen. */
function openFlowSheet(message, parameters) {
	const sheet = $('#sheet');
	const body = sheet.querySelector('.sheet-body');
	const data = parameters.flow_action_payload?.data || {};
	const fields = Object.keys(data).length ? Object.keys(data) : ['name', 'email'];
	const answers = {};
	const screen1 = () => {
		body.replaceChildren(el('h3', {}, parameters.flow_action_payload?.screen || parameters.flow_cta || 'Flow'));
		const inputs = fields.map((key) => {
			const input = el('input', { name: key, value: answers[key] ?? (typeof data[key] === 'string' ? data[key] : '') });
			body.append(el('label', { class: 'field' }, key.replace(/_/g, ' '), input));
			return input;
		});
		body.append(el('div', { class: 'actions' },
			el('button', { class: 'secondary', onclick: () => (sheet.hidden = true) }, 'Close'),
			el('button', { class: 'flow-continue', onclick: () => { inputs.forEach((i) => (answers[i.name] = i.value)); screen2(); } }, 'Continue')));
	};
	const screen2 = () => {
		body.replaceChildren(el('h3', {}, 'Review'), el('dl', { class: 'kv' }, fields.flatMap((key) => [el('dt', {}, key), el('dd', {}, answers[key] || '—')])));
		body.append(el('div', { class: 'actions' },
			el('button', { class: 'secondary', onclick: screen1 }, 'Back'),
			el('button', { class: 'flow-submit', onclick: () => {
				sheet.hidden = true;
				customerSend({ type: 'nfm_reply', responseJson: { ...answers }, flowToken: parameters.flow_token || 'unused', context: { id: message.id } });
			} }, 'Submit')));
	};
	screen1();
	sheet.hidden = false;
}

function interactiveView(message, interactive) {
	const parts = [];
	const header = interactive.header;
	if (header?.type === 'text') parts.push(el('div', { class: 'header' }, formatted(header.text)));
	else if (header && header[header.type]) parts.push(mediaView(header.type, header[header.type]));
	if (interactive.body?.text) parts.push(formatted(interactive.body.text));
	if (interactive.footer?.text) parts.push(el('div', { class: 'footer' }, interactive.footer.text));
	const after = [];
	const action = interactive.action || {};
	switch (interactive.type) {
		case 'button':
			after.push(replyButtons(message, (action.buttons || []).map((b) => ({ id: b.reply?.id, title: b.reply?.title })), (b) => ({ type: 'button_reply', replyId: b.id, text: b.title })));
			break;
		case 'list':
			after.push(el('div', { class: 'buttons' }, el('button', { class: 'list-open', onclick: () => openListSheet(message, interactive) }, `☰ ${action.button || 'Menu'}`)));
			break;
		case 'cta_url':
			after.push(el('div', { class: 'buttons' }, el('a', { href: action.parameters?.url, target: '_blank', rel: 'noopener noreferrer' }, `↗ ${action.parameters?.display_text || 'Open'}`)));
			break;
		case 'flow':
			after.push(el('div', { class: 'buttons' }, el('button', { class: 'flow-open', onclick: () => openFlowSheet(message, action.parameters || {}) }, action.parameters?.flow_cta || 'Open')));
			break;
		case 'carousel':
			after.push(el('div', { class: 'carousel' }, (action.cards || []).map((card) => el('div', { class: 'card' },
				card.header && card.header[card.header.type] ? mediaView(card.header.type, card.header[card.header.type]) : null,
				el('div', { class: 'card-body' }, card.body?.text ? formatted(card.body.text) : null),
				card.action?.parameters?.url ? el('div', { class: 'buttons' }, el('a', { href: card.action.parameters.url, target: '_blank', rel: 'noopener noreferrer' }, card.action.parameters.display_text || 'Open')) : null))));
			break;
		case 'location_request_message':
			after.push(el('div', { class: 'buttons' }, el('button', { onclick: () => sendLocation() }, 'Send location')));
			break;
		default:
			if (action.button) after.push(el('div', { class: 'buttons' }, el('button', { disabled: true }, action.button)));
	}
	return { parts, after };
}

function templateView(message, body) {
	const wanted = body.template || {};
	const stored = (ui.data.templates || []).find((t) => t.name === wanted.name && t.language === wanted.language?.code) || (ui.data.templates || []).find((t) => t.name === wanted.name);
	const sent = wanted.components || [];
	const paramsOf = (type) => sent.find((c) => c.type === type)?.parameters || [];
	const parts = [];
	const after = [];
	if (!stored) {
		parts.push(el('div', { class: 'muted' }, `template ${wanted.name} (${wanted.language?.code || '?'})`));
		return { parts, after };
	}
	for (const component of stored.components || []) {
		const type = String(component.type || '').toUpperCase();
		if (type === 'HEADER') {
			if (component.format === 'TEXT') parts.push(el('div', { class: 'header' }, fill(component.text, paramsOf('header'))));
			else {
				const p = paramsOf('header')[0] || {};
				const kind = String(component.format || 'image').toLowerCase();
				parts.push(mediaView(kind, p[kind] || {}));
			}
		} else if (type === 'BODY') parts.push(formatted(fill(component.text, paramsOf('body'))));
		else if (type === 'FOOTER') parts.push(el('div', { class: 'footer' }, component.text));
		else if (type === 'BUTTONS') {
			const buttons = component.buttons || [];
			after.push(el('div', { class: 'buttons' }, buttons.map((button, index) => {
				if (button.type === 'URL') return el('a', { href: button.url, target: '_blank', rel: 'noopener noreferrer' }, `↗ ${button.text}`);
				if (button.type === 'PHONE_NUMBER') return el('a', { href: `tel:${button.phone_number}` }, `☎ ${button.text}`);
				if (button.type === 'QUICK_REPLY') {
					const payload = sent.find((c) => c.type === 'button' && Number(c.index) === index)?.parameters?.[0]?.payload ?? button.text;
					return el('button', { 'data-reply': payload, onclick: () => customerSend({ type: 'button', text: button.text, payload, context: { id: message.id } }) }, button.text);
				}
				return el('button', { disabled: true }, button.text);
			})));
		} else if (type === 'CAROUSEL') {
			const cards = sent.find((c) => c.type === 'carousel')?.cards || [];
			after.push(el('div', { class: 'carousel' }, (component.cards || []).map((card, index) => el('div', { class: 'card' },
				(card.components || []).map((c) => {
					const cardSent = cards[index]?.components || [];
					const cp = (t) => cardSent.find((s) => s.type === t)?.parameters || [];
					if (c.type === 'HEADER' || c.type === 'header') { const p = cp('header')[0] || {}; const kind = String(c.format || 'image').toLowerCase(); return mediaView(kind, p[kind] || {}); }
					if (String(c.type).toUpperCase() === 'BODY') return el('div', { class: 'card-body' }, formatted(fill(c.text, cp('body'))));
					if (String(c.type).toUpperCase() === 'BUTTONS') {
						return el('div', { class: 'buttons' }, (c.buttons || []).map((b, bi) => {
							const sentButton = cardSent.find((s) => s.type === 'button' && Number(s.index) === bi)?.parameters?.[0] || {};
							if (b.type === 'URL') return el('a', { href: fill(b.url, [sentButton]), target: '_blank', rel: 'noopener noreferrer' }, `↗ ${b.text}`);
							return el('button', { disabled: b.type !== 'QUICK_REPLY', onclick: () => customerSend({ type: 'button', text: b.text, payload: sentButton.payload ?? b.text, context: { id: message.id } }) }, b.text);
						}));
					}
					return null;
				})))));
		}
	}
	return { parts, after };
}

function businessBubble(message) {
	const body = message.body || {};
	let parts = [];
	let after = [];
	switch (message.type) {
		case 'text':
			parts.push(formatted(body.text?.body));
			break;
		case 'image': case 'video': case 'audio': case 'document': case 'sticker':
			parts.push(mediaView(message.type, body[message.type]));
			if (body[message.type]?.caption) parts.push(formatted(body[message.type].caption));
			break;
		case 'location':
			parts.push(el('div', { class: 'map' }, '●'), el('div', { class: 'header' }, body.location?.name || 'Location'), el('div', { class: 'muted' }, body.location?.address || `${body.location?.latitude}, ${body.location?.longitude}`));
			break;
		case 'contacts':
			parts.push(...(body.contacts || []).map((c) => el('div', { class: 'media-box' }, el('span', { class: 'big' }, 'VCF'), c.name?.formatted_name || 'Contact')));
			break;
		case 'interactive':
			({ parts, after } = interactiveView(message, body.interactive || {}));
			break;
		case 'template':
			({ parts, after } = templateView(message, body));
			break;
		default:
			parts.push(el('div', { class: 'muted' }, `(${message.type})`));
	}
	const failed = message.failure || message.status === 'failed';
	const bubble = el('div', { class: 'bubble' }, parts, el('span', { class: 'time' }, hhmm(message.acceptedAt)));
	return el('div', { class: `msg in type-${message.type}`, 'data-id': message.id, 'data-kind': body.interactive?.type || message.type },
		bubble,
		after,
		failed ? el('div', { class: 'failed' }, `⚠ Not delivered: ${message.failure ? `(#${message.failure.code}) ${message.failure.title}` : 'failed'}`) : null);
}

function customerBubble(entry, readIds) {
	const input = entry.input || {};
	const parts = [];
	const type = input.type || 'text';
	if (type === 'image' && entry.mediaId) parts.push(el('img', { src: `/_sim/chat/media/${encodeURIComponent(entry.mediaId)}`, alt: 'photo' }));
	else if (type === 'document') parts.push(mediaView('document', { filename: input.filename || 'document' }));
	else if (type === 'image') parts.push(mediaView('image', {}));
	if (type === 'location') parts.push(el('div', { class: 'map' }, '●'), el('div', { class: 'header' }, input.name || 'Location'), el('div', { class: 'muted' }, `${input.latitude}, ${input.longitude}`));
	if (type === 'nfm_reply') parts.push(el('div', { class: 'media-box' }, el('span', { class: 'big' }, 'FORM'), el('div', {}, 'Form submitted', el('div', { class: 'muted' }, Object.values(input.responseJson || {}).join(' · ')))));
	const text = input.caption || input.text;
	if (text && type !== 'nfm_reply') parts.push(formatted(text));
	if (type === 'list_reply' && input.description) parts.push(el('div', { class: 'footer' }, input.description));
	const read = readIds.has(entry.wamid);
	const delivered = entry.webhookStatus >= 200 && entry.webhookStatus < 300;
	const ticks = el('span', { class: `ticks${read ? ' read' : ''}`, title: read ? 'read by the business' : delivered ? 'webhook accepted' : 'webhook not accepted' }, delivered || read ? '✓✓' : '✓');
	return el('div', { class: `msg out type-${type}`, 'data-id': entry.wamid }, el('div', { class: 'bubble' }, parts, el('span', { class: 'time' }, hhmm(entry.at), ticks)),
		entry.webhookStatus !== undefined && !delivered ? el('div', { class: 'failed' }, `Webhook answered ${entry.webhookStatus || 'nothing'}`) : null);
}

function timeline(waId) {
	const d = ui.data;
	const items = [];
	for (const entry of d.customerMessages) if (entry.waId === waId && entry.input?.type !== 'reaction') items.push({ at: entry.at, kind: 'customer', entry });
	for (const message of d.businessMessages) if (message.waId === waId && message.type !== 'reaction') items.push({ at: message.acceptedAt, kind: 'business', message });
	for (const refused of d.refused) if (refused.to === waId) items.push({ at: refused.at, kind: 'refused', refused });
	items.sort((a, b) => a.at - b.at);
	return items;
}

function renderChat() {
	const d = ui.data;
	const box = $('#messages');
	const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
	box.replaceChildren();
	if (!ui.active) return;
	const readIds = new Set(d.readMarks.map((r) => r.messageId));
	const reactions = new Map();
	for (const m of d.businessMessages) if (m.type === 'reaction' && m.waId === ui.active) reactions.set(m.body.reaction?.message_id, m.body.reaction?.emoji);
	for (const e of d.customerMessages) if (e.input?.type === 'reaction' && e.waId === ui.active) reactions.set(e.input.messageId, e.input.emoji);
	let lastDay = '';
	for (const item of timeline(ui.active)) {
		const day = dayLabel(item.at);
		if (day !== lastDay) box.append(el('div', { class: 'day' }, day));
		lastDay = day;
		let node;
		if (item.kind === 'customer') node = customerBubble(item.entry, readIds);
		else if (item.kind === 'business') node = businessBubble(item.message);
		else node = el('div', { class: 'system refused', 'data-code': item.refused.code }, `The business tried to send a ${item.refused.type} message: refused by the Cloud API (#${item.refused.code}) ${item.refused.message.replace(/^\(#\d+\)\s*/, '')}`);
		const emoji = reactions.get(node.getAttribute('data-id'));
		if (emoji) {
			node.classList.add('has-reaction');
			node.append(el('span', { class: 'reaction' }, emoji));
		}
		box.append(node);
	}
	if (nearBottom || ui.scrollNext) box.scrollTop = box.scrollHeight;
	ui.scrollNext = false;
}

function renderCustomers() {
	const d = ui.data;
	const list = $('#customer-list');
	list.replaceChildren(...d.customers.map((c, index) => {
		const last = timeline(c.waId).at(-1);
		const preview = !last ? 'No messages yet' : last.kind === 'customer' ? `You: ${last.entry.input?.text || last.entry.input?.type || ''}` : last.kind === 'business' ? businessPreview(last.message) : '⚠ refused';
		return el('li', { class: c.waId === ui.active ? 'active' : '', 'data-wa-id': c.waId, onclick: () => { ui.active = c.waId; ui.scrollNext = true; ui.signature = ''; render(); } },
			el('div', { class: 'avatar', style: `background:${COLORS[index % COLORS.length]}` }, initials(c.name), el('span', { class: 'flag' }, flag(c.country))),
			el('div', { class: 'meta' }, el('div', { class: 'name' }, c.name), el('div', { class: 'preview' }, `+${c.waId} · ${preview}`)));
	}));
}

function businessPreview(m) {
	if (m.type === 'text') return m.body.text?.body || '';
	if (m.type === 'interactive') return m.body.interactive?.body?.text || 'interactive';
	if (m.type === 'template') return `template ${m.body.template?.name}`;
	return m.type;
}

function renderHeader() {
	const d = ui.data;
	$('#biz-name').textContent = d.business.name;
	const status = $('#biz-status');
	const customer = d.customers.find((c) => c.waId === ui.active);
	// Typing indicator: the business marked the customer's last message read with typing, and has not answered since.
	const mine = d.customerMessages.filter((e) => e.waId === ui.active);
	const last = mine.at(-1);
	const typing = last && d.readMarks.some((r) => r.messageId === last.wamid && r.typingIndicator) && !d.businessMessages.some((m) => m.waId === ui.active && m.acceptedAt >= last.at) && d.clock.now - last.at < 25_000;
	status.textContent = typing ? 'typing…' : `${d.business.number} · you are ${customer ? `${customer.name} (+${customer.waId})` : '—'}`;
	status.className = `sub${typing ? ' typing' : ''}`;
	const badge = $('#clock-badge');
	badge.textContent = `${d.clock.local} · ${d.clock.timeZone}`;
	badge.className = `clock-badge${d.clock.offsetMs ? ' shifted' : ''}`;
	$('#webhook-url').textContent = d.webhookUrl || '(no webhook URL set)';
}

function pretty(value) {
	return JSON.stringify(value, null, 2);
}

function renderTraffic() {
	const d = ui.data;
	const items = [
		...d.traffic.graph.map((r) => ({ at: r.at, key: `g${r.at}${r.path}${r.status}`, dir: 'graph', label: `${r.method} ${r.path.replace(/^\/v\d+\.\d+/, '')}`, status: r.status, detail: { request: r.body, response: r.response } })),
		...d.traffic.webhooks.map((w) => ({ at: w.at, key: `w${w.at}${w.kind}${w.signature}`, dir: 'hook', label: `webhook ${w.kind}${w.field && w.field !== 'messages' ? ` (${w.field})` : ''}`, status: w.skipped || w.status, detail: { url: w.url, 'x-hub-signature-256': `sha256=${w.signature}`, body: w.payload } })),
	].sort((a, b) => b.at - a.at).slice(0, 120);
	$('#tab-traffic').replaceChildren(
		el('p', { class: 'muted' }, 'Newest first. Graph = what the package sent to the Cloud API; webhook = what the simulator posted to n8n.'),
		...items.map((item) => {
			const bad = typeof item.status === 'number' ? item.status >= 400 : Boolean(item.status && item.status !== 'accepted');
			const details = el('details', { class: 'traffic-item', open: ui.openTraffic.has(item.key), ontoggle: (e) => (e.target.open ? ui.openTraffic.add(item.key) : ui.openTraffic.delete(item.key)) },
				el('summary', {}, el('span', { class: `dir ${item.dir}` }, item.dir === 'graph' ? 'GRAPH' : 'HOOK'), el('span', {}, `${hhmm(item.at)} ${item.label}`), el('span', { class: `st${bad ? ' bad' : ''}` }, String(item.status ?? '…'))),
				el('pre', {}, pretty(item.detail)));
			return details;
		}),
	);
}

function renderWindow() {
	const d = ui.data;
	const w = d.windows[ui.active] || { open: false };
	const stats = d.limits.stats;
	const left = w.closesAt ? w.closesAt - d.clock.now : 0;
	const phoneSelect = el('select', { id: 'phone', onchange: async (e) => { await api('POST', '/__sim/chat/config', { phoneNumberId: e.target.value }); ui.signature = ''; await refresh(); } },
		d.phones.map((p) => el('option', { value: p.id, selected: p.id === d.business.phoneNumberId }, `${p.name} (${p.number})`)));
	const actions = d.actions.length
		? el('div', { class: 'jumps' }, d.actions.map((a) => el('button', { 'data-action': a.label, onclick: async () => { await api('POST', '/__sim/chat/action', { label: a.label, waId: ui.active }); await refresh(); } }, a.label)))
		: el('p', { class: 'muted' }, 'None configured (POST /__sim/chat/config { actions: [{ label, url }] }).');
	$('#tab-window').replaceChildren(
		el('h4', {}, 'Business number'),
		phoneSelect,
		el('h4', {}, 'Business side'),
		el('p', { class: 'muted' }, 'Ask the workflow to message the selected customer first:'),
		actions,
		el('h4', {}, '24-hour customer service window'),
		el('dl', { class: 'kv' },
			el('dt', {}, 'Window'), el('dd', {}, el('span', { class: `pill ${w.open ? 'open' : 'closed'}`, id: 'window-state' }, w.open ? 'open' : 'closed')),
			el('dt', {}, 'Customer last wrote'), el('dd', {}, w.lastInboundAt ? `${dayLabel(w.lastInboundAt)} ${hhmm(w.lastInboundAt)}` : 'never'),
			el('dt', {}, 'Closes'), el('dd', {}, w.closesAt ? (left > 0 ? `in ${Math.floor(left / 3_600_000)} h ${Math.floor((left % 3_600_000) / 60_000)} min` : 'closed') : '—')),
		el('p', { class: 'muted' }, 'Outside the window only templates are delivered; free-form messages fail with 131047.'),
		el('h4', {}, 'Rate limits'),
		el('dl', { class: 'kv' },
			el('dt', {}, 'Throughput'), el('dd', {}, `${d.limits.messagesPerSecond} messages/s per number`),
			el('dt', {}, 'Pair rate'), el('dd', {}, d.limits.pairRate ? `burst ${d.limits.pairRate.burst}, then 1 per ${d.limits.pairRate.perSeconds} s per customer` : 'off'),
			el('dt', {}, 'Accepted'), el('dd', {}, String(stats.accepted)),
			el('dt', {}, 'Refused 130429 / 131056'), el('dd', {}, `${stats.rejected130429} / ${stats.rejected131056}`),
			el('dt', {}, 'Failed statuses'), el('dd', {}, String(stats.failedStatuses)),
			el('dt', {}, 'Webhooks sent / failed'), el('dd', {}, `${stats.webhooksSent} / ${stats.webhooksFailed}`)),
	);
	const fault = d.faults[ui.active];
	$('#fault-now').textContent = fault ? `Active for this customer: ${fault}` : 'No fault injected for this customer.';
	document.querySelectorAll('[data-fault]').forEach((b) => b.classList.toggle('on', String(fault || '') === b.dataset.fault && Boolean(fault)));
}

function renderClock() {
	const d = ui.data;
	$('#clock-now').textContent = `${d.clock.local}`;
	const tz = $('#tz');
	if (tz.options.length === 0) for (const zone of TIME_ZONES) tz.append(el('option', { value: zone }, zone));
	if (document.activeElement !== tz) tz.value = d.clock.timeZone;
	$('#rec-status').textContent = d.recording ? `Recording: ${d.recording.steps} step(s).` : 'Not recording.';
	$('#rec-start').disabled = Boolean(d.recording);
	$('#rec-stop').disabled = !d.recording;
}

function render() {
	if (!ui.data) return;
	if (!ui.active || !ui.data.customers.some((c) => c.waId === ui.active)) ui.active = ui.data.customers[0]?.waId ?? null;
	renderHeader();
	renderCustomers();
	renderChat();
	renderTraffic();
	renderWindow();
	renderClock();
}

async function refresh() {
	const data = await api('GET', '/__sim/chat/state');
	const signature = JSON.stringify([data.customerMessages.length, data.businessMessages.map((m) => m.status), data.refused.length, data.readMarks.length, data.traffic.webhooks.length, data.traffic.graph.length, data.clock.offsetMs, data.clock.timeZone, data.business, data.actions, data.customers, data.faults, data.recording, data.windows]);
	ui.data = data;
	if (signature !== ui.signature) {
		ui.signature = signature;
		render();
	} else renderHeader();
	document.body.dataset.ready = 'true';
}

async function loop() {
	try {
		await refresh();
	} catch {
		// The simulator restarted or is busy: try again on the next tick.
	}
	setTimeout(loop, 700);
}

async function jump(expression) {
	await api('POST', '/__sim/clock', { jump: expression, timeZone: $('#tz').value || undefined });
	await refresh();
}

function sendLocation() {
	customerSend({ type: 'location', latitude: 40.4168, longitude: -3.7038, name: 'Puerta del Sol', address: 'Plaza de la Puerta del Sol, Madrid' });
}

function download(name, json) {
	const a = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' })), download: name });
	document.body.append(a);
	a.click();
	a.remove();
}

function renderReplay(result) {
	$('#rec-result').replaceChildren(
		el('p', { class: result.ok ? '' : 'failed', id: 'replay-verdict' }, result.ok ? `✓ Replay matches the recording (${result.steps.length} steps).` : '✗ The business answered differently:'),
		...result.steps.map((s, i) => el('div', { class: `replay-step${s.same ? '' : ' diff'}` },
			el('div', {}, `${i + 1}. ${s.step.action === 'clock' ? `clock ${s.step.jump}` : s.step.action === 'business' ? `business: ${s.step.label} → ${s.step.waId}` : `${s.step.waId}: ${s.step.input.text || s.step.input.type}`}`),
			s.same ? null : el('pre', {}, `expected ${pretty(s.expected)}\nactual ${pretty(s.actual)}`))),
	);
}

function wire() {
	const text = $('#text');
	const sendText = () => {
		const value = text.value.trim();
		if (!value) return;
		text.value = '';
		ui.scrollNext = true;
		customerSend({ type: 'text', text: value });
	};
	$('#send').addEventListener('click', sendText);
	text.addEventListener('keydown', (e) => { if (e.key === 'Enter') sendText(); });
	$('#attach').addEventListener('click', () => ($('#attach-menu').hidden = !$('#attach-menu').hidden));
	document.querySelectorAll('[data-attach]').forEach((b) => b.addEventListener('click', () => {
		$('#attach-menu').hidden = true;
		if (b.dataset.attach === 'location') sendLocation();
		else $(`#file-${b.dataset.attach}`).click();
	}));
	for (const kind of ['image', 'document']) {
		$(`#file-${kind}`).addEventListener('change', async (e) => {
			const file = e.target.files[0];
			if (!file) return;
			const mediaBase64 = await readFileBase64(file);
			e.target.value = '';
			customerSend({ type: kind, mimeType: file.type || (kind === 'image' ? 'image/jpeg' : 'application/pdf'), filename: kind === 'document' ? file.name : undefined, caption: text.value.trim() || undefined, mediaBase64 });
			text.value = '';
		});
	}
	$('#add-customer').addEventListener('click', () => ($('#customer-form').hidden = !$('#customer-form').hidden));
	$('#customer-form').addEventListener('submit', async (e) => {
		e.preventDefault();
		const form = new FormData(e.target);
		try {
			const customer = await api('POST', '/__sim/chat/customers', Object.fromEntries(form));
			ui.active = customer.waId;
			e.target.reset();
			e.target.hidden = true;
			await refresh();
		} catch (error) {
			alert(error.message);
		}
	});
	document.querySelectorAll('.tabs button').forEach((b) => b.addEventListener('click', () => {
		ui.tab = b.dataset.tab;
		document.querySelectorAll('.tabs button').forEach((x) => x.classList.toggle('active', x === b));
		document.querySelectorAll('.tab').forEach((t) => (t.hidden = t.id !== `tab-${ui.tab}`));
	}));
	document.querySelectorAll('[data-jump]').forEach((b) => b.addEventListener('click', () => jump(b.dataset.jump)));
	$('#jump-form').addEventListener('submit', (e) => {
		e.preventDefault();
		const value = $('#jump-text').value.trim();
		if (value) jump(value).catch((error) => alert(error.message));
	});
	$('#tz').addEventListener('change', async () => {
		await api('POST', '/__sim/clock', { timeZone: $('#tz').value });
		await refresh();
	});
	$('#clock-reset').addEventListener('click', async () => {
		await api('POST', '/__sim/clock', { reset: true });
		await refresh();
	});
	document.querySelectorAll('[data-fault]').forEach((b) => b.addEventListener('click', async () => {
		await api('POST', '/__sim/chat/fault', { waId: ui.active, code: b.dataset.fault ? Number(b.dataset.fault) : null });
		await refresh();
	}));
	$('#rec-start').addEventListener('click', async () => {
		await api('POST', '/__sim/chat/record', { on: true });
		await refresh();
	});
	$('#rec-stop').addEventListener('click', async () => {
		const recording = await api('POST', '/__sim/chat/record', { on: false });
		ui.lastRecording = recording;
		download(`chat-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`, recording);
		await refresh();
	});
	$('#rec-file').addEventListener('change', async (e) => {
		const file = e.target.files[0];
		if (!file) return;
		$('#rec-result').replaceChildren(el('p', { class: 'muted' }, 'Replaying…'));
		try {
			const recording = JSON.parse(await file.text());
			renderReplay(await api('POST', '/__sim/chat/replay', { recording }));
		} catch (error) {
			$('#rec-result').replaceChildren(el('p', { class: 'failed' }, error.message));
		}
		e.target.value = '';
	});
	$('#sheet').addEventListener('click', (e) => { if (e.target.id === 'sheet') e.target.hidden = true; });
}

wire();
loop();
