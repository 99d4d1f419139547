/** Starting store-child.ts in its own process (vite-node), reading its lines with a bounded wait. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CHILD_SCRIPT = join(import.meta.dirname, 'store-child.ts');
const VITE_NODE = join(import.meta.dirname, '../../../node_modules/.bin/vite-node');
const CHILD_WAIT_MS_MAX = 20_000;

export interface StoreChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: AsyncIterator<string>;
}

/** Every child started; tests kill the survivors (by their own handle) after each case. */
export const startedChildren: ChildProcessWithoutNullStreams[] = [];

export function startChild(args: readonly string[]): StoreChild {
  const child = spawn(VITE_NODE, [CHILD_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  startedChildren.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`child ${args.join(' ')} exited ${code}: ${stderr}`);
  });
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

export function killStartedChildren(): void {
  for (const child of startedChildren.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** The next line of a child's output, failing after a bounded wait. */
export async function nextLine(lines: AsyncIterator<string>, what: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${CHILD_WAIT_MS_MAX} ms`)), CHILD_WAIT_MS_MAX);
  });
  try {
    const next = await Promise.race([lines.next(), timeout]);
    if (next.done) throw new Error(`child ended before ${what}`);
    return next.value;
  } finally {
    clearTimeout(timer);
  }
}

export function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
