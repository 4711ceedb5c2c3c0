import { activityInfo } from '@temporalio/activity';
import { deliverEmail, type EmailDeps, type EmailRequest, type EmailResult } from './send-email';

export { deliverEmail } from './send-email';
export type { EmailDeps, EmailRequest, EmailResult } from './send-email';

/**
 * Activities for emails whose content may sit in workflow history (tickets, invoices, receipts).
 * An activity argument is stored in the history, so emails that carry secrets (password reset
 * links) are composed inside their own activity, which calls deliverEmail directly.
 */
export function createEmailActivities(deps: EmailDeps) {
  return {
    async sendEmail(request: EmailRequest): Promise<EmailResult> {
      return deliverEmail(deps, { ...request, correlationId: request.correlationId ?? currentWorkflowId() });
    },
  };
}

function currentWorkflowId(): string | undefined {
  try {
    return activityInfo().workflowExecution?.workflowId;
  } catch {
    // Called outside an activity (a script or test): there is no workflow to correlate with.
    return undefined;
  }
}
