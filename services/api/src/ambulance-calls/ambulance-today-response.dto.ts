import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'AmbulanceTodayResponse' })
export class AmbulanceTodayResponseDto {
  @ApiProperty({ format: 'date-time', description: 'The instant the figures are for: `at`, or now', example: '2025-05-01T02:30:00.000Z' })
  at!: string;

  @ApiProperty({ description: "The city's time zone, which decides where today begins", example: 'Asia/Shanghai' })
  timeZone!: string;

  @ApiProperty({ format: 'date-time', description: 'Local midnight of the day holding `at`, in UTC', example: '2025-04-30T16:00:00.000Z' })
  dayStart!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Calls received within the 24 hours up to `at` that had no CLOSED step by then (older unclosed calls are taken as lost)',
    example: 3,
  })
  openCalls!: number;

  @ApiProperty({ type: 'integer', description: 'Calls received from `dayStart` to `at`', example: 14 })
  callsReceivedToday!: number;

  @ApiProperty({ type: 'integer', description: 'Calls an ambulance reached on scene from `dayStart` to `at`: the response times below are of these', example: 12 })
  callsOnSceneToday!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Median response time (call received to ambulance on scene), seconds, interpolated, over callsOnSceneToday; null when there are none',
    example: 241.5,
  })
  responseP50S!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The 90th percentile of the same response times, seconds; null when there are none', example: 447 })
  responseP90S!: number | null;
}
