import { Writable } from 'node:stream';
import type { Logger } from '../../platform/logger';
import { createLogger } from '../../platform/logger';

/** Every line a logger writes, kept in memory: for asserting that nothing secret is logged. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.lines.push(chunk.toString('utf8'));
      done();
    },
  });

  /** A logger of the platform's own (redaction included) writing here at `level`. */
  logger(level = 'trace'): Logger {
    return createLogger(level, 'test', this.stream);
  }

  /** Everything written so far. */
  text(): string {
    return this.lines.join('');
  }
}
