/**
 * Opt-out and opt-in keywords, per language. A keyword counts only as the whole message ("STOP",
 * "stop!", "Baja."): a customer writing "don't stop the delivery" has not opted out.
 */
import { WhatsAppValidationError } from '../validation';
import { foldText, splitList } from './text';

export interface ConsentLanguageInput {
	language: string;
	optOutKeywords: unknown;
	optInKeywords: unknown;
	optOutConfirmation?: string;
	optInConfirmation?: string;
}

export interface ConsentLanguage {
	language: string;
	optOut: string[];
	optIn: string[];
	optOutConfirmation: string;
	optInConfirmation: string;
}

export interface ConsentHit {
	kind: 'optOut' | 'optIn';
	keyword: string;
	language: ConsentLanguage;
}

/** The package's defaults; every list is editable in the node. */
export const DEFAULT_CONSENT_LANGUAGES: ConsentLanguageInput[] = [
	{
		language: 'en',
		optOutKeywords: 'STOP, STOP ALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPT OUT',
		optInKeywords: 'START, UNSTOP, SUBSCRIBE, OPT IN',
		optOutConfirmation: 'You will no longer receive marketing messages from us. Reply START to subscribe again.',
		optInConfirmation: 'You are subscribed again. Reply STOP to unsubscribe.',
	},
	{
		language: 'es',
		optOutKeywords: 'BAJA, DARME DE BAJA, PARAR, CANCELAR, NO MAS',
		optInKeywords: 'ALTA, DARME DE ALTA, SUSCRIBIR',
		optOutConfirmation: 'No recibirás más mensajes promocionales. Responde ALTA para volver a suscribirte.',
		optInConfirmation: 'Te has suscrito de nuevo. Responde BAJA para darte de baja.',
	},
	{
		language: 'pt',
		optOutKeywords: 'SAIR, PARAR, CANCELAR, DESCADASTRAR',
		optInKeywords: 'VOLTAR, ASSINAR, CADASTRAR',
		optOutConfirmation: 'Você não receberá mais mensagens promocionais. Responda VOLTAR para assinar de novo.',
		optInConfirmation: 'Você voltou a assinar. Responda SAIR para cancelar.',
	},
	{
		language: 'fr',
		optOutKeywords: 'ARRET, DESABONNER, DESINSCRIRE',
		optInKeywords: 'ABONNER, REPRENDRE',
		optOutConfirmation: 'Vous ne recevrez plus de messages promotionnels. Répondez ABONNER pour vous réabonner.',
		optInConfirmation: 'Vous êtes de nouveau abonné. Répondez ARRET pour vous désabonner.',
	},
	{
		language: 'de',
		optOutKeywords: 'STOPP, ABMELDEN, ABBESTELLEN',
		optInKeywords: 'ANMELDEN, WIEDER ANMELDEN',
		optOutConfirmation: 'Sie erhalten keine Werbenachrichten mehr. Antworten Sie ANMELDEN, um sie wieder zu erhalten.',
		optInConfirmation: 'Sie sind wieder angemeldet. Antworten Sie STOPP zum Abmelden.',
	},
];

/** Checks the lists: a keyword means one thing only (never both opt-out and opt-in). */
export function parseConsentLanguages(list: ConsentLanguageInput[]): ConsentLanguage[] {
	const owner = new Map<string, string>();
	return list.map((entry, index) => {
		const field = `Opt-Out Keywords ${index + 1}`;
		const language = String(entry.language ?? '').trim() || `language ${index + 1}`;
		const parsed: ConsentLanguage = {
			language,
			optOut: splitList(entry.optOutKeywords).map(foldText).filter(Boolean),
			optIn: splitList(entry.optInKeywords).map(foldText).filter(Boolean),
			optOutConfirmation: String(entry.optOutConfirmation ?? '').trim(),
			optInConfirmation: String(entry.optInConfirmation ?? '').trim(),
		};
		for (const [kind, words] of [
			['opt-out', parsed.optOut],
			['opt-in', parsed.optIn],
		] as const) {
			for (const word of words) {
				const previous = owner.get(word);
				if (previous && previous !== kind) {
					throw new WhatsAppValidationError(field, `${field} (${language}): "${word}" is both an opt-out and an opt-in keyword; keep it in one list`);
				}
				owner.set(word, kind);
			}
		}
		return parsed;
	});
}

/** Whether the whole message is an opt-out or opt-in keyword, and in which language. */
export function matchConsent(languages: ConsentLanguage[], message: unknown): ConsentHit | undefined {
	const folded = foldText(message);
	if (folded === '') return undefined;
	for (const language of languages) {
		const optOut = language.optOut.find((word) => word === folded);
		if (optOut) return { kind: 'optOut', keyword: optOut.toUpperCase(), language };
		const optIn = language.optIn.find((word) => word === folded);
		if (optIn) return { kind: 'optIn', keyword: optIn.toUpperCase(), language };
	}
	return undefined;
}
