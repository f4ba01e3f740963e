import { FLEET_STREAMS, httpEnv, kafkaEnv, logEnv, type FleetStreamDescriptor } from '@urban-brain/common';
import { DEFAULT_CITY_PACK_DIR } from '@urban-brain/city-pack';
import { TOPIC_DISPATCH } from '@urban-brain/proto';
import { z } from 'zod';
import { parseFaultRates } from '../faults/fault-rates';

const booleanEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');
const idList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

/** The variable holding a stream's topic: SIM_<topicSetting>_TOPIC (SIM_TRUCK_TOPIC, SIM_CORRIDOR_TOPIC, ...). */
export function topicVariableOf(stream: Pick<FleetStreamDescriptor, 'topicSetting'>): string {
  return `SIM_${stream.topicSetting}_TOPIC`;
}

// What the topic settings were called before they were named per fleet, still read so that
// deployments and scripts that set them keep working. Either name may be set, not both differently.
export const TOPIC_VARIABLE_ALIASES: Readonly<Record<string, string>> = {
  SIM_TRUCK_TOPIC: 'SIM_TOPIC',
  SIM_BIKE_TOPIC: 'SIM_BIKES_TOPIC',
  SIM_BOAT_TOPIC: 'SIM_BOATS_TOPIC',
  SIM_SIGNAL_PHASE_TOPIC: 'SIM_SIGNALS_PHASE_TOPIC',
  SIM_CORRIDOR_TOPIC: 'SIM_SIGNALS_OBS_TOPIC',
};

// Every stream's topic setting and its old name; resolved below, defaulting to the stream's topic.
const topicSettings = Object.fromEntries(
  FLEET_STREAMS.flatMap((stream) => {
    const variable = topicVariableOf(stream);
    const alias = TOPIC_VARIABLE_ALIASES[variable];
    return [variable, ...(alias ? [alias] : [])].map((name) => [name, z.string().min(1).optional()]);
  }),
) as Record<string, z.ZodOptional<z.ZodString>>;

// Keys are environment variable names, so a refusal names the variable to fix.
export const simulatorConfigSchema = z.object({
  ...kafkaEnv,
  ...httpEnv(3003),
  ...logEnv,
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_TRUCKS: z.coerce.number().int().min(1).max(100_000).default(120),
  // Readings per truck per second; fractional for slow runs, up to 100 for benchmarks.
  SIM_RATE_HZ: z.coerce.number().positive().max(100).default(1),
  SIM_SEED: z.coerce.number().int().min(0).max(0xffff_ffff).default(42),
  // Each fleet stream's topic: SIM_TRUCK_TOPIC, SIM_BIKE_TOPIC, SIM_BOAT_TOPIC, SIM_SIGNAL_PHASE_TOPIC, SIM_CORRIDOR_TOPIC.
  ...topicSettings,
  // Trucks take their fixes at this many moments spread evenly over the tick, each truck at one of
  // its own (seeded), as real units are not in step; each moment's readings go out in one send.
  // 1: every truck stamped with the tick's time, one send a tick.
  SIM_TRUCK_SENDS_PER_TICK: z.coerce.number().int().min(1).max(20).default(4),
  // The city the fleets live in; loaded and validated once at boot.
  CITY_PACK_DIR: z.string().min(1).default(DEFAULT_CITY_PACK_DIR),
  // Green-wave signals: phase changes (SPaT-like) per intersection, observations per corridor.
  SIM_SIGNALS_ENABLED: booleanEnv(true),
  SIM_SIGNALS_OBS_S: z.coerce.number().positive().max(3600).default(60),
  // Controllers losing sync: every controller of these corridors but the first drifts (comma list of corridor ids).
  SIM_SIGNALS_DRIFTING: idList.default('corridor:beihuan-east'),
  // How fast a drifting controller's offset grows, seconds per minute.
  SIM_SIGNALS_DRIFT_S_PER_MIN: z.coerce.number().min(0).max(60).default(1),
  // Dark signals (comma list of intersection ids).
  SIM_SIGNALS_DARK: idList.default('intersection:xinjiang-05'),
  // Signal faults begin this long after start, so a run first shows the bands intact.
  SIM_SIGNALS_FAULTS_AFTER_S: z.coerce.number().min(0).default(600),
  // Shared bikes (0 turns the fleet off). Time scale: simulated seconds per wall second, so a test or demo sees a day in minutes.
  SIM_BIKES: z.coerce.number().int().min(0).max(100_000).default(11_000),
  SIM_BIKES_TIME_SCALE: z.coerce.number().positive().max(100_000).default(1),
  // Share of trips that end outside every fence.
  SIM_BIKES_OUTSIDE_SHARE: z.coerce.number().min(0).max(1).default(0.08),
  // Lake-cleanup boats (0 turns the fleet off), 1 Hz readings.
  SIM_BOATS: z.coerce.number().int().min(0).max(1_000).default(12),
  SIM_BOATS_TIME_SCALE: z.coerce.number().positive().max(10_000).default(1),
  // Unlicensed fishing boats sighted per simulated day, fleet-wide.
  SIM_BOATS_SIGHTINGS_PER_DAY: z.coerce.number().min(0).max(10_000).default(4),
  // "120" ambulances (the city pack's stations and crews) and the emergency calls they answer.
  SIM_AMBULANCES_ENABLED: booleanEnv(true),
  // Dispatched calls on an average day, spread over the hours like a real service's (city-packs/neijiang/README.md: ~50).
  SIM_AMBULANCE_CALLS_PER_DAY: z.coerce.number().min(0).max(100_000).default(50),
  // The past played before going live (README "The day so far"): off, today (from the city's
  // midnight), <N>d (N calendar days with today) or <N>h; npm start asks for today on a fresh data folder.
  SIM_BACKFILL: z
    .string()
    .default('off')
    .refine((v) => /^(off|today|0|\d+[dh])$/i.test(v.trim()), 'must be off, today, <N>d or <N>h'),
  // End of the window (ISO time or epoch ms; default: boot). Fixed by npm start so a restarted simulator sends the same past, stored once.
  SIM_BACKFILL_TO: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const ms = /^\d+$/.test(v.trim()) ? Number(v) : Date.parse(v);
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be an ISO time or epoch ms' });
        return z.NEVER;
      }
      return ms;
    }),
  // Trucks and boats report every this many seconds in the past (plus the last second of each minute); 1 is every second.
  SIM_BACKFILL_INTERVAL_S: z.coerce.number().int().min(1).max(60).default(5),
  // The most past events a second, all fleets together: room left for ingest and the gateway to keep the live stream live.
  SIM_BACKFILL_EVENTS_PER_S: z.coerce.number().int().min(100).max(1_000_000).default(12_000),
  // Hours simulated before the window and never sent, so the trucks start the window mid-cycle rather than from a cold start.
  SIM_BACKFILL_WARM_UP_H: z.coerce.number().min(0).max(48).default(12),
  // Dispatch tasks (a dispatcher sent a truck, boat or ambulance to an alert's place), obeyed by the
  // live fleets; read in a group of the simulator's own, ub-simulator-dispatch.<topic>.
  SIM_DISPATCH_ENABLED: booleanEnv(true),
  SIM_DISPATCH_TOPIC: z.string().min(1).default(TOPIC_DISPATCH),
  // Transport faults on every fleet's outgoing stream, e.g. "stale:0.01,duplicate:0.01,malformed:0.001"; empty = none.
  SIM_FAULTS: z
    .string()
    .default('')
    .transform((spec, ctx) => {
      try {
        return parseFaultRates(spec);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    }),
})
  .transform((config, ctx) => {
    // The settings are built from the registry, so their names are not in the type.
    const topics = config as Record<string, unknown>;
    // Each stream's topic under its own name and its old one, so both read the same.
    const seen = new Map<string, string>();
    for (const stream of FLEET_STREAMS) {
      const variable = topicVariableOf(stream);
      const alias = TOPIC_VARIABLE_ALIASES[variable];
      const own = topics[variable] as string | undefined;
      const old = alias === undefined ? undefined : (topics[alias] as string | undefined);
      if (own !== undefined && old !== undefined && own !== old) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message: `says ${JSON.stringify(own)} but its old name ${alias} says ${JSON.stringify(old)}; set one` });
      }
      const topic = own ?? old ?? stream.topic;
      // Ingest routes records by topic: two streams on one topic would dead-letter each other's messages.
      const other = seen.get(topic);
      if (other) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message: `topic ${JSON.stringify(topic)} is already the topic of ${other}` });
      seen.set(topic, stream.name);
      topics[variable] = topic;
      if (alias !== undefined) topics[alias] = topic;
    }
    // The simulator writes the fleet topics and reads this one: one topic for both would feed it its own readings.
    const writtenBy = seen.get(config.SIM_DISPATCH_TOPIC);
    if (writtenBy) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['SIM_DISPATCH_TOPIC'], message: `topic ${JSON.stringify(config.SIM_DISPATCH_TOPIC)} is already the topic of ${writtenBy}` });
    return config;
  });

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;

/** The topic the simulator sends a stream's messages to. */
export function topicOf(config: SimulatorConfig, stream: FleetStreamDescriptor): string {
  return (config as Record<string, unknown>)[topicVariableOf(stream)] as string;
}
