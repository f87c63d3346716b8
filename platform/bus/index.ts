export * from './bus';
export * from './contract';
export * from './faults';
export * from './in-process';
export * from './outbox';
export { OutboxEvent, ProcessedEvent } from './outbox.entities';
// NATS (nats.ts, nats-event-log.ts) is imported by what runs the distributed mode, so that a
// process on the in-process bus never loads its client.
export type { NatsBusOptions } from './nats';
export * from './event-log';
export { DatabaseEventLogStore, EVENT_LOG_RETENTION_MS } from './event-log-store';
