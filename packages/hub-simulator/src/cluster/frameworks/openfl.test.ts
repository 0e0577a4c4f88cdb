import { openflCommandProblems, readFxCommandLine } from './openfl';

const container = (command: string[], args?: string[]) => ({
  name: 'aggregator',
  command,
  args,
});

describe("OpenFL 1.6's fx command table", () => {
  it('accepts the command lines the renderer gives, in every form click reads', () => {
    for (const command of [
      ['fx', 'aggregator', 'start'],
      [
        'fx',
        '-l',
        'debug',
        '--no-warnings',
        'aggregator',
        'start',
        '-p',
        'plan/plan.yaml',
      ],
      [
        'fx',
        'aggregator',
        'start',
        '--plan=plan/plan.yaml',
        '-cplan/cols.yaml',
      ],
      [
        '/usr/local/bin/fx',
        'collaborator',
        'start',
        '-n',
        'hospital-paris',
        '-s',
      ],
      [
        'fx',
        'collaborator',
        'start',
        '--collaborator_name',
        'a',
        '--data_config',
        'plan/data.yaml',
      ],
    ])
      expect(openflCommandProblems(container(command))).toEqual([]);
    expect(
      readFxCommandLine(
        container(['fx', 'collaborator', 'start'], ['-n', 'hospital-paris']),
      )?.line?.options.get('--collaborator_name'),
    ).toBe('hospital-paris');
  });

  it('refuses an unknown flag, citing where the command is defined', () => {
    expect(
      openflCommandProblems(
        container(['fx', 'aggregator', 'start', '--rounds', '3']),
      ),
    ).toEqual([
      'container aggregator: fx aggregator start (openfl/interface/aggregator.py, start_): no such option --rounds',
      'container aggregator: fx aggregator start (openfl/interface/aggregator.py, start_): unexpected extra argument 3',
    ]);
    expect(
      openflCommandProblems(
        container(['fx', '--verbose', 'aggregator', 'start']),
      ),
    ).toEqual(['container aggregator: fx: no such option --verbose']);
  });

  it('refuses a missing required option or value, a flag given a value, and commands outside the table', () => {
    expect(
      openflCommandProblems(container(['fx', 'collaborator', 'start'])),
    ).toEqual([
      'container aggregator: fx collaborator start (openfl/interface/collaborator.py, start_): missing option -n / --collaborator_name',
    ]);
    expect(
      openflCommandProblems(container(['fx', 'collaborator', 'start', '-n'])),
    ).toEqual([
      'container aggregator: fx collaborator start (openfl/interface/collaborator.py, start_): -n requires an argument',
      'container aggregator: fx collaborator start (openfl/interface/collaborator.py, start_): missing option -n / --collaborator_name',
    ]);
    expect(
      openflCommandProblems(
        container(['fx', 'aggregator', 'start', '--secure=yes']),
      ),
    ).toEqual([
      'container aggregator: fx aggregator start (openfl/interface/aggregator.py, start_): --secure is a flag and takes no value',
    ]);
    expect(
      openflCommandProblems(container(['fx', 'plan', 'initialize'])),
    ).toEqual([
      'container aggregator: fx plan initialize: not a command of the OpenFL 1.6 table (aggregator start, collaborator start)',
    ]);
  });

  it('leaves other programs alone', () => {
    expect(
      openflCommandProblems(container(['python3', '-c', 'print(1)'])),
    ).toEqual([]);
    expect(openflCommandProblems({ name: 'x' })).toEqual([]);
  });
});
