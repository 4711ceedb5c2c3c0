import type { Infrastructure } from '../infra/infrastructure';
import { createEmailActivities } from './email';
import { createPasswordResetActivities } from './identity/password-reset.activities';

/** Every activity the worker registers, built from the shared infrastructure. */
export function createActivities(infra: Infrastructure) {
  return {
    ...createEmailActivities(infra),
    ...createPasswordResetActivities(infra),
  };
}

export type Activities = ReturnType<typeof createActivities>;
