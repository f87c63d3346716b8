/**
 * How long `npm start` takes to be ready: from the command to the "graph ready" log line, on a
 * fresh data directory each time (a new user's first start makes its keys and databases), the
 * compiled sources cached as after an earlier start. Prints each run and the median.
 *
 *   npm run bench:start -- [--runs 5] [--json FILE]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { benchArgs, percentile, ROOT } from './support';

const args = benchArgs();
const RUNS = Number(args.get('runs') ?? 5);

/** One `npm start` on free ports and a fresh DATA_DIR: milliseconds to "graph ready". */
function startOnce(): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wallet-start-'));
  const began = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  return new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.includes('"graph ready"')) return;
      resolve(performance.now() - began);
      // npm starts node in a process group of its own: stop them all.
      process.kill(-child.pid!, 'SIGTERM');
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before it was ready`)));
  }).finally(() => {
    child.removeAllListeners('exit');
    return new Promise((resolve) => {
      if (child.exitCode !== null) resolve(undefined);
      else child.once('exit', resolve);
    }).then(() => rmSync(dataDir, { recursive: true, force: true }));
  });
}

async function main(): Promise<void> {
  // The first start compiles the sources into the loader's cache, as a new user's first does.
  const first = await startOnce();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce());
  const sorted = [...runs].sort((a, b) => a - b);
  const summary = {
    firstStartMs: Math.round(first),
    medianMs: Math.round(percentile(sorted, 0.5)),
    fastestMs: Math.round(sorted[0]),
    slowestMs: Math.round(sorted.at(-1)!),
    runs: RUNS,
  };
  console.log(`npm start, ready in (ms): ${runs.map(Math.round).join(', ')}`);
  console.table(summary);
  const json = args.get('json');
  if (json) writeFileSync(json, JSON.stringify(summary, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
