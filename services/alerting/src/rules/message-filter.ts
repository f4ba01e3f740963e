import type { MessageField } from './message-field';

/** A compiled `when:` block: every test must pass. */
export interface MessageFilter {
  readonly tests: readonly FieldTest[];
  /** The block as written, for messages. */
  readonly text: string;
}

export type FieldTest =
  | { field: MessageField; op: 'in' | 'notIn'; values: readonly (number | string | boolean)[] }
  | { field: MessageField; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number };

export function passes(filter: MessageFilter | null, message: Record<string, unknown>): boolean {
  if (filter === null) return true;
  const tests = filter.tests;
  for (let t = 0; t < tests.length; t++) {
    if (!passesTest(tests[t]!, message)) return false;
  }
  return true;
}

function passesTest(test: FieldTest, message: Record<string, unknown>): boolean {
  switch (test.op) {
    case 'in':
    case 'notIn': {
      const raw = message[test.field.localName];
      const value = typeof raw === 'bigint' ? Number(raw) : raw;
      const found = test.values.includes(value as number | string | boolean);
      return test.op === 'in' ? found : !found;
    }
    case 'gt':
      return test.field.readNumber(message) > test.value;
    case 'gte':
      return test.field.readNumber(message) >= test.value;
    case 'lt':
      return test.field.readNumber(message) < test.value;
    case 'lte':
      return test.field.readNumber(message) <= test.value;
  }
}
