import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../../config/config';
import { DomainError } from '../../domain/shared/errors';
import type { AuthenticatedUser } from '../identity/authentication';
import type { concertCancellationWorkflow } from '../../workflows/concert-cancellation.workflow';
import {
  concertCancellationProgressQuery,
  concertCancellationWorkflowId,
  type ConcertCancellationProgress,
} from '../../workflows/concert-cancellation.contract';
import type { ConcertManagement } from './concert-management';

/**
 * Cancelling a concert: the fact is recorded at once (sales stop), then a workflow releases holds,
 * refunds buyers, voids tickets and emails everyone. Cancelling again re-runs that workflow, which
 * only does what is left.
 */
export class ConcertCancellations {
  constructor(
    private readonly management: ConcertManagement,
    private readonly temporal: Client,
    private readonly config: Pick<Config, 'temporal'>,
  ) {}

  async cancel(concertId: string, reason: string | undefined, actor: AuthenticatedUser): Promise<void> {
    try {
      await this.management.cancel(concertId, reason, actor);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'concert_cancelled')) throw err;
    }
    await this.temporal.workflow.start<typeof concertCancellationWorkflow>('concertCancellationWorkflow', {
      workflowId: concertCancellationWorkflowId(concertId),
      taskQueue: this.config.temporal.taskQueue,
      args: [{ concertId }],
      // A run in progress carries on; a finished one may run again (it only does what is left).
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
  }

  async progress(concertId: string, actor: AuthenticatedUser): Promise<ConcertCancellationProgress> {
    await this.management.authorizeOrganizer(concertId, actor);
    try {
      return await this.temporal.workflow
        .getHandle(concertCancellationWorkflowId(concertId))
        .query(concertCancellationProgressQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new DomainError('not_found', 'cancellation_not_found', 'This concert has not been cancelled');
      throw err;
    }
  }
}
