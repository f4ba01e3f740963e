import { httpEnv, kafkaEnv, logEnv } from '@urban-brain/common';
import { TOPIC_TRUCK_READINGS } from '@urban-brain/proto';
import { z } from 'zod';

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
  SIM_TOPIC: z.string().min(1).default(TOPIC_TRUCK_READINGS),
});

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
