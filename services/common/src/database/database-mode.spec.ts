import { describe, expect, it } from 'vitest';
import { DatabaseModeError, decideDatabaseMode, type TimescaleProbe } from './database-mode';

const server = (over: Partial<TimescaleProbe>): TimescaleProbe => ({
  available: false, preloaded: false, created: false, preloadSetting: '', serverVersion: '15.18', ...over,
});
const withExtension = server({ available: true, preloaded: true, preloadSetting: 'timescaledb' });
const installedNotPreloaded = server({ available: true, preloadSetting: 'pg_stat_statements' });
const bare = server({});
const recorded = (mode: 'plain' | 'timescaledb') => ({ mode, chosenAt: new Date('2026-12-01T00:00:00Z'), chosenBy: 'DB_MODE=auto' });

describe('decideDatabaseMode', () => {
  it('auto takes the extension where the server has it and preloads it, plain otherwise, and says why', () => {
    expect(decideDatabaseMode('auto', withExtension, undefined)).toMatchObject({ mode: 'timescaledb', fresh: true });
    const plain = decideDatabaseMode('auto', installedNotPreloaded, undefined);
    expect(plain).toMatchObject({ mode: 'plain', fresh: true });
    expect(plain.reason).toContain("shared_preload_libraries is 'pg_stat_statements'");
    expect(decideDatabaseMode('auto', bare, undefined).reason).toContain('no timescaledb extension installed');
    // A database where the extension was created already (an image that creates it) counts as usable.
    expect(decideDatabaseMode('auto', server({ created: true }), undefined).mode).toBe('timescaledb');
  });

  it('plain never uses the extension, even where the server offers it', () => {
    expect(decideDatabaseMode('plain', withExtension, undefined)).toMatchObject({ mode: 'plain', reason: 'DB_MODE=plain' });
  });

  it('timescaledb refuses to start where the extension is missing or not preloaded, naming which', () => {
    expect(decideDatabaseMode('timescaledb', withExtension, undefined).mode).toBe('timescaledb');
    expect(() => decideDatabaseMode('timescaledb', bare, undefined)).toThrow(/DB_MODE=timescaledb, but .*no timescaledb extension installed/);
    expect(() => decideDatabaseMode('timescaledb', installedNotPreloaded, undefined)).toThrow(/must include 'timescaledb'/);
    expect(() => decideDatabaseMode('timescaledb', bare, undefined)).toThrow(DatabaseModeError);
  });

  it('keeps the recorded mode; an explicit other mode is refused, never half-converted', () => {
    expect(decideDatabaseMode('auto', withExtension, recorded('plain'))).toMatchObject({ mode: 'plain', fresh: false });
    expect(decideDatabaseMode('plain', withExtension, recorded('plain')).mode).toBe('plain');
    expect(() => decideDatabaseMode('timescaledb', withExtension, recorded('plain'))).toThrow(
      /DB_MODE=timescaledb, but this database was built in plain mode .*set DB_MODE=plain or auto/,
    );
    expect(() => decideDatabaseMode('plain', withExtension, recorded('timescaledb'))).toThrow(/built in timescaledb mode/);
  });

  it('refuses a timescaledb database on a server that lost the extension', () => {
    expect(() => decideDatabaseMode('auto', installedNotPreloaded, recorded('timescaledb'))).toThrow(
      /built in timescaledb mode, but the server does not preload it/,
    );
  });
});
