import { missingFinalFiles, parseModelFiles } from './parseModelFiles';

describe('parseModelFiles', () => {
  it('reads checkpoint rounds, metrics per round and final files', () => {
    const artifacts = parseModelFiles(
      's3://models/fl/mnist/',
      [
        'checkpoints/round-2/model.bin',
        'checkpoints/round-1/model.bin',
        'weights_round_3.npz',
        'best.pbuf',
        'metrics.jsonl',
        'model/final.bin',
      ],
      '{"round": 2, "metrics": {"loss": 0.5, "note": "x"}}\n{"round": 1, "metrics": {"loss": 0.9}}\nnot json\n{"round": "3"}\n',
    );
    expect(artifacts).toMatchObject({
      checkpoints: [1, 2, 3],
      metrics: [
        { round: 1, metrics: { loss: 0.9 } },
        { round: 2, metrics: { loss: 0.5 } },
      ],
      files: ['best.pbuf', 'model/final.bin'],
      latestRound: 3,
    });
    expect(artifacts.badLines).toEqual([
      expect.stringMatching(/^line 3: /),
      'line 4: needs an integer "round" and an object "metrics"',
    ]);
  });

  it('is empty for a job that wrote nothing yet', () => {
    expect(parseModelFiles('s3://b/p/j/', [])).toMatchObject({
      checkpoints: [],
      metrics: [],
      latestRound: 0,
    });
  });
});

describe('missingFinalFiles', () => {
  const artifacts = (files: string[], latestRound: number) => ({
    files,
    latestRound,
  });

  it('asks Flower for a final model under model/ and every round', () => {
    const flower = { framework: 'flower', rounds: 3 };
    expect(
      missingFinalFiles(artifacts(['model/final.bin'], 3), flower),
    ).toEqual([]);
    expect(missingFinalFiles(artifacts([], 3), flower)).toEqual(['model/...']);
    expect(
      missingFinalFiles(artifacts(['model/final.bin'], 2), flower),
    ).toEqual(['round 3 (the files show round 2)']);
  });

  it("asks OpenFL for both of the plan's state files", () => {
    const openfl = { framework: 'openfl', rounds: 2 };
    expect(
      missingFinalFiles(artifacts(['best.pbuf', 'last.pbuf'], 2), openfl),
    ).toEqual([]);
    expect(missingFinalFiles(artifacts(['best.pbuf'], 2), openfl)).toEqual([
      'last.pbuf',
    ]);
  });
});
