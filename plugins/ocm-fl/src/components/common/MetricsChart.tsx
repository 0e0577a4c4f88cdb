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
import { metricsChartData } from '../models/metrics';

/** Each metric per training round, a line each. Loaded lazily: recharts is large. */
export default function MetricsChart(props: {
  byRound: Array<{ round: number; metrics: Record<string, number> }>;
}) {
  const theme = useTheme();
  const { rows, names } = metricsChartData(props.byRound);
  const colors = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success?.main ?? '#4caf50',
    theme.palette.warning?.main ?? '#ff9800',
  ];
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={rows} margin={{ top: 8, right: 24, left: 0, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="round"
          allowDecimals={false}
          label={{ value: 'Round', position: 'insideBottomRight', offset: -4 }}
        />
        <YAxis />
        <Tooltip />
        <Legend />
        {names.map((name, i) => (
          <Line
            key={name}
            type="monotone"
            dataKey={name}
            stroke={colors[i % colors.length]}
            dot
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
