import { create } from '@bufbuild/protobuf';
import { AmbulanceTotalsSchema, CallStage } from '@urban-brain/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLocale } from '../i18n/strings';
import { liveFrame } from '../live/live-frame.fixtures';
import { applyFrameToTables, createLiveTables } from '../live/live-tables';
import { callKpisInView, callTileText, responseTimeText, wallCallKpis } from './ambulance-kpis';

describe('the 120 tile', () => {
  afterEach(() => applyLocale('en'));

  it('says the open calls, those waiting for an ambulance and the median response, in English', () => {
    expect(callTileText({ openCalls: 12, waitingCalls: 3 }, 252_000)).toEqual({
      openCalls: '12',
      waiting: '3 waiting for an ambulance',
      median: 'Median response today 4.2 min',
    });
  });

  it('says them the way a Chinese dispatcher does', () => {
    applyLocale('zh-CN');
    expect(callTileText({ openCalls: 1_204, waitingCalls: 3 }, 252_000)).toEqual({
      openCalls: '1,204',
      waiting: '待派车 3 起',
      median: '今日中位响应时间 4.2 分钟',
    });
  });

  it('shows "—" for the median until the api gives one', () => {
    expect(callTileText({ openCalls: 0, waitingCalls: 0 }).median).toBe('Median response today —');
    expect(callTileText({ openCalls: 0, waitingCalls: 0 }, null).median).toBe('Median response today —');
    applyLocale('zh-CN');
    expect(callTileText({ openCalls: 0, waitingCalls: 0 }, undefined)).toEqual({ openCalls: '0', waiting: '待派车 0 起', median: '今日中位响应时间 —' });
  });

  it('writes a response time in minutes with one decimal, and nothing for a time that cannot be', () => {
    expect(responseTimeText(240_000)).toBe('4.0 min');
    expect(responseTimeText(45_000)).toBe('0.8 min');
    expect(responseTimeText(Number.NaN)).toBe('—');
    expect(responseTimeText(-1)).toBe('—');
  });

  it("takes the city's figures from the gateway's totals, else counts the calls held as in view", () => {
    const tables = createLiveTables();
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        calls: [
          { id: 'C1', lon: 105, lat: 29.5, stage: CallStage.RECEIVED },
          { id: 'C2', lon: 105, lat: 29.5, stage: CallStage.DISPATCHED },
          { id: 'C3', lon: 105, lat: 29.5, stage: CallStage.ON_SCENE },
        ],
      }),
      tables,
    );
    expect(callKpisInView(tables.calls)).toEqual({ openCalls: 3, waitingCalls: 1 });
    expect(wallCallKpis({}, () => callKpisInView(tables.calls))).toEqual({ openCalls: 3, waitingCalls: 1, scope: 'view' });
    const totals = { ambulances: create(AmbulanceTotalsSchema, { total: 40, openCalls: 9, waitingCalls: 2 }) };
    expect(wallCallKpis(totals, () => callKpisInView(tables.calls))).toEqual({ openCalls: 9, waitingCalls: 2, scope: 'fleet' });
  });
});
