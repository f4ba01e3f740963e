import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { describe, expect, it } from 'vitest';
import { RULE_KINDS } from './rule-definition';
import { parseRuleSet } from './rule-set';

const FILE = path.resolve(__dirname, '../../rules/default.rules.yaml');

describe('the default rule set', () => {
  it('parses against the Neijiang pack, every rule kind in it', () => {
    const ruleSet = parseRuleSet(readFileSync(FILE, 'utf8'), FILE, loadCityPack(DEFAULT_CITY_PACK_DIR));
    expect(ruleSet.version).toBe(1);
    expect(new Set(ruleSet.rules.map((r) => r.kind))).toEqual(new Set(RULE_KINDS));
    expect(new Set(ruleSet.rules.map((r) => r.stream)).size).toBe(7);
  });
});
