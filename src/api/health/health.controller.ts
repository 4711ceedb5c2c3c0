import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import { ApiAnswer } from '../common/api-responses';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import type { Infrastructure } from '../../infra/infrastructure';

type Check = 'up' | 'down';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether the database and Temporal answer (503 when one does not)' })
  @ApiAnswer(200, 'Both answer', { status: 'ok', checks: { database: 'up', temporal: 'up' } })
  @ApiAnswer(503, 'One of them does not', { status: 'degraded', checks: { database: 'up', temporal: 'down' } })
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporal] = await Promise.all([
      probe(() => this.infra.db.$queryRaw`SELECT 1`),
      probe(() => this.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = database === 'up' && temporal === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', checks: { database, temporal } };
  }
}

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
