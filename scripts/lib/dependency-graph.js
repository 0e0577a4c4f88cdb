// Checks the workspace's dependency graph, read from the package.json files:
// - no cycle, counting dependencies, devDependencies and peerDependencies between workspaces;
// - the hub simulator is tooling for tests and development: the packages that need it at run
//   time (whatever reaches it through `dependencies`) are leaves that nothing else needs at
//   run time, and none of them is a published package (publishConfig) or an app that is
//   deployed (role frontend or backend).
// Prints each violation and exits 1. Run from the repository root (scripts/test.sh does).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const SIMULATOR = '@ocm-fl/hub-simulator';
const ALL_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies'];
const DEPLOYED_ROLES = new Set(['frontend', 'backend']);

/** name -> package.json of every workspace but the root. */
function readWorkspaces(root) {
  const listed = execFileSync('yarn', ['workspaces', 'list', '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  const packages = new Map();
  for (const line of listed.trim().split('\n')) {
    const { location } = JSON.parse(line);
    if (location === '.') continue;
    const pkg = JSON.parse(
      fs.readFileSync(path.join(root, location, 'package.json'), 'utf8'),
    );
    packages.set(pkg.name, { ...pkg, location });
  }
  return packages;
}

/** The workspaces that `pkg` names in the given fields. */
function edges(packages, pkg, fields) {
  return fields.flatMap(field =>
    Object.keys(pkg[field] ?? {}).filter(name => packages.has(name)),
  );
}

/** Each cycle found by a depth-first walk, as the list of names around it. */
function findCycles(packages) {
  const cycles = [];
  const state = new Map(); // name -> 'open' while on the path, 'done' after
  const walk = (name, trail) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(name)), name]);
      return;
    }
    state.set(name, 'open');
    for (const next of edges(packages, packages.get(name), ALL_FIELDS))
      walk(next, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of packages.keys()) walk(name, []);
  return cycles;
}

/** The simulator and every workspace that reaches it through `dependencies`. */
function simulatorTooling(packages) {
  const reaches = new Map();
  const visit = (name, seen) => {
    if (name === SIMULATOR) return true;
    if (reaches.has(name)) return reaches.get(name);
    if (seen.has(name)) return false;
    seen.add(name);
    const result = edges(packages, packages.get(name), ['dependencies']).some(
      next => visit(next, seen),
    );
    reaches.set(name, result);
    return result;
  };
  return new Set([...packages.keys()].filter(name => visit(name, new Set())));
}

/** Every violation of the rules above, as a sentence. */
function violations(packages) {
  const found = findCycles(packages).map(
    cycle => `dependency cycle: ${cycle.join(' -> ')}`,
  );
  const tooling = simulatorTooling(packages);
  for (const [name, pkg] of packages) {
    for (const dependency of edges(packages, pkg, ['dependencies'])) {
      if (dependency !== SIMULATOR && tooling.has(dependency))
        found.push(
          `${name} (${pkg.location}) needs ${dependency} at run time, which itself needs ${SIMULATOR} at run time`,
        );
    }
    if (
      tooling.has(name) &&
      (pkg.publishConfig || DEPLOYED_ROLES.has(pkg.backstage?.role))
    )
      found.push(
        `${name} (${pkg.location}) is published or deployed and needs ${SIMULATOR} at run time`,
      );
  }
  return found;
}

module.exports = { violations, findCycles, simulatorTooling };

if (require.main === module) {
  const found = violations(readWorkspaces(process.cwd()));
  for (const line of found) console.error(line);
  if (found.length > 0) process.exit(1);
  console.log('dependency graph: no cycle; the hub simulator is a leaf');
}
