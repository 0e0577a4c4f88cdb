import { isCountMetric, metricsChartData } from './metrics';

describe('chart metrics', () => {
  it('puts counts apart from what measures the model', () => {
    expect(
      ['clients', 'num_examples', 'num-clients', 'round_count'].filter(
        isCountMetric,
      ),
    ).toHaveLength(4);
    expect(
      ['loss', 'accuracy', 'val_loss', 'account'].some(isCountMetric),
    ).toBe(false);
  });

  it('gives a row per round in order and every metric name', () => {
    expect(
      metricsChartData([
        { round: 2, metrics: { loss: 0.5, clients: 2 } },
        { round: 1, metrics: { loss: 0.9, accuracy: 0.6 } },
      ]),
    ).toEqual({
      rows: [
        { round: 1, loss: 0.9, accuracy: 0.6 },
        { round: 2, loss: 0.5, clients: 2 },
      ],
      names: ['accuracy', 'clients', 'loss'],
    });
  });
});
