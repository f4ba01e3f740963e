import { describe, expect, it } from 'vitest';
import { DEFAULT_TOUR_SECONDS, kioskFromSearch } from './kiosk.store';

describe('kiosk mode from the address', () => {
  it('is on with kiosk=1 and off without it', () => {
    expect(kioskFromSearch('?kiosk=1').active).toBe(true);
    expect(kioskFromSearch('?lang=zh-CN&kiosk=true').active).toBe(true);
    expect(kioskFromSearch('?kiosk=0').active).toBe(false);
    expect(kioskFromSearch('').active).toBe(false);
  });

  it('tours at 20 s a stop unless told a sane shorter or longer time', () => {
    expect(kioskFromSearch('?kiosk=1').tourSeconds).toBe(DEFAULT_TOUR_SECONDS);
    expect(kioskFromSearch('?kiosk=1&tourSeconds=5').tourSeconds).toBe(5);
    expect(kioskFromSearch('?kiosk=1&tourSeconds=0').tourSeconds).toBe(DEFAULT_TOUR_SECONDS);
    expect(kioskFromSearch('?kiosk=1&tourSeconds=abc').tourSeconds).toBe(DEFAULT_TOUR_SECONDS);
  });
});
