import { formatTable } from '../report';

/** One line of the survey-export report: one pass over the same range of the event store. */
export interface SurveyExportRow {
  kind: 'survey-export';
  suite: string;
  /** `read-all` (the floor: eventStore.readAll alone, no writes) or `export` (the checkpointed consumer). */
  scenario: string;
  /** SurveySubmitted events in the range. */
  surveys: number;
  /** Events read, of every type (the surveys interleaved with customers' registrations). */
  events: number;
  batchSize: number;
  /** Reads (read-all) or transactions (export), the last one short or empty. */
  batches: number;
  wallMs: number;
  surveysPerSec: number;
  eventsPerSec: number;
  /** Rows the export added to analytics.survey_responses; absent on the read-all row. */
  exported?: number;
  /** Wall time of the export ÷ wall time of read-all over the same range; absent on the read-all row. */
  ratio?: number;
}

/** One line of the ticket-intake report: `requests` POSTs at a fixed number in flight. */
export interface TicketIntakeRow {
  kind: 'ticket-intake';
  suite: string;
  /** `ping` (the floor) or `submit`. */
  scenario: string;
  target: string;
  concurrency: number;
  requests: number;
  /** Answers 202; every one must be, or the run fails. */
  accepted: number;
  /** From the first send to the last answer. */
  elapsedMs: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** requests/s of this row ÷ requests/s of the ping row; absent on that row. */
  ratio?: number;
}

/** The backlog the intake left on a task queue nobody polled, worked off once a worker starts. */
export interface TicketDrainRow {
  kind: 'ticket-drain';
  suite: string;
  /** Tickets waiting when the worker started (the measured submissions and the warm-up's). */
  tickets: number;
  /** From the worker starting to the first ticket recorded in support_tickets. */
  firstMs: number;
  /** From the worker starting to the last ticket recorded. */
  drainMs: number;
  ticketsPerSec: number;
  /** Tickets found in support_tickets; must equal `tickets`. */
  recorded: number;
}

const ms = (value: number) => value.toFixed(1);
const seconds = (value: number) => (value / 1000).toFixed(2);
const times = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(2));

const SURVEY_LEGEND = [
  'one pass over the same range of the event store, every SurveySubmitted among other events (registrations):',
  'read-all reads it with eventStore.readAll alone, no writes; export drains it with surveyExport under a new',
  'consumer name, runBatch() until caught up, each batch one transaction (lock checkpoint, read, insert into',
  'analytics.survey_responses, save checkpoint); ratio: wall time of export ÷ wall time of read-all',
].join('\n');
const INTAKE_LEGEND = [
  'every request sent with at most `in flight` outstanding (one customer token and Idempotency-Key each, the same',
  'headers and body for both rows); latency: send to answer; POST /support/tickets only starts a workflow on a',
  'task queue no worker polls; POST /ping is a do-nothing NestJS handler with the same HTTP stack in the same',
  'process and run; ratio: req/s ÷ req/s of POST /ping',
].join('\n');
const DRAIN_LEGEND = [
  'the tickets the intake left waiting (warm-up included) once a worker starts on that queue: first / drained s',
  'from the start of the worker to the first / last ticket recorded (recorded_at of its SupportTicketSubmitted',
  'event); tickets/s: tickets ÷ drained s; recorded: tickets found in support_tickets afterwards',
].join('\n');

/** The survey-export, ticket-intake and ticket-drain tables, each followed by what its columns mean. */
export function formatSupportIntakeSections(rows: ReadonlyArray<{ kind: string }>): string[] {
  const surveys = rows.filter((r): r is SurveyExportRow => r.kind === 'survey-export');
  const intake = rows.filter((r): r is TicketIntakeRow => r.kind === 'ticket-intake');
  const drain = rows.filter((r): r is TicketDrainRow => r.kind === 'ticket-drain');
  const sections: string[] = [];
  if (surveys.length > 0) {
    const table = formatTable<SurveyExportRow>(
      [
        { header: 'scenario', value: (r) => `${r.suite}/${r.scenario}`, left: true },
        { header: 'surveys', value: (r) => String(r.surveys) },
        { header: 'events', value: (r) => String(r.events) },
        { header: 'batch', value: (r) => String(r.batchSize) },
        { header: 'batches', value: (r) => String(r.batches) },
        { header: 'wall s', value: (r) => seconds(r.wallMs) },
        { header: 'surveys/s', value: (r) => r.surveysPerSec.toFixed(0) },
        { header: 'events/s', value: (r) => r.eventsPerSec.toFixed(0) },
        { header: 'exported', value: (r) => (r.exported === undefined ? '-' : String(r.exported)) },
        { header: 'time ratio', value: (r) => times(r.ratio) },
      ],
      surveys,
    );
    sections.push(`${table}\n${SURVEY_LEGEND}`);
  }
  if (intake.length > 0) {
    const table = formatTable<TicketIntakeRow>(
      [
        { header: 'scenario', value: (r) => `${r.suite}/${r.scenario}`, left: true },
        { header: 'target', value: (r) => r.target, left: true },
        { header: 'in flight', value: (r) => String(r.concurrency) },
        { header: 'requests', value: (r) => String(r.requests) },
        { header: '202', value: (r) => String(r.accepted) },
        { header: 'req/s', value: (r) => r.requestsPerSec.toFixed(0) },
        { header: 'p50 ms', value: (r) => ms(r.p50Ms) },
        { header: 'p99 ms', value: (r) => ms(r.p99Ms) },
        { header: 'ratio', value: (r) => times(r.ratio) },
      ],
      intake,
    );
    sections.push(`${table}\n${INTAKE_LEGEND}`);
  }
  if (drain.length > 0) {
    const table = formatTable<TicketDrainRow>(
      [
        { header: 'scenario', value: (r) => `${r.suite}/drain`, left: true },
        { header: 'tickets', value: (r) => String(r.tickets) },
        { header: 'first s', value: (r) => seconds(r.firstMs) },
        { header: 'drained s', value: (r) => seconds(r.drainMs) },
        { header: 'tickets/s', value: (r) => r.ticketsPerSec.toFixed(1) },
        { header: 'recorded', value: (r) => String(r.recorded) },
      ],
      drain,
    );
    sections.push(`${table}\n${DRAIN_LEGEND}`);
  }
  return sections;
}
