import { BackendFigures } from './measureBackend';

/** One line of the report: a figure per mode, and the target it must meet, if any. */
interface Row {
  what: string;
  value: (figures: BackendFigures) => number;
  unit: 'ms' | 's' | 'MB';
  target?: number;
}

/** The target of a list request: a page of 100, or every cluster in one response. */
function latencyTarget(request: string, clusters: number) {
  if (/[?&]limit=100(&|$)/.test(request)) return 10;
  if (request === `/clusters?limit=${clusters}`) return 50;
  return undefined;
}

/** The targets at 5,000 clusters, 1,000 jobs and 20,000 works. */
function reportRows(clusters: number, requests: string[]): Row[] {
  const latency =
    (request: string, p: 'p50' | 'p95') => (figures: BackendFigures) =>
      figures.latencies.find(l => l.request === request)![p];
  return [
    {
      what: 'start until the API answers',
      value: f => f.startMs / 1000,
      unit: 's',
    },
    {
      what: "cache synced from the hub's first answer",
      value: f => f.syncMs / 1000,
      unit: 's',
      target: 15,
    },
    ...requests.flatMap((request): Row[] => [
      { what: `${request} p50`, value: latency(request, 'p50'), unit: 'ms' },
      {
        what: `${request} p95`,
        value: latency(request, 'p95'),
        unit: 'ms',
        target: latencyTarget(request, clusters),
      },
    ]),
    {
      what: 'hub change to event p50',
      value: f => f.changeToEvent.p50 / 1000,
      unit: 's',
    },
    {
      what: 'hub change to event p95',
      value: f => f.changeToEvent.p95 / 1000,
      unit: 's',
      target: 2,
    },
    {
      what: 'resident memory, once synced',
      value: f => f.syncedRss / 1e6,
      unit: 'MB',
    },
    {
      what: 'resident memory, peak',
      value: f => f.peakRss / 1e6,
      unit: 'MB',
      target: 500,
    },
    {
      what: 'resident memory, at the end',
      value: f => f.endRss / 1e6,
      unit: 'MB',
    },
  ];
}

const DIGITS: Record<Row['unit'], number> = { ms: 1, s: 2, MB: 0 };

/** The figures of each mode side by side, each marked against its target. */
export function formatReport(
  clusters: number,
  modes: Array<{ mode: string; figures: BackendFigures }>,
): string {
  const rows = reportRows(
    clusters,
    modes[0].figures.latencies.map(l => l.request),
  );
  const width = Math.max(...rows.map(r => r.what.length));
  const cell = (text: string) => text.padStart(18);
  const lines = [
    `${''.padEnd(width)} ${modes.map(m => cell(m.mode)).join('')}   target`,
  ];
  for (const row of rows) {
    const cells = modes.map(({ figures }) => {
      const value = row.value(figures);
      const digits = DIGITS[row.unit];
      let verdict = '';
      if (row.target !== undefined)
        verdict = value <= row.target ? ' ok' : ' MISS';
      return cell(`${value.toFixed(digits)} ${row.unit}${verdict}`.padEnd(14));
    });
    const target =
      row.target === undefined ? '' : `≤ ${row.target} ${row.unit}`;
    lines.push(`${row.what.padEnd(width)} ${cells.join('')}   ${target}`);
  }
  return lines.join('\n');
}
