// Injection tokens for the long-lived clients the API is built from.
export const INFRASTRUCTURE = Symbol('Infrastructure');
export const TEMPORAL_CLIENT = Symbol('TemporalClient');
