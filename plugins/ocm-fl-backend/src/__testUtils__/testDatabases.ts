import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** The PostgreSQL versions a test server may be; scripts/test.sh starts whichever Debian ships. */
const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/** backend-test-utils' variable for a database id, e.g. POSTGRES_15 -> ..._POSTGRES15_... */
export const connectionStringVariable = (id: TestDatabaseId) =>
  `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`;

/**
 * The databases the backend's tests run on: SQLite always, and the PostgreSQL server whose
 * connection string is set (no containers are started). In CI (`CI` set) a missing server
 * fails the tests rather than leaving PostgreSQL untested.
 */
export function postgresTestDatabaseIds(
  env: Record<string, string | undefined> = process.env,
): TestDatabaseId[] {
  const postgres = POSTGRES_IDS.filter(id => env[connectionStringVariable(id)]);
  if (postgres.length === 0 && env.CI) {
    throw new Error(
      `No PostgreSQL to test on: set one of ${POSTGRES_IDS.map(
        connectionStringVariable,
      ).join(', ')} (scripts/test.sh starts a server and sets it)`,
    );
  }
  return postgres;
}

/** TestDatabases over SQLite and, when there is one, the test PostgreSQL server. */
export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: [...postgresTestDatabaseIds(), 'SQLITE_3'],
    disableDocker: true,
  });
}
