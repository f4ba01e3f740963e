/** A rule set that cannot be used: every problem, each "<source>: rule <id>: <field>: <problem>". */
export class RuleSetError extends Error {
  readonly code = 'RULE_SET_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`invalid rule set (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
    this.name = 'RuleSetError';
  }
}
