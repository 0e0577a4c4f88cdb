/** Metric values as short strings: 4 significant digits are plenty for loss and accuracy. */
export function formatMetrics(
  metrics: Record<string, number> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metrics ?? {}).map(([name, value]) => [
      name,
      Number.isInteger(value) ? String(value) : value.toPrecision(4),
    ]),
  );
}

/** Rows for a chart: one per round, a column per metric; and the metric names. */
export function metricsChartData(
  byRound: Array<{ round: number; metrics: Record<string, number> }>,
): { rows: Array<Record<string, number>>; names: string[] } {
  const names = [
    ...new Set(byRound.flatMap(r => Object.keys(r.metrics))),
  ].sort();
  const rows = [...byRound]
    .sort((a, b) => a.round - b.round)
    .map(r => ({ round: r.round, ...r.metrics }));
  return { rows, names };
}

/** Metrics that count things (clients, examples) rather than measure the model. */
export function isCountMetric(name: string): boolean {
  return /^(clients|num[-_].+|.+[-_]count)$/.test(name);
}
