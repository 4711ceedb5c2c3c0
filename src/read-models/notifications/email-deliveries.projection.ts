import { EMAIL_SENT, type EmailSentData } from '../../domain/notifications/email-events';
import type { Projection } from '../../infra/event-store/projection';

/** One row per email that went out. `sent_at` is the event's time, so a rebuild reproduces the table. */
export const emailDeliveriesProjection: Projection = {
  name: 'email-deliveries',
  tables: ['email_deliveries'],
  handles: [EMAIL_SENT],
  async apply(tx, event) {
    const data = event.data as EmailSentData;
    const row = {
      recipient: data.to,
      template: data.template,
      subject: data.subject,
      providerMessageId: data.providerMessageId || null,
      sentAt: event.recordedAt,
    };
    await tx.emailDelivery.upsert({
      where: { messageKey: data.messageKey },
      create: { messageKey: data.messageKey, ...row },
      update: row,
    });
  },
};
