// SQLSTATE classes and codes that mean "the database cannot serve us right now", as opposed to a bad query:
// 08xxx connection exceptions, 53300 too many connections, 57P01-57P03 shutdown / starting up.
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57P0[123])$/;
// Socket-level failures reported by node before any SQLSTATE exists.
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE']);

/** True when a pg error says the database is down or unreachable (a 503), not that the query was wrong (a 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  // pg reports a dropped connection and a pool wait timeout with messages only.
  return /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
}
