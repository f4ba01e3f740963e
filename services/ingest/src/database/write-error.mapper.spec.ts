import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyWriteError } from './write-error.mapper';

// The error pg hands over for an ErrorResponse, as the server would send it.
function serverError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('classifyWriteError', () => {
  it.each([
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22003', 'value out of range: overflow'],
    ['22P02', 'invalid input syntax for type real: "x"'],
    ['22007', 'invalid input syntax for type timestamp with time zone: "x"'],
    ['23502', 'null value in column "note" violates not-null constraint'],
    ['23514', 'new row violates check constraint "speed_ok"'],
    ['23503', 'insert or update violates foreign key constraint'],
  ])('rejects the rows for %s (data or integrity: the same rows fail the same way again)', (code, message) => {
    expect(classifyWriteError(serverError(code, message))).toEqual({ kind: 'rows-rejected', sqlState: code, detail: `SQLSTATE ${code}: ${message}` });
  });

  it.each([
    ['08006', 'connection failure'],
    ['40001', 'could not serialize access due to concurrent update'],
    ['40P01', 'deadlock detected'],
    ['53100', 'could not extend file: No space left on device'],
    ['53300', 'sorry, too many clients already'],
    ['55P03', 'canceling statement due to lock timeout'],
    ['57014', 'canceling statement due to statement timeout'],
    ['57P01', 'terminating connection due to administrator command'],
    // Permanent, but for every row alike: waiting for a fix beats dead-lettering the stream.
    ['42804', 'column "seq" is of type bigint but expression is of type text'],
    ['42P01', 'relation "truck_readings" does not exist'],
  ])('keeps %s transient (the database is in trouble, not the rows)', (code, message) => {
    expect(classifyWriteError(serverError(code, message))).toMatchObject({ kind: 'transient', sqlState: code });
  });

  it('keeps errors without a SQLSTATE transient: sockets, timeouts, anything thrown', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyWriteError(reset)).toEqual({ kind: 'transient', sqlState: null, detail: 'read ECONNRESET' });
    expect(classifyWriteError(new Error('Connection terminated unexpectedly'))).toMatchObject({ kind: 'transient', sqlState: null });
    expect(classifyWriteError('a string')).toEqual({ kind: 'transient', sqlState: null, detail: 'a string' });
    expect(classifyWriteError(null)).toMatchObject({ kind: 'transient', sqlState: null });
  });
});
