import { randomBytes } from 'node:crypto';

/** One error entry in SendGrid's v3 error body. */
export interface SendGridError {
  message: string;
  field: string | null;
  help: string | null;
}

export interface CapturedAttachment {
  filename: string;
  type: string | null;
  disposition: string | null;
  /** Base64, exactly as sent. */
  content: string;
}

/** One email as the sink received it: SendGrid sends one email per personalization. */
export interface CapturedMessage {
  /** Unique per captured email; equals `messageId` when the send had a single personalization. */
  id: string;
  /** The X-Message-Id the sink answered the send with. */
  messageId: string;
  receivedAt: string;
  to: string[];
  cc: string[];
  bcc: string[];
  from: string;
  fromName: string | null;
  replyTo: string | null;
  subject: string;
  text: string | null;
  html: string | null;
  attachments: CapturedAttachment[];
  customArgs: Record<string, string>;
  headers: Record<string, string>;
}

export type ParsedSend = { ok: true; messages: CapturedMessage[] } | { ok: false; errors: SendGridError[] };

const HELP = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** A random id shaped like SendGrid's X-Message-Id. */
export function newMessageId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Validates a v3 /mail/send body the way SendGrid does (the rules our sender can trip over) and turns
 * it into the emails it would deliver. Dynamic templates are not supported: subject and content are required.
 */
export function parseSendRequest(body: unknown, messageId: string, receivedAt: Date): ParsedSend {
  if (!isObject(body)) return { ok: false, errors: [{ message: 'Bad Request', field: null, help: null }] };
  const errors: SendGridError[] = [];
  const fail = (message: string, field: string | null, anchor: string | null) =>
    errors.push({ message, field, help: anchor ? `${HELP}#${anchor}` : null });

  const from = body.from;
  if (!isObject(from)) {
    fail(
      'The from object must be provided for every email send. It is an object that requires the email parameter, ' +
        'but may also contain a name parameter.',
      'from',
      'message.from',
    );
  } else if (!isNonEmptyString(from.email) || !EMAIL.test(from.email)) {
    fail('The from email does not contain a valid address.', 'from.email', 'message.from');
  }
  if (body.reply_to !== undefined && (!isObject(body.reply_to) || !isValidEmail(body.reply_to.email))) {
    fail('The reply_to email does not contain a valid address.', 'reply_to.email', 'message.reply_to');
  }

  const personalizations = Array.isArray(body.personalizations) ? body.personalizations : [];
  if (personalizations.length === 0) {
    fail(
      'The personalizations field is required and must have at least one personalization.',
      'personalizations',
      'message.personalizations',
    );
  }
  personalizations.forEach((p: unknown, i) => {
    const field = `personalizations.${i}`;
    if (!isObject(p)) {
      fail('Each personalization must be an object.', field, 'message.personalizations');
      return;
    }
    if (!Array.isArray(p.to) || p.to.length === 0) {
      fail(
        'The to array is required for all personalization objects, and must have at least one email object with ' +
          'a valid email address.',
        `${field}.to`,
        'message.personalizations.to',
      );
    }
    for (const kind of ['to', 'cc', 'bcc'] as const) {
      const list = p[kind];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        fail(`The ${kind} field must be an array.`, `${field}.${kind}`, 'message.personalizations');
        continue;
      }
      list.forEach((r: unknown, j) => {
        if (!isObject(r) || !isValidEmail(r.email)) {
          fail('Does not contain a valid address.', `${field}.${kind}.${j}.email`, 'message.personalizations');
        }
      });
    }
  });

  const everyPersonalizationHasSubject =
    personalizations.length > 0 && personalizations.every((p: unknown) => isObject(p) && isNonEmptyString(p.subject));
  if (!isNonEmptyString(body.subject) && !everyPersonalizationHasSubject) {
    fail(
      'The subject is required. You can get around this requirement if you use a template with a subject defined ' +
        'or if every personalization has a subject defined.',
      'subject',
      'message.subject',
    );
  }

  const content = Array.isArray(body.content) ? body.content : [];
  if (content.length === 0) {
    fail(
      'Unless a valid template_id is provided, the content parameter is required. There must be at least one ' +
        'defined content block.',
      'content',
      'message.content',
    );
  }
  content.forEach((c: unknown, i) => {
    if (!isObject(c) || !isNonEmptyString(c.type)) {
      fail(
        'The content type must be a string at least one character in length.',
        `content.${i}.type`,
        'message.content',
      );
    }
    if (!isObject(c) || !isNonEmptyString(c.value)) {
      fail(
        'The content value must be a string at least one character in length.',
        `content.${i}.value`,
        'message.content',
      );
    }
  });
  const types = content.map((c: unknown) => (isObject(c) ? c.type : undefined));
  const plain = types.indexOf('text/plain');
  if (plain > 0 || (types.includes('text/html') && plain > types.indexOf('text/html'))) {
    fail(
      'If present, text/plain must be first, followed by text/html, followed by any other content.',
      'content',
      'message.content',
    );
  }

  const attachments = body.attachments === undefined ? [] : body.attachments;
  if (!Array.isArray(attachments)) {
    fail('The attachments field must be an array.', 'attachments', 'message.attachments');
  } else {
    attachments.forEach((a: unknown, i) => {
      const field = `attachments.${i}`;
      if (!isObject(a) || !isNonEmptyString(a.content)) {
        fail('The attachment content is required.', `${field}.content`, 'message.attachments.content');
      } else if (!BASE64.test(a.content) || a.content.length % 4 !== 0) {
        fail('The attachment content must be base64 encoded.', `${field}.content`, 'message.attachments.content');
      }
      if (!isObject(a) || !isNonEmptyString(a.filename)) {
        fail('The attachment filename parameter is required.', `${field}.filename`, 'message.attachments.filename');
      }
    });
  }

  for (const key of ['custom_args', 'headers'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      fail(`The ${key} field must be an object whose values are strings.`, key, `message.${key}`);
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, messages: toMessages(body, personalizations as Json[], messageId, receivedAt) };
}

function isValidEmail(v: unknown): boolean {
  return isNonEmptyString(v) && EMAIL.test(v);
}

function addresses(list: unknown): string[] {
  return Array.isArray(list) ? list.map((r: Json) => r.email as string) : [];
}

function contentOf(body: Json, type: string): string | null {
  const block = (body.content as Json[]).find((c) => c.type === type);
  return block ? (block.value as string) : null;
}

function toMessages(body: Json, personalizations: Json[], messageId: string, receivedAt: Date): CapturedMessage[] {
  const from = body.from as Json;
  const replyTo = isObject(body.reply_to) ? (body.reply_to.email as string) : null;
  const attachments = ((body.attachments as Json[] | undefined) ?? []).map((a) => ({
    filename: a.filename as string,
    type: typeof a.type === 'string' ? a.type : null,
    disposition: typeof a.disposition === 'string' ? a.disposition : null,
    content: a.content as string,
  }));
  return personalizations.map((p, i) => ({
    id: personalizations.length === 1 ? messageId : `${messageId}.${i}`,
    messageId,
    receivedAt: receivedAt.toISOString(),
    to: addresses(p.to),
    cc: addresses(p.cc),
    bcc: addresses(p.bcc),
    from: from.email as string,
    fromName: typeof from.name === 'string' ? from.name : null,
    replyTo,
    subject: (isNonEmptyString(p.subject) ? p.subject : body.subject) as string,
    text: contentOf(body, 'text/plain'),
    html: contentOf(body, 'text/html'),
    attachments,
    customArgs: { ...(body.custom_args as Record<string, string>), ...(p.custom_args as Record<string, string>) },
    headers: { ...(body.headers as Record<string, string>), ...(p.headers as Record<string, string>) },
  }));
}
