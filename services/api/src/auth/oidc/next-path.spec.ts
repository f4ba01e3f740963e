import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNextPath('/console')).toBe('/console');
    expect(safeNextPath('/replay?at=2026-01-01T00:00:00Z#map')).toBe('/replay?at=2026-01-01T00:00:00Z#map');
  });

  it('sends anything else to /', () => {
    for (const next of [undefined, '', 'console', 'https://evil.example/', '//evil.example/x', '/\\evil.example', '/..//evil.example', '/\t/evil.example', ['/console'], `/${'a'.repeat(2000)}`]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });
});
