import { PLATFORM_SQL_DIR } from '../migrations/migration-runner';
import { serviceMigrationSources } from './service-app';

describe('serviceMigrationSources', () => {
  it("applies the platform's SQL, then shared lib SQL, then the service's own", () => {
    expect(
      serviceMigrationSources('calendar', '/db/calendar', [{ name: 'access', dir: '/libs/access/sql' }]),
    ).toEqual([
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      { name: 'access', dir: '/libs/access/sql' },
      { name: 'calendar', dir: '/db/calendar' },
    ]);
  });

  it('is platform then service when no shared SQL is given (as before)', () => {
    expect(serviceMigrationSources('identity', '/db/identity')).toEqual([
      { name: 'platform', dir: PLATFORM_SQL_DIR },
      { name: 'identity', dir: '/db/identity' },
    ]);
  });

  it('refuses two sources of one name, whose files would be recorded under the same ids', () => {
    expect(() =>
      serviceMigrationSources('calendar', '/db/calendar', [{ name: 'calendar', dir: '/x' }]),
    ).toThrow(/distinct names/);
  });
});
