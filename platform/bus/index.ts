export * from './bus';
export * from './contract';
export * from './faults';
export * from './in-process';
export * from './outbox';
export { OutboxEvent, ProcessedEvent } from './outbox.entities';
export { EPHEMERAL_CONSUMER, NatsBus, durableName, type NatsBusOptions } from './nats';
