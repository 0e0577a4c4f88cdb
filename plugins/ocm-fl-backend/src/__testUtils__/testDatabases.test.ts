import {
  connectionStringVariable,
  postgresTestDatabaseIds,
} from './testDatabases';

describe('postgresTestDatabaseIds', () => {
  it('names the PostgreSQL server whose connection string is set', () => {
    expect(connectionStringVariable('POSTGRES_15')).toBe(
      'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
    expect(
      postgresTestDatabaseIds({
        CI: 'true',
        BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
          'postgresql://postgres:secret@127.0.0.1:5432',
      }),
    ).toEqual(['POSTGRES_15']);
  });

  it('fails in CI without a server, rather than leaving PostgreSQL untested', () => {
    expect(() => postgresTestDatabaseIds({ CI: 'true' })).toThrow(
      /No PostgreSQL to test on: set one of .*POSTGRES15_CONNECTION_STRING.* \(scripts\/test.sh starts a server and sets it\)/,
    );
  });

  it('leaves PostgreSQL out outside CI without a server', () => {
    expect(postgresTestDatabaseIds({})).toEqual([]);
  });
});
