import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from '@material-ui/core/styles';
import { isCountMetric, metricsChartData } from '../models/metrics';

/**
 * Each metric per training round, a line each. Counts (clients, examples) have their own
 * axis on the right: on the scale of loss and accuracy they would flatten both lines.
 * Loaded lazily: recharts is large.
 */
export default function MetricsChart(props: {
  byRound: Array<{ round: number; metrics: Record<string, number> }>;
}) {
  const theme = useTheme();
  const { rows, names } = metricsChartData(props.byRound);
  const hasCounts = names.some(isCountMetric);
  const colors = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success?.main ?? '#4caf50',
    theme.palette.warning?.main ?? '#ff9800',
  ];
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="round"
          allowDecimals={false}
          label={{ value: 'Round', position: 'insideBottomRight', offset: -4 }}
        />
        <YAxis yAxisId="value" />
        {hasCounts && (
          <YAxis
            yAxisId="count"
            orientation="right"
            allowDecimals={false}
            label={{ value: 'count', angle: 90, position: 'insideRight' }}
          />
        )}
        <Tooltip />
        <Legend />
        {names.map((name, i) => (
          <Line
            key={name}
            type="monotone"
            dataKey={name}
            yAxisId={isCountMetric(name) ? 'count' : 'value'}
            stroke={colors[i % colors.length]}
            dot
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
