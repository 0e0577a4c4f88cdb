import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CodeBlock, REPO_ROOT } from '../../markdown';
import { shellCommands } from '../session';
import { flagListed } from './toolHelp';

/**
 * Repository commands (scripts, yarn scripts, tests): each script file exists and is
 * executable, each `yarn <script>` is a script of the root or the named workspace, and each
 * path given to `repo test` exists.
 */
export async function checkRepoCommands(block: CodeBlock) {
  const root = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
  );
  const workspaces = new Map<string, any>();
  for (const folder of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(REPO_ROOT, folder))) {
      const file = path.join(REPO_ROOT, folder, name, 'package.json');
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
        workspaces.set(pkg.name, { ...pkg, dir: path.join(folder, name) });
      }
    }
  }
  for (const command of shellCommands(block, { HOME: '/root' })) {
    const [first, ...rest] = command.words;
    const where = `${block.file}:${command.line}`;
    if (first.startsWith('scripts/') || first === 'bash') {
      const script = first === 'bash' ? rest[0] : first;
      const stat = fs.statSync(path.join(REPO_ROOT, script), {
        throwIfNoEntry: false,
      });
      if (!stat) throw new Error(`${where}: ${script} does not exist`);
      if (first !== 'bash' && !(stat.mode & 0o111))
        throw new Error(`${where}: ${script} is not executable`);
      continue;
    }
    if (first !== 'yarn') throw new Error(`${where}: not a repository command`);
    let [script, ...args] = rest;
    let scripts = root.scripts;
    let scriptDir = REPO_ROOT;
    if (script === 'workspace') {
      const pkg = workspaces.get(args[0]);
      if (!pkg) throw new Error(`${where}: no workspace ${args[0]}`);
      scripts = pkg.scripts;
      scriptDir = path.join(REPO_ROOT, pkg.dir);
      [script, ...args] = args.slice(1);
    }
    if (script === 'install' || script === 'prettier' || script === 'tsc')
      continue;
    if (script === 'backstage-cli') {
      for (const target of args.filter(
        a => !a.startsWith('-') && /[/.]/.test(a),
      ))
        if (!fs.existsSync(path.join(REPO_ROOT, target)))
          throw new Error(`${where}: ${target} does not exist`);
      continue;
    }
    if (!scripts?.[script])
      throw new Error(`${where}: there is no yarn script ${script}`);
    // A script that runs a bin of ours: its (sub)command's help must list each flag used.
    const bin = /^node (\S+)$/.exec(scripts[script])?.[1];
    const flags = args.filter(a => a.startsWith('-'));
    if (bin && flags.length > 0) {
      const firstFlag = args.findIndex(a => a.startsWith('-'));
      const subcommand = firstFlag < 0 ? args : args.slice(0, firstFlag);
      const help = execFileSync('node', [bin, ...subcommand, '--help'], {
        cwd: scriptDir,
        encoding: 'utf8',
      });
      for (const flag of flags) {
        if (!flagListed(help, flag))
          throw new Error(
            `${where}: ${script} ${subcommand.join(' ')} has no flag ${flag}`,
          );
      }
    }
  }
}
