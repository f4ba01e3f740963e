import { Inject, Injectable } from '@nestjs/common';
import type { CityPack, Corridor } from '@urban-brain/city-pack';
import { corridorTravelTimeRatio, corridorWindowVerdict, type CorridorListResponse, type CorridorSummary, type TimeSpaceResponse } from '@urban-brain/proto';
import { CITY_PACK } from '../city/city-pack.token';
import { DomainError } from '../common/domain-error';
import { corridorPasses, PASS_RULES, trajectoriesOf, trajectoryFigures } from './corridor-passes';
import { CorridorsRepository, type LonLatBox } from './corridors.repository';
import { designBands, designGreenS, designOffsetS, measuredBandwidthS, type CorridorPlan } from './green-band';
import { phaseIntervals } from './phase-intervals';
import type { TimeSpaceQuery } from './time-space-query.schema';

const METRES_PER_DEGREE_LAT = 111_320;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

@Injectable()
export class CorridorsService {
  constructor(
    @Inject(CITY_PACK) private readonly pack: CityPack,
    private readonly repository: CorridorsRepository,
  ) {}

  list(): CorridorListResponse {
    return { corridors: this.pack.corridors.map((c) => summaryOf(c)) };
  }

  async timeSpace(corridorId: string, { from, to }: TimeSpaceQuery): Promise<TimeSpaceResponse> {
    const corridor = this.pack.corridor(corridorId);
    if (!corridor) throw DomainError.corridorNotFound(corridorId);
    const plan = planOf(corridor);
    const fromMs = from.getTime();
    const toMs = to.getTime();
    const [changes, fixes, observed] = await Promise.all([
      this.repository.findPhases(corridorId, from, to),
      this.repository.findFixes(from, to, boxAround(corridor, PASS_RULES.maxOffsetM)),
      this.repository.findObserved(corridorId, from, to),
    ]);

    const intersections = corridor.intersections.map((i) => {
      const { distanceM, name, nameZh } = i.properties;
      return {
        id: i.id,
        name: name ?? i.id,
        nameZh: nameZh ?? name ?? i.id,
        distanceM,
        designOffsetS: round(designOffsetS(distanceM, plan), 1),
        phases: phaseIntervals(
          changes.filter((c) => c.intersectionId === i.id),
          fromMs,
          toMs,
        ),
      };
    });
    const greenS = designGreenS(intersections, fromMs, toMs);
    const passes = corridorPasses(fixes, (lon, lat) => this.pack.distanceAlongCorridor(corridorId, [lon, lat]));
    const trajectories = trajectoriesOf(passes, intersections, plan.designSpeedMps);
    const bandwidthS = measuredBandwidthS(intersections, plan, fromMs, toMs);
    return {
      corridor: summaryOf(corridor),
      fromMs,
      toMs,
      intersections,
      designBands: greenS === null ? [] : designBands(plan, greenS, fromMs, toMs),
      trajectories,
      figures: {
        bandwidthS: bandwidthS === null ? null : round(bandwidthS, 1),
        designBandwidthS: greenS,
        ...trajectoryFigures(trajectories, plan.designSpeedMps),
      },
      observed:
        observed.windows === 0
          ? null
          : {
              ...observed,
              arrivalsOnGreenPct: round(observed.arrivalsOnGreenPct, 1),
              stops: round(observed.stops, 2),
              travelTimeS: round(observed.travelTimeS, 1),
              designTravelTimeS: round(observed.designTravelTimeS, 1),
              verdict: corridorWindowVerdict({ ...observed, travelTimeRatio: corridorTravelTimeRatio(observed.travelTimeS, observed.designTravelTimeS) }),
            },
    };
  }
}

function planOf(corridor: Corridor): CorridorPlan {
  const { cycleS, designSpeedKmh } = corridor.feature.properties;
  return { lengthM: corridor.line.lengthM, cycleS, designSpeedMps: designSpeedKmh / 3.6 };
}

function summaryOf(corridor: Corridor): CorridorSummary {
  const { name, nameZh, cycleS, designSpeedKmh } = corridor.feature.properties;
  const lengthM = corridor.line.lengthM;
  return {
    id: corridor.feature.id,
    name: { en: name, zh: nameZh ?? name },
    lengthM: round(lengthM, 1),
    intersections: corridor.intersections.length,
    cycleS,
    designSpeedKmh,
    designTravelTimeS: round(lengthM / (designSpeedKmh / 3.6), 1),
  };
}

/** The corridor's bounding box grown by `marginM`, in degrees. */
function boxAround(corridor: Corridor, marginM: number): LonLatBox {
  const coordinates = corridor.feature.geometry.coordinates;
  const lons = coordinates.map((c) => c[0]!);
  const lats = coordinates.map((c) => c[1]!);
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  const dLat = marginM / METRES_PER_DEGREE_LAT;
  const dLon = marginM / (METRES_PER_DEGREE_LAT * Math.cos((((south + north) / 2) * Math.PI) / 180));
  return { west: Math.min(...lons) - dLon, south: south - dLat, east: Math.max(...lons) + dLon, north: north + dLat };
}
