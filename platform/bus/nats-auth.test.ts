import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod/v4';
import { createLogger } from '../logger';
import { defineCommand } from './contract';
import { NatsBus } from './nats';

const SERVER = '/usr/sbin/nats-server';
const logger = createLogger('silent');
const echo = defineCommand('test.echo', {
  request: z.object({ n: z.number() }),
  reply: z.object({ n: z.number() }),
});

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const describeServer = existsSync(SERVER) || process.env.CI === 'true' ? describe : describe.skip;

describeServer('a NATS server that requires credentials', () => {
  let server: ChildProcess;
  let storeDir: string;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    storeDir = mkdtempSync(path.join(os.tmpdir(), 'nats-auth-'));
    url = `nats://127.0.0.1:${port}`;
    server = spawn(
      SERVER,
      [
        '-a',
        '127.0.0.1',
        '-p',
        String(port),
        '-js',
        '-sd',
        storeDir,
        '--user',
        'wallet',
        '--pass',
        's3cret-pass',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // The server says on stderr when it accepts client connections.
    await new Promise<void>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`nats-server exited with ${code}`)));
      createInterface({ input: server.stderr! }).on('line', (line) => {
        if (line.includes('Server is ready')) resolve();
      });
    });
  });

  afterAll(async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('accepts a bus with the user and password, answering its commands', async () => {
    const bus = await NatsBus.connect({
      url,
      logger,
      stream: 'AUTH_TEST',
      subjectPrefix: 'auth.events',
      credentials: { user: 'wallet', password: 's3cret-pass' },
    });
    try {
      bus.handle(echo, async ({ n }) => ({ n: n + 1 }));
      await bus.ready();
      await expect(bus.request(echo, { n: 41 })).resolves.toEqual({ n: 42 });
    } finally {
      await bus.close();
    }
  });

  it('refuses a bus without credentials, or with the wrong ones', async () => {
    await expect(NatsBus.connect({ url, logger, stream: 'AUTH_TEST' })).rejects.toThrow(/Authorization/i);
    await expect(
      NatsBus.connect({
        url,
        logger,
        stream: 'AUTH_TEST',
        credentials: { user: 'wallet', password: 'guess' },
      }),
    ).rejects.toThrow(/Authorization/i);
  });
});
