export * from './bus';
export * from './in-process';
export * from './outbox';
export { OutboxEvent, ProcessedEvent } from './outbox.entities';
export { EPHEMERAL_CONSUMER, NatsBus, type NatsBusOptions } from './nats';
