import { Client, Connection } from '@temporalio/client';
import type { Config } from '../../config/config';

/** Connection settings shared by the API's client and the worker (TLS and API key for a hosted cluster). */
export function temporalConnectionOptions(temporal: Config['temporal']) {
  return {
    address: temporal.address,
    tls: temporal.tls || Boolean(temporal.apiKey),
    apiKey: temporal.apiKey,
  };
}

/** Connects lazily: the API starts (and /health reports it) even while Temporal is still coming up. */
export function createTemporalClient(temporal: Config['temporal']): Client {
  const connection = Connection.lazy(temporalConnectionOptions(temporal));
  return new Client({ connection, namespace: temporal.namespace });
}
