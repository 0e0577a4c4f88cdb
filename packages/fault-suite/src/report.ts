/** One scenario's outcome, as the suite's table prints it. */
export interface ScenarioResult {
  scenario: string;
  launches: number;
  succeeded: number;
  /** Objects of failed launches left on the hub that their error did not name. */
  orphans: number;
  /** Objects of failed launches left on the hub, named in their error with how to finish. */
  namedLeftovers: number;
  /** Objects beyond one per expected work and Placement, or objects of a second launch. */
  duplicates: number;
  /** Launches that must all succeed here (the hub's errors are ones a client retries). */
  mustSucceed: boolean;
  /** Anything else that went against what the scenario expects, in words. */
  problems: string[];
  seconds: number;
}

/** A scenario's row before anything happened: nothing launched, nothing found. */
export function newResult(
  scenario: string,
  fields: Partial<ScenarioResult> = {},
): ScenarioResult {
  return {
    scenario,
    launches: 0,
    succeeded: 0,
    orphans: 0,
    namedLeftovers: 0,
    duplicates: 0,
    mustSucceed: true,
    problems: [],
    seconds: 0,
    ...fields,
  };
}

/** Why the suite fails: every orphan, duplicate, unexpected failure and problem. */
export function failuresOf(results: ScenarioResult[]): string[] {
  return results.flatMap(r => [
    ...(r.orphans > 0 ? [`${r.scenario}: ${r.orphans} orphaned objects`] : []),
    ...(r.duplicates > 0
      ? [`${r.scenario}: ${r.duplicates} duplicate objects`]
      : []),
    ...(r.mustSucceed && r.succeeded < r.launches
      ? [
          `${r.scenario}: ${r.launches - r.succeeded} of ${
            r.launches
          } launches failed`,
        ]
      : []),
    ...r.problems.map(p => `${r.scenario}: ${p}`),
  ]);
}

const COLUMNS: Array<[string, (r: ScenarioResult) => string]> = [
  ['scenario', r => r.scenario],
  ['launches', r => String(r.launches)],
  ['succeeded', r => String(r.succeeded)],
  ['orphans', r => String(r.orphans)],
  ['left, named', r => String(r.namedLeftovers)],
  ['duplicates', r => String(r.duplicates)],
  ['problems', r => String(r.problems.length)],
  ['time', r => `${r.seconds.toFixed(1)} s`],
];

/** The results as an aligned text table, one scenario per row. */
export function formatReport(results: ScenarioResult[]): string {
  const rows = [
    COLUMNS.map(([title]) => title),
    ...results.map(r => COLUMNS.map(([, cell]) => cell(r))),
  ];
  const widths = COLUMNS.map((_, i) =>
    Math.max(...rows.map(row => row[i].length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}
