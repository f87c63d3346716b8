import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that must never reach a log line: credentials, card data and tokens. pino removes
 * them before serialising, wherever they appear in a logged object.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'number',
  '*.number',
  'cvc',
  '*.cvc',
  'clientSecret',
  '*.clientSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  'code',
  'input.number',
  'input.cvc',
  'input.password',
  'variables.input.number',
  'variables.input.cvc',
  'variables.input.password',
];

/** The root logger of a process: JSON lines on stdout (or `destination`), secrets removed. */
export function createLogger(level: string, name = 'wallet-graph', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: { paths: REDACTED_PATHS, remove: true },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
