export * from './access';
export * from './keys';
export * from './revocations';
export * from './tokens';
export * from './viewer';
export * from './token-cache';
export * from './gateway-signature';
