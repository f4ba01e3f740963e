import { describe, expect, it } from 'vitest';
import { addressWithoutFragment, kioskCredentialFrom } from './kiosk-link';

describe('the kiosk link', () => {
  it('finds the credential in the fragment, alone or among other entries', () => {
    expect(kioskCredentialFrom('#kiosk=abc123')).toBe('abc123');
    expect(kioskCredentialFrom('#x=1&kiosk=abc123&y=2')).toBe('abc123');
    expect(kioskCredentialFrom('#kiosk=a%2Bb%2F')).toBe('a+b/');
    // Kept as written: '+' is part of a credential, not a space.
    expect(kioskCredentialFrom('#kiosk=a+b')).toBe('a+b');
  });

  it('finds none without it, or when it is empty', () => {
    expect(kioskCredentialFrom('')).toBeNull();
    expect(kioskCredentialFrom('#')).toBeNull();
    expect(kioskCredentialFrom('#kiosk=')).toBeNull();
    expect(kioskCredentialFrom('#notkiosk=abc')).toBeNull();
  });

  it('takes a mangled escape as it stands', () => {
    expect(kioskCredentialFrom('#kiosk=%E0%A4%A')).toBe('%E0%A4%A');
  });

  it('keeps the path and the query when the fragment goes', () => {
    expect(addressWithoutFragment({ pathname: '/', search: '?kiosk=1&lang=zh-CN' })).toBe('/?kiosk=1&lang=zh-CN');
    expect(addressWithoutFragment({ pathname: '/admin', search: '' })).toBe('/admin');
  });
});
