import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const MAIN = path.resolve(__dirname, '../../dist/main.js');

/** Builds the service so the child runs the code under test, not a stale dist/. */
export function buildIngest(): void {
  const result = spawnSync('pnpm', ['exec', 'tsc', '-b', 'services/ingest'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building services/ingest failed:\n${result.stdout}${result.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `node dist/main.js` as a child process: the only way to test a real SIGKILL. */
export class IngestProcess {
  /** Last log lines (JSON), for diagnostics and for reading final counters. */
  readonly lines: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    // Whole lines only: a chunk may end inside one, so each stream keeps its unfinished tail.
    const keeper = () => {
      let tail = '';
      return (chunk: Buffer) => {
        const parts = (tail + chunk.toString('utf8')).split('\n');
        tail = parts.pop() ?? '';
        for (const line of parts) {
          if (!line) continue;
          this.lines.push(line);
          if (this.lines.length > 20_000) this.lines.shift();
        }
      };
    };
    child.stdout?.on('data', keeper());
    child.stderr?.on('data', keeper());
    // 'close', not 'exit': 'exit' can come before the pipes are drained, and the last lines a process
    // wrote before it was killed (the crash point's) would be missing from `lines`.
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  }

  static start(env: Record<string, string>): IngestProcess {
    const child = spawn(process.execPath, [MAIN], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new IngestProcess(child);
  }

  /** Resolves when the process is gone, however it went. */
  get exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }

  /** Sends the signal and resolves when the process is gone. */
  async stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    return this.exited;
  }

  logsWith(message: string): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        return entry.msg === message ? [entry] : [];
      } catch {
        return [];
      }
    });
  }

  tail(n = 40): string {
    return this.lines.slice(-n).join('\n');
  }
}
