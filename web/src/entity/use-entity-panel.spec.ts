import { effectScope, nextTick, shallowRef } from 'vue';
import { AmbulanceState, CallStage, TaskState } from '@urban-brain/proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CityPlaces } from '../dashboard/use-city-places';
import { applyLocale } from '../i18n/strings';
import { applyFrameToTables } from '../live/live-tables';
import { liveFrame } from '../live/live-frame.fixtures';
import type { SelectedEntity } from '../stores/selection.store';
import { boatRow, corridorRow, fakeLiveFrames } from './entity-fixtures';
import { useEntityPanel } from './use-entity-panel';

const NOW = Date.UTC(2025, 4, 1, 2, 0);
const places: CityPlaces = {
  districts: shallowRef([{ id: 'district:shizhong', name: 'Shizhong', nameZh: '市中区', ring: [[105, 29.5], [105.1, 29.5], [105.1, 29.6], [105, 29.6], [105, 29.5]], bounds: [105, 29.5, 105.1, 29.6] }]),
  corridorNames: shallowRef(new Map([['corridor:daqian-south', { name: 'Daqian Road (south)', nameZh: '大千路（南段）' }]])),
  siteNames: shallowRef(
    new Map([
      ['site:ambulance-station-baima', { name: '120 station, Baima', nameZh: '120急救站（白马）' }],
      ['site:hospital-first-people', { name: "Neijiang First People's Hospital", nameZh: '内江市第一人民医院' }],
    ]),
  ),
  corridorOfIntersection: shallowRef(new Map()),
};

function recordingFetch(answer: (url: URL) => unknown) {
  const asked: URL[] = [];
  const fetchImpl = (async (url: string) => {
    const parsed = new URL(url, 'http://wall');
    asked.push(parsed);
    return new Response(JSON.stringify(answer(parsed)));
  }) as unknown as typeof fetch;
  return { fetchImpl, asked };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTick();
  await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('the selected entity panel', () => {
  afterEach(() => applyLocale('en'));

  it("shows a truck's live readings and its speed and load from history, then from live frames", async () => {
    const live = fakeLiveFrames();
    applyFrameToTables(liveFrame({ snapshot: true, trucks: [{ id: 'truck-007', lon: 105.05, lat: 29.55, speedKmh: 18, task: TaskState.COLLECTING, recordedAtMs: NOW - 1000 }] }), live.tables);
    const api = recordingFetch(() => ({
      tracks: [
        {
          id: 'truck-007',
          points: [
            { t: new Date(NOW - 20 * 60_000).toISOString(), properties: { speedKmh: 30, loadKg: 100 } },
            { t: new Date(NOW - 10 * 60_000).toISOString(), properties: { speedKmh: 12, loadKg: 300 } },
          ],
        },
      ],
    }));
    const selected = shallowRef<SelectedEntity | null>({ layer: 'trucks', id: 'truck-007' });
    let at = NOW;
    const scope = effectScope();
    const panel = scope.run(() => useEntityPanel(live, () => selected.value, places, api.fetchImpl, () => at))!;
    await settle();

    const view = panel.view.value!;
    expect(view.title).toBe('truck-007');
    expect(view.kind).toBe('Compactor');
    expect(view.place).toBe('Shizhong');
    expect(view.readings.find((r) => r.label === 'Task')?.value).toBe('Collecting');
    expect(view.readings.find((r) => r.label === 'Speed')?.value).toBe('18 km/h');

    const asked = api.asked[0]!;
    expect(asked.pathname).toBe('/api/history/tracks');
    expect(asked.searchParams.get('ids')).toBe('truck-007');
    expect(asked.searchParams.get('every')).toBe('20');
    const [speed, load] = panel.series.value;
    expect(speed!.spec.metric).toBe('speedKmh');
    expect(speed!.status).toBe('ready');
    expect(speed!.points.map((p) => p.v)).toEqual([30, 12, 18]);
    expect(load!.points.map((p) => p.v)).toEqual([100, 300, 500]);

    // A new fix arrives: the readings follow at once, the line at its next redraw.
    at = NOW + 5_000;
    applyFrameToTables(liveFrame({ snapshot: false, trucks: [{ id: 'truck-007', lon: 105.05, lat: 29.55, speedKmh: 25, task: TaskState.COLLECTING, recordedAtMs: NOW + 4_000 }] }), live.tables);
    live.bump('trucks');
    await settle();
    expect(panel.view.value!.readings.find((r) => r.label === 'Speed')?.value).toBe('25 km/h');
    expect(panel.series.value[0]!.points.at(-1)).toEqual({ t: NOW + 4_000, v: 25 });

    applyLocale('zh-CN');
    expect(panel.view.value!.kind).toBe('压缩式垃圾车');
    expect(panel.view.value!.place).toBe('市中区');
    scope.stop();
  });

  it('says the history is unavailable and still draws the live values', async () => {
    const live = fakeLiveFrames();
    live.tables.boats.apply(true, [], ['boat-03'], boatRow({ batteryPct: 15, debrisKg: 40 }));
    const fetchImpl = (async () => new Response('down', { status: 503 })) as unknown as typeof fetch;
    const scope = effectScope();
    const panel = scope.run(() => useEntityPanel(live, () => ({ layer: 'boats', id: 'boat-03' }), places, fetchImpl, () => NOW))!;
    await settle();
    expect(panel.view.value!.place).toBe('Tianchenghu lake');
    expect(panel.view.value!.readings.find((r) => r.label === 'Battery')).toMatchObject({ value: '15%', alert: true });
    expect(panel.series.value.map((s) => s.status)).toEqual(['unavailable', 'unavailable']);
    expect(panel.series.value[1]!.points).toEqual([{ t: NOW, v: 15 }]);
    scope.stop();
  });

  it("names a corridor by its road and charts its own observations over the city's mean", async () => {
    const live = fakeLiveFrames();
    const id = 'corridor:daqian-south';
    live.tables.corridors.apply(true, [], [id], corridorRow({ arrivalsOnGreenPct: 40, travelTimeRatio: 1.4, observedAtMs: NOW - 120_000 }));
    live.bump('corridors');
    const api = recordingFetch(() => ({ buckets: [{ t: new Date(NOW - 60_000).toISOString(), meanArrivalsOnGreenPct: 72 }] }));
    let at = NOW;
    const selected = shallowRef<SelectedEntity | null>(null);
    const scope = effectScope();
    const panel = scope.run(() => useEntityPanel(live, () => selected.value, places, api.fetchImpl, () => at))!;
    await settle();
    // Observed before anyone selected it: the log keeps it.
    live.tables.corridors.apply(false, [], [id], corridorRow({ arrivalsOnGreenPct: 45, travelTimeRatio: 1.2, observedAtMs: NOW - 60_000 }));
    live.bump('corridors');
    await settle();
    selected.value = { layer: 'corridors', id };
    at = NOW + 1;
    await settle();
    expect(panel.view.value!.title).toBe('Daqian Road (south)');
    expect(api.asked[0]!.searchParams.get('fleet')).toBe('corridors');
    const [line] = panel.series.value;
    expect(line!.points.map((p) => p.v)).toEqual([40, 45]);
    expect(line!.reference.map((p) => p.v)).toEqual([72]);
    selected.value = null;
    await settle();
    expect(panel.view.value).toBeNull();
    expect(panel.series.value).toEqual([]);
    scope.stop();
  });

  it("shows an ambulance's state, speed, call and station, in English and Chinese, and charts its speed", async () => {
    const live = fakeLiveFrames();
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        ambulances: [{ id: 'NJ120-07', lon: 105.05, lat: 29.55, state: AmbulanceState.TO_SCENE, speedKmh: 51, callId: 'CALL-X-0003', stationId: 'site:ambulance-station-baima', recordedAtMs: NOW - 1000 }],
      }),
      live.tables,
    );
    const api = recordingFetch(() => ({ tracks: [{ id: 'NJ120-07', points: [{ t: new Date(NOW - 60_000).toISOString(), properties: { speedKmh: 0 } }] }] }));
    const scope = effectScope();
    const panel = scope.run(() => useEntityPanel(live, () => ({ layer: 'ambulances', id: 'NJ120-07' }), places, api.fetchImpl, () => NOW))!;
    await settle();
    const reading = (label: string) => panel.view.value!.readings.find((r) => r.label === label)?.value;
    expect(panel.view.value).toMatchObject({ kind: '120 ambulance', title: 'NJ120-07', place: 'Shizhong', live: true });
    expect(reading('State')).toBe('To scene');
    expect(reading('Speed')).toBe('51 km/h');
    expect(reading('Call')).toBe('CALL-X-0003');
    expect(reading('Station')).toBe('120 station, Baima');
    expect(api.asked[0]!.searchParams.get('fleet')).toBe('ambulances');
    expect(panel.series.value[0]!.points.map((p) => p.v)).toEqual([0, 51]);

    applyLocale('zh-CN');
    expect(panel.view.value!.kind).toBe('120救护车');
    expect(reading('状态')).toBe('在途');
    expect(reading('所属急救站')).toBe('120急救站（白马）');
    scope.stop();
  });

  it("shows an open call's stage, priority, waiting time, ambulance and hospital, and follows it to its end", async () => {
    const live = fakeLiveFrames();
    const call = { id: 'CALL-X-0003', lon: 105.05, lat: 29.55, priority: 1, receivedAtMs: NOW - 13 * 60_000, districtId: 'district:shizhong' };
    applyFrameToTables(liveFrame({ snapshot: true, calls: [{ ...call, stage: CallStage.DISPATCHED, ambulanceId: 'NJ120-07' }] }), live.tables);
    const api = recordingFetch(() => ({}));
    const scope = effectScope();
    const panel = scope.run(() => useEntityPanel(live, () => ({ layer: 'calls', id: call.id }), places, api.fetchImpl, () => NOW))!;
    await settle();
    const reading = (label: string) => panel.view.value!.readings.find((r) => r.label === label);
    expect(panel.view.value).toMatchObject({ kind: '120 call', title: call.id, place: 'Shizhong', live: true });
    expect(reading('Stage')).toMatchObject({ value: 'Ambulance on the way' });
    expect(reading('Priority')).toMatchObject({ value: 'P1 · life-threatening', alert: true });
    // Thirteen minutes and nobody on scene yet: overdue.
    expect(reading('Since the call')).toMatchObject({ value: '13 min', alert: true });
    expect(reading('Ambulance')).toMatchObject({ value: 'NJ120-07' });
    expect(reading('Hospital')).toMatchObject({ value: 'none yet' });
    // A call charts nothing: no history is asked for.
    expect(api.asked).toEqual([]);
    expect(panel.series.value).toEqual([]);

    // On the way to hospital: the ambulance is with the patient, the wait is over.
    applyFrameToTables(liveFrame({ snapshot: false, calls: [{ ...call, stage: CallStage.TRANSPORTING, ambulanceId: 'NJ120-07', hospitalId: 'site:hospital-first-people' }] }), live.tables);
    live.bump('ambulances');
    await settle();
    expect(reading('Stage')).toMatchObject({ value: 'Transporting' });
    expect(reading('Since the call')).toMatchObject({ alert: false });
    expect(reading('Hospital')).toMatchObject({ value: "Neijiang First People's Hospital" });
    applyLocale('zh-CN');
    expect(panel.view.value!.kind).toBe('120急救事件');
    expect(reading('处置进度')).toMatchObject({ value: '转运中' });
    expect(reading('病情分级')).toMatchObject({ value: '一级 · 危重' });
    expect(reading('送往医院')).toMatchObject({ value: '内江市第一人民医院' });
    expect(reading('呼救至今')).toMatchObject({ value: '13 分钟' });

    // Closed: the call leaves the table, the panel keeps it greyed.
    applyFrameToTables(liveFrame({ snapshot: false, removedCalls: [call.id] }), live.tables);
    live.bump('ambulances');
    await settle();
    expect(panel.view.value).toMatchObject({ title: call.id, live: false });
    scope.stop();
  });
});
