import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import type { Pool } from 'pg';
import { ALERTING_CONFIG, type AlertingConfig } from '../config/alerting.config';
import { CITY_PACK, PG_POOL } from '../core/core.tokens';
import { parseRuleSet, type RuleSet } from './rule-set';

/** A rule set and where it came from: version 0 is the repo's file, 1+ the stored edits (alert_rule_sets). */
export interface VersionedRuleSet {
  version: number;
  source: string;
  yaml: string;
  ruleSet: RuleSet;
}

/**
 * Where the rules come from: the newest stored version (an admin's edit through the api), else the
 * default file. A stored version that does not parse is refused and logged; the one in force stays.
 */
@Injectable()
export class RuleSourceService {
  private readonly logger = new Logger(RuleSourceService.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CITY_PACK) private readonly cityPack: CityPack,
    @Inject(ALERTING_CONFIG) private readonly config: Pick<AlertingConfig, 'ALERTING_RULES_FILE'>,
  ) {}

  /** The default file, parsed: at boot a bad rule here stops the service (the error names the rule and field). */
  defaultRules(): VersionedRuleSet {
    const file = this.config.ALERTING_RULES_FILE;
    const yaml = readFileSync(file, 'utf8');
    return { version: 0, source: file, yaml, ruleSet: parseRuleSet(yaml, file, this.cityPack, 0) };
  }

  /** The newest stored rule set if it is newer than `than`; null when there is none. */
  async newerStored(than: number): Promise<VersionedRuleSet | null> {
    const { rows } = await this.pool.query<{ version: number; yaml: string }>('SELECT version, yaml FROM alert_rule_sets WHERE version > $1 ORDER BY version DESC LIMIT 1', [than]);
    const row = rows[0];
    if (!row) return null;
    const source = `alert_rule_sets version ${row.version}`;
    try {
      return { version: row.version, source, yaml: row.yaml, ruleSet: parseRuleSet(row.yaml, source, this.cityPack, row.version) };
    } catch (error) {
      this.logger.error(`${source} refused, the rules in force stay: ${(error as Error).message}`);
      return null;
    }
  }
}
