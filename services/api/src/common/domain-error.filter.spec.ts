import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode } from './domain-error';
import { domainErrorBody, HTTP_STATUS_BY_CODE } from './domain-error.filter';

describe('domain error mapping', () => {
  it('has a status for every code', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual(Object.values(DomainErrorCode).sort());
  });

  it('turns INVALID_QUERY into the 400 body that names the fields', () => {
    const body = domainErrorBody(DomainError.invalidQuery([{ field: 'to', problem: 'must be after from' }]));
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'INVALID_QUERY',
      message: 'Invalid query',
      fields: [{ field: 'to', problem: 'must be after from' }],
    });
  });

  it('turns DATABASE_UNAVAILABLE into a 503 without fields', () => {
    const body = domainErrorBody(new DomainError(DomainErrorCode.DATABASE_UNAVAILABLE, 'Database unavailable'));
    expect(body).toEqual({ statusCode: 503, error: 'Service Unavailable', code: 'DATABASE_UNAVAILABLE', message: 'Database unavailable' });
  });

  it('turns CITY_LAYER_NOT_FOUND into a 404 naming the layers there are', () => {
    const body = domainErrorBody(DomainError.cityLayerNotFound('parks', ['roads', 'water']));
    expect(body).toEqual({ statusCode: 404, error: 'Not Found', code: 'CITY_LAYER_NOT_FOUND', message: 'No city pack layer "parks"; layers: roads, water' });
  });
});
