import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { LiveTokenResponse } from '@urban-brain/proto';

// OpenAPI shape of LiveTokenResponse (proto/src/socket-events.ts is the contract).
@ApiSchema({ name: 'LiveTokenResponse' })
export class LiveTokenResponseDto implements LiveTokenResponse {
  @ApiProperty({
    description: 'Give it as the socket.io handshake `auth: { token }` when connecting to the realtime gateway',
    example: 'eyJ2IjoxLCJpYXQiOjE3NTAwMDAwMDAwMDAsImV4cCI6MTc1MDA0MzIwMDAwMCwianRpIjoiQUJDIn0.c2lnbmF0dXJl',
  })
  token!: string;

  @ApiProperty({ description: 'Epoch ms after which the gateway refuses the token (TOKEN_EXPIRED); fetch a new one before reconnecting', example: 1_750_043_200_000 })
  expiresAtMs!: number;
}
