import { Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../auth/auth-context';
import { CurrentAuth } from '../auth/current-auth.decorator';
import { RequireRole } from '../auth/route-access.decorator';
import { LiveTokenResponseDto } from './live-token-response.dto';
import { LiveTokenService } from './live-token.service';

@ApiTags('live')
@Controller('live/tokens')
export class LiveTokenController {
  constructor(private readonly tokens: LiveTokenService) {}

  @Post()
  @RequireRole('operator')
  @HttpCode(HttpStatus.CREATED)
  // A token is a credential: no cache may keep or share it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A short-lived token for the realtime gateway socket',
    description:
      'Signed (HMAC-SHA256) with LIVE_TOKEN_SECRET, which the api shares with the realtime gateway; valid for LIVE_TOKEN_TTL_S. ' +
      'Issued only to a signed-in user; it carries their username and role. It keeps clients without a session off the ' +
      'live stream, and makes every connection carry an expiring credential.',
  })
  @ApiCreatedResponse({ type: LiveTokenResponseDto, description: 'A new token and its expiry' })
  issue(@CurrentAuth() auth: AuthContext): LiveTokenResponseDto {
    return this.tokens.issue(auth.user);
  }
}
