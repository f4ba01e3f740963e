import { describe, expect, it } from 'vitest';
import { contentTypeOf } from './content-type.util';

describe('contentTypeOf', () => {
  it('reads the header without parameters, lower-cased', () => {
    expect(contentTypeOf({ 'content-type': Buffer.from('Application/JSON; charset=utf-8') })).toBe('application/json');
    expect(contentTypeOf({ 'content-type': 'application/x-protobuf' })).toBe('application/x-protobuf');
    expect(contentTypeOf({ 'content-type': [Buffer.from('application/json'), Buffer.from('text/plain')] })).toBe('application/json');
  });

  it('is undefined when the header is absent or empty', () => {
    expect(contentTypeOf(undefined)).toBeUndefined();
    expect(contentTypeOf({})).toBeUndefined();
    expect(contentTypeOf({ 'content-type': '' })).toBeUndefined();
  });
});
