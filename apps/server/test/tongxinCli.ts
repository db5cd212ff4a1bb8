// The real `tongxin` command, spawned as a process, for the tests of its commands.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'apps/server/bin/tongxin.mjs');

/** How a command ended. */
export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repository root to completion, collecting its output; its environment is PATH, HOME and `env`. */
export function run(cmd: string, args: string[], env: Record<string, string | undefined>): Promise<Result> {
  const full: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir(), ...env };
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: full as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs `tongxin …` with the given environment and nothing inherited that could point elsewhere (NODE_ENV test, no demo
 * data, no logs; a variable given as undefined is left out).
 */
export function tongxin(args: string[], env: Record<string, string | undefined>): Promise<Result> {
  return run(process.execPath, [BIN, ...args], { NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent', ...env });
}
