import { Body, Controller, Delete, Get, Header, HttpCode, HttpException, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import type { BacktestProgress, BacktestResult } from '@urban-brain/proto';
import { backtestCsv } from './backtest-csv';
import { BacktestError, BacktestErrorCode } from './backtest.error';
import { BacktestService } from './backtest.service';

const STATUS: Record<BacktestErrorCode, HttpStatus> = {
  [BacktestErrorCode.INVALID_BACKTEST]: HttpStatus.BAD_REQUEST,
  [BacktestErrorCode.INVALID_DRAFT]: HttpStatus.BAD_REQUEST,
  [BacktestErrorCode.BACKTEST_BUSY]: HttpStatus.TOO_MANY_REQUESTS,
  [BacktestErrorCode.BACKTEST_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [BacktestErrorCode.BACKTEST_NOT_DONE]: HttpStatus.CONFLICT,
};

/** The one mapper of backtest errors to HTTP: { ok: false, code, message, problems } (problems as POST /rules/validate lists them). */
function mapped<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof BacktestError) throw new HttpException({ ok: false, code: error.code, message: error.message, problems: error.problems }, STATUS[error.code]);
    throw error;
  }
}

/** Backtests of a rule set over a recorded window, dry-run (loopback only; the api proxies it for engineers). */
@Controller('backtests')
export class BacktestController {
  constructor(private readonly backtests: BacktestService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  start(@Body() body: unknown): { id: string } {
    return mapped(() => this.backtests.start(body));
  }

  @Get(':id')
  progress(@Param('id') id: string): BacktestProgress {
    return mapped(() => this.backtests.progress(id));
  }

  @Get(':id/result')
  @Header('cache-control', 'no-store')
  result(@Param('id') id: string, @Query('format') format: string | undefined, @Res({ passthrough: true }) response: { setHeader(name: string, value: string): unknown }): BacktestResult | string {
    if (format !== undefined && format !== 'json' && format !== 'csv') {
      throw new HttpException({ ok: false, code: BacktestErrorCode.INVALID_BACKTEST, message: 'Invalid query', problems: ['format: must be json or csv'] }, HttpStatus.BAD_REQUEST);
    }
    const result = mapped(() => this.backtests.result(id));
    if (format !== 'csv') return result;
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="backtest-${id}.csv"`);
    return backtestCsv(result);
  }

  @Delete(':id')
  cancel(@Param('id') id: string): BacktestProgress {
    return mapped(() => this.backtests.cancel(id));
  }
}
