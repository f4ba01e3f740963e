/** Why ingest refuses a record; each code becomes a DeadLetterReason on the dead-letter topic. */
export enum RejectionCode {
  /** The value is not a decodable message of the topic's type. */
  UNDECODABLE = 'UNDECODABLE',
  /** Decoded, but a field is missing or out of range. */
  INVALID_FIELD = 'INVALID_FIELD',
  /** No key, or a key that disagrees with the payload. */
  BAD_KEY = 'BAD_KEY',
  /** Passed the checks, but the database refuses the row for good (SQLSTATE class 22 or 23). */
  REJECTED_BY_DATABASE = 'REJECTED_BY_DATABASE',
}
