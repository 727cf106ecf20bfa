import { createInterface } from 'node:readline';

/** Prompts need a person: both stdin and stderr (where prompts are written) must be terminals. */
export const interactive = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/** Asks one question on stderr; with `hidden`, typed characters are not echoed (secrets). */
export function ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (options.hidden) {
    const internal = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    let prompted = false;
    internal._writeToOutput = (s: string) => {
      // The first write is the question itself; after that, echo only line ends.
      if (!prompted) {
        prompted = true;
        internal.output.write(s);
      } else if (s.includes('\n') || s.includes('\r')) internal.output.write('\n');
    };
  }
  return new Promise((resolve, reject) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(Object.assign(new Error('cancelled'), { cancelled: true }));
    });
  });
}

/** All of stdin as trimmed, non-empty lines (for secrets piped in). */
export async function readStdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}
