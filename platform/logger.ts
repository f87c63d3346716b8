import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

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

/**
 * The root logger of a process: JSON lines on stdout (or `destination`), secrets removed. Each
 * key appears once per line: children add keys of their own (`subgraph`, `component`,
 * `requestId`) and never one a parent already set.
 */
export function createLogger(
  level: string,
  service = 'wallet-graph',
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, remove: true },
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Where a process writes its logs: readable coloured lines when a person watches a terminal in
 * development, JSON lines otherwise (production, pipes, files, log collectors).
 */
export function consoleDestination(options: { production: boolean; terminal: boolean }): DestinationStream {
  if (options.production || !options.terminal) return pino.destination(1);
  return pretty({
    colorize: true,
    singleLine: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'service,pid,hostname',
  });
}
