import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.join(__dirname, '..', '..');

/** One JSON log line of a child process. */
export type LogLine = Record<string, unknown> & { msg?: string };

/**
 * A process of the graph (`main.ts <role>`), started from source, whose JSON log lines a test
 * can wait for: the process says when it listens, when it has applied an event, when a request
 * is in flight, so a test never guesses with a sleep.
 */
export class GraphProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private readonly lines: LogLine[] = [];
  private readonly waiters = new Set<{
    match: (line: LogLine) => boolean;
    resolve: (line: LogLine) => void;
  }>();

  constructor(
    readonly role: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, ['-r', './scripts/register.js', 'main.ts', role], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    createInterface({ input: this.child.stdout! }).on('line', (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        return;
      }
      this.lines.push(line);
      for (const waiter of this.waiters) {
        if (waiter.match(line)) {
          this.waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    });
  }

  /** Resolves with the first log line that matches, including one written before the call. */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs = 60_000): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.role}: no log line "${what}" within ${timeoutMs} ms`));
      }, timeoutMs);
      void this.exited.then((code) => {
        if (!this.waiters.has(waiter)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        reject(new Error(`${this.role} exited with ${code} before logging "${what}"`));
      });
      this.waiters.add(waiter);
    });
  }

  /** Resolves once the process has logged that it listens (a subgraph or the gateway). */
  listening(): Promise<LogLine> {
    return this.waitForLog((line) => /listening$/.test(line.msg ?? ''), 'listening');
  }

  /** Sends SIGTERM (unless it has exited) and resolves with its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
