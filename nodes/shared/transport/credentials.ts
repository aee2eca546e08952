/**
 * One credential read per node run, for every transport. n8n makes a new context object for every
 * node run (and for every webhook call, list search or hook call), so keying by it never carries a
 * credential from one execution into another, and the entry goes when the context does. In n8n a
 * read is a database query plus a decryption: per request it was a large share of a campaign's CPU
 * per send, and the trigger paid it on each of its API calls per POST.
 */
import type { IAdditionalCredentialOptions, ICredentialDataDecryptedObject, IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';

export type CredentialContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/** Per context, per credential type (a trigger run uses two types). */
const credentialReads = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

export async function readCredentialOnce(context: CredentialContext, type: string): Promise<ICredentialDataDecryptedObject> {
	let reads = credentialReads.get(context);
	if (!reads) {
		reads = new Map();
		credentialReads.set(context, reads);
	}
	let read = reads.get(type);
	if (!read) {
		read = context.getCredentials(type);
		reads.set(type, read);
		// A failed read is not kept: the next call asks n8n again (and reports its error).
		read.catch(() => reads.delete(type));
	}
	return await read;
}

/** Per context, per credential type: the options handed to n8n's helper with every request. */
const decryptedOptions = new WeakMap<object, Map<string, { data: ICredentialDataDecryptedObject; options: IAdditionalCredentialOptions }>>();

/**
 * The credential already read, in the form n8n's authenticated helper accepts: it then
 * authenticates with it (the credential type's own `authenticate`) instead of reading and
 * decrypting it again per request. Built once per context: `getNode()` deep-copies the node, which
 * per request was a measurable share of a campaign's CPU.
 */
export function alreadyDecrypted(context: CredentialContext, type: string, data: ICredentialDataDecryptedObject): IAdditionalCredentialOptions {
	let byType = decryptedOptions.get(context);
	if (!byType) {
		byType = new Map();
		decryptedOptions.set(context, byType);
	}
	const known = byType.get(type);
	if (known && known.data === data) return known.options;
	const nodeCredential = context.getNode().credentials?.[type];
	const options: IAdditionalCredentialOptions = { credentialsDecrypted: { id: nodeCredential?.id ?? '', name: nodeCredential?.name ?? '', type, data } };
	byType.set(type, { data, options });
	return options;
}

/**
 * Which credential of `type` the node uses, as a key for batching calls of concurrent webhook
 * calls (transport/groupCommit.ts). Undefined when n8n does not tell the credential's ID.
 */
export function credentialKey(context: CredentialContext, type: string): string | undefined {
	const id = context.getNode().credentials?.[type]?.id;
	return id ? `${type}:${id}` : undefined;
}
