import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ALERT_SEVERITIES, ALERT_STATES, type AlertEventRecord, type AlertEventsResponse, type AlertPage, type AlertSummary, type DispatchCandidate, type DispatchCandidatesResponse } from '@urban-brain/proto';

// OpenAPI shapes of proto/src/alerts.ts (the contract).
class AlertTitleDto {
  @ApiProperty({ example: 'Boat boat-03: battery 14 %' })
  en!: string;

  @ApiProperty({ example: '清漂船 boat-03 电量 14%' })
  zh!: string;
}

@ApiSchema({ name: 'AlertSummary' })
export class AlertSummaryDto implements AlertSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'boat.low-battery' }) rule!: string;
  @ApiProperty({ enum: ['trucks', 'bikes', 'boats', 'signals', 'ambulances', 'city'] }) fleet!: AlertSummary['fleet'];
  @ApiProperty({ example: 'boat-03' }) entityId!: string;
  @ApiProperty({ enum: ALERT_SEVERITIES }) severity!: AlertSummary['severity'];
  @ApiProperty({ enum: ALERT_STATES }) state!: AlertSummary['state'];
  @ApiProperty({ type: AlertTitleDto }) title!: AlertTitleDto;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ description: 'Times the condition became true while the alert was unresolved' }) occurrences!: number;
  @ApiProperty({ type: String, nullable: true }) assignee!: string | null;
  @ApiProperty({ type: Number, nullable: true }) lon!: number | null;
  @ApiProperty({ type: Number, nullable: true }) lat!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Alerts of one rule in one area share it' }) incidentId!: string | null;
  @ApiProperty({ description: 'Whether the rule still finds its condition true' }) conditionActive!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgeDueAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolveDueAt!: string | null;
  @ApiProperty({ description: 'An SLA was breached: its severity went up by one' }) escalated!: boolean;
}

@ApiSchema({ name: 'AlertPage' })
export class AlertPageDto implements AlertPage {
  @ApiProperty({ type: [AlertSummaryDto] }) alerts!: AlertSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

@ApiSchema({ name: 'AlertEventRecord' })
export class AlertEventRecordDto implements AlertEventRecord {
  @ApiProperty({ enum: ['raised', 're-raised', 'acknowledged', 'assigned', 'resolved', 'reopened', 'commented', 'escalated', 'cleared'] }) action!: AlertEventRecord['action'];
  @ApiProperty({ example: 'dispatcher', description: 'A username, or "alerting"' }) actor!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) assignee!: string | null;
}

@ApiSchema({ name: 'AlertEventsResponse' })
export class AlertEventsResponseDto implements AlertEventsResponse {
  @ApiProperty({ type: [AlertEventRecordDto] }) events!: AlertEventRecordDto[];
}

@ApiSchema({ name: 'DispatchCandidate' })
export class DispatchCandidateDto implements DispatchCandidate {
  @ApiProperty({ example: 'trucks' }) fleet!: string;
  @ApiProperty({ example: 'truck-017' }) vehicleId!: string;
  @ApiProperty({ description: 'Road-network travel time from its last position, s' }) etaS!: number;
  @ApiProperty() distanceM!: number;
  @ApiProperty() lon!: number;
  @ApiProperty() lat!: number;
  @ApiProperty({ example: '2.4 km by road' }) reason!: string;
}

@ApiSchema({ name: 'DispatchCandidatesResponse' })
export class DispatchCandidatesResponseDto implements DispatchCandidatesResponse {
  @ApiProperty({ type: [DispatchCandidateDto] }) candidates!: DispatchCandidateDto[];
}

export class AssignAlertRequestDto {
  @ApiProperty({ example: 'truck-017', description: 'A vehicle id from the candidates, or a crew' }) assignee!: string;
  @ApiProperty({ required: false, example: 'trucks', description: "The vehicle's fleet; a vehicle of trucks, boats or ambulances is sent a dispatch task" }) fleet?: string;
}

export class AlertNoteRequestDto {
  @ApiProperty({ required: false, example: 'bins emptied, all clear' }) note?: string;
}
