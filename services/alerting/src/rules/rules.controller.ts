import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Post } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { CITY_PACK } from '../core/core.tokens';
import { AlertEvaluationService } from '../evaluation/alert-evaluation.service';
import { parseRuleSet } from './rule-set';

/**
 * The rules service's own check of a rule set, for the api before it stores an admin's edit (the
 * services meet over HTTP): the same parser and city pack the engine uses. Loopback only, like the
 * rest of this service's HTTP.
 */
@Controller('rules')
export class RulesController {
  constructor(
    @Inject(CITY_PACK) private readonly cityPack: CityPack,
    private readonly evaluation: AlertEvaluationService,
  ) {}

  /** The rule set in force (version 0: the default file), as written. */
  @Get()
  inForce(): { version: number; yaml: string } {
    return this.evaluation.rulesInForce();
  }

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  validate(@Body() body: unknown): { ok: true; rules: number } {
    const yaml = (body as { yaml?: unknown } | null)?.yaml;
    if (typeof yaml !== 'string') throw new HttpException({ ok: false, problems: ['yaml: must be the rule set as YAML text'] }, HttpStatus.BAD_REQUEST);
    try {
      const ruleSet = parseRuleSet(yaml, 'draft', this.cityPack, 0);
      return { ok: true, rules: ruleSet.rules.length };
    } catch (error) {
      throw new HttpException({ ok: false, problems: (error as Error).message.split('\n') }, HttpStatus.BAD_REQUEST);
    }
  }
}
