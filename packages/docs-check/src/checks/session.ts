import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseShell, ParseEntry } from 'shell-quote';
import { runCli } from '@ocm-fl/cli';
import { startTestHub, TEST_TOKEN } from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { CodeBlock } from '../markdown';

/**
 * The hub variables that pages use in commands. In a test, the test hub stands in for
 * whatever hub the page means: these always point at it, whatever a page exports.
 */
export const HUB_VARIABLES = [
  'OCM_HUB_URL',
  'OCM_HUB_TOKEN',
  'OCM_HUB_CA_FILE',
  'KUBECONFIG',
] as const;

/** One command of a shell block: its words after variable expansion. */
export interface ShellCommand {
  line: number;
  /** `NAME=value` prefixes, e.g. `CI=true yarn ...`. */
  env: Record<string, string>;
  words: string[];
}

/**
 * Splits a shell block into commands (comments dropped, `\` continuations joined) and
 * expands `$VAR`/`${VAR}` from `vars`. Pipes, redirections and `&&` are refused: every
 * command in the docs must be a single command a test can run or check.
 */
export function shellCommands(
  block: CodeBlock,
  vars: Record<string, string> = {},
): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let pending = '';
  let first = 0;
  block.content.split('\n').forEach((text, index) => {
    if (!pending) first = index;
    if (text.endsWith('\\')) {
      pending += `${text.slice(0, -1)} `;
      return;
    }
    const full = pending + text;
    pending = '';
    if (!full.trim() || full.trim().startsWith('#')) return;
    const where = `${block.file}:${block.line + 1 + first}`;
    const entries: ParseEntry[] = parseShell(full, name => {
      if (!(name in vars))
        throw new Error(`${where}: $${name} is not set by the page`);
      return vars[name];
    });
    const words: string[] = [];
    for (const entry of entries) {
      if (typeof entry === 'string') words.push(entry);
      else if ('comment' in entry) break;
      else
        throw new Error(
          `${where}: use one plain command per line (found ${JSON.stringify(
            entry,
          )})`,
        );
    }
    const env: Record<string, string> = {};
    while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
      const [name, ...value] = words.shift()!.split('=');
      env[name] = value.join('=');
    }
    commands.push({ line: block.line + 1 + first, env, words });
  });
  return commands;
}

/**
 * A page read top to bottom as a reader would: blocks with `save-as=<file>` are written to
 * a working folder, `export` lines set variables, and `ocm-fl` commands run against a test
 * hub (the OCM hub simulator over HTTPS with the official CRDs).
 */
export class PageSession {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-docs-'));
  readonly vars: Record<string, string> = {};
  private hub?: HubSimulator;

  /** The files saved so far, by the name the page gives them. */
  readonly saved = new Map<string, string>();

  save(block: CodeBlock) {
    const name = block.options['save-as'];
    if (!name) return;
    fs.writeFileSync(path.join(this.dir, name), block.content);
    this.saved.set(name, block.content);
  }

  async startHub(): Promise<HubSimulator> {
    if (this.hub) return this.hub;
    const { sim } = await startTestHub({
      flRuntime: { roundDurationMs: 50, clientWaitMs: 5_000 },
    });
    this.hub = sim;
    const caFile = path.join(this.dir, 'hub-ca.pem');
    fs.writeFileSync(caFile, sim.caPem ?? '');
    const kubeconfig = path.join(this.dir, 'hub.kubeconfig');
    fs.writeFileSync(kubeconfig, sim.kubeconfig(TEST_TOKEN));
    Object.assign(this.hubVars, {
      OCM_HUB_URL: sim.url,
      OCM_HUB_TOKEN: TEST_TOKEN,
      OCM_HUB_CA_FILE: caFile,
      KUBECONFIG: kubeconfig,
    });
    Object.assign(this.vars, this.hubVars);
    return sim;
  }

  private readonly hubVars: Record<string, string> = {};

  /** `export A=b C=d`: sets variables, except the hub's, which stay the test hub's. */
  export(command: ShellCommand) {
    for (const assignment of command.words.slice(1)) {
      const [name, ...value] = assignment.split('=');
      if (!(HUB_VARIABLES as readonly string[]).includes(name))
        this.vars[name] = value.join('=');
    }
  }

  /** Runs `ocm-fl ...` in-process in the working folder; returns its exit code and output. */
  async runOcmFl(args: string[]) {
    let stdout = '';
    let stderr = '';
    const cwd = process.cwd();
    process.chdir(this.dir);
    try {
      const code = await runCli(args, {
        stdout: text => (stdout += text),
        stderr: text => (stderr += text),
        stdin: () => '',
      });
      return { code, stdout, stderr };
    } finally {
      process.chdir(cwd);
    }
  }

  async close() {
    await this.hub?.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
