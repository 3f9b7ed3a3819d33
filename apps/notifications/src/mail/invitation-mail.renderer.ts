import { emailTemplatesDocument, type EmailTemplatesDocument } from '@vv/contracts';

type Template = NonNullable<EmailTemplatesDocument['invitation']>;

/** Shipped with the suite; an app replaces it in metadata `app/email-templates` (key `invitation`). */
export const DEFAULT_INVITATION_TEMPLATE: Template = {
  subject: '{{inviterName}} invited you to {{villageName}}',
  text: [
    'Hello,',
    '',
    '{{inviterName}} invited you to join {{villageName}} as {{role}}.',
    '{{message}}',
    'Accept the invitation:',
    '{{acceptUrl}}',
    '',
    'The link works until {{expiresAt}}. If you did not expect this email, you can ignore it.',
    '',
  ].join('\n'),
  html: [
    '<p>Hello,</p>',
    '<p>{{inviterName}} invited you to join <strong>{{villageName}}</strong> as {{role}}.</p>',
    '<p>{{message}}</p>',
    '<p><a href="{{acceptUrl}}">Accept the invitation</a></p>',
    '<p>The link works until {{expiresAt}}. If you did not expect this email, you can ignore it.</p>',
  ].join('\n'),
};

export interface InvitationMailValues {
  villageName: string;
  inviterName: string | null;
  message: string | null;
  role: string;
  email: string;
  expiresAt: string;
  acceptUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html?: string;
}

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const fill = (template: string, values: Record<string, string>, escape: (value: string) => string): string =>
  template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (placeholder, name: string) =>
    name in values ? escape(values[name]) : placeholder,
  );

/** The template in force: the app's (metadata `app/email-templates`) when valid, else the default. */
export function invitationTemplate(stored: unknown): Template {
  const parsed = emailTemplatesDocument.safeParse(stored ?? {});
  return (parsed.success ? parsed.data.invitation : undefined) ?? DEFAULT_INVITATION_TEMPLATE;
}

/** Subject (one line), text and HTML (values escaped) of an invitation email. */
export function renderInvitationMail(stored: unknown, values: InvitationMailValues): RenderedMail {
  const template = invitationTemplate(stored);
  const strings: Record<string, string> = {
    villageName: values.villageName,
    inviterName: values.inviterName ?? 'Someone',
    message: values.message ?? '',
    role: values.role,
    email: values.email,
    expiresAt: values.expiresAt,
    acceptUrl: values.acceptUrl,
  };
  const plain = (value: string): string => value;
  return {
    subject: fill(template.subject, strings, plain)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    text: fill(template.text, strings, plain),
    ...(template.html ? { html: fill(template.html, strings, escapeHtml) } : {}),
  };
}
