import { Controller, Get, Header, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { OidcSignInOption } from '@urban-brain/proto';
import type { Request, Response } from 'express';
import { requestOrigin } from '../auth-context';
import { setSessionCookies } from '../auth-cookies';
import { AUTH_CLOCK, AUTH_OPTIONS, type AuthOptions } from '../auth-options';
import { Public } from '../route-access.decorator';
import { clearFlowCookie, flowCookieOf, setFlowCookie } from './oidc-flow-cookie';
import { OidcSignInOptionDto } from './oidc-response.dto';
import { OidcService } from './oidc.service';

// The browser navigates through these (links and the provider's redirects), so they answer
// redirects, never error bodies: a refusal is /sign-in?error=<code>.
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Inject(AUTH_CLOCK) private readonly now: () => number,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Whether the sign-in page offers single sign-on (OpenID Connect), and its name' })
  @ApiOkResponse({ type: OidcSignInOptionDto })
  option(): OidcSignInOption {
    return this.oidc.option();
  }

  @Get('start')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start a single sign-on (a link, not a fetch)',
    description: 'Redirects to the identity provider (authorization code, PKCE S256, state, nonce kept in an HTTP-only cookie for 10 minutes); to `/sign-in?error=sso-off|sso-unavailable` when it cannot.',
  })
  @ApiQuery({ name: 'next', required: false, description: 'The page to open after signing in: a path on this site (anything else opens /)', example: '/console' })
  @ApiFoundResponse({ description: 'To the identity provider, or back to the sign-in page with `error`' })
  async start(@Query('next') next: unknown, @Res() response: Response): Promise<void> {
    const step = await this.oidc.start(next);
    if (step.flow) setFlowCookie(response, step.flow, this.options.secureCookies);
    response.redirect(302, step.redirectTo);
  }

  @Get('callback')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The identity provider's redirect back (OIDC_REDIRECT_URL)",
    description: 'Checks the answer, finds or creates the person, sets the session cookies and redirects to the page asked for; a refusal redirects to `/sign-in?error=<code>` (proto OidcSignInError) and is in the audit log.',
  })
  @ApiFoundResponse({ description: 'To the page asked for, signed in; or to the sign-in page with `error`' })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const query = new URL(request.originalUrl, 'http://api.invalid').searchParams;
    const step = await this.oidc.finish(query, flowCookieOf(request), requestOrigin(request));
    // One answer per flow: the state and verifier are not used twice.
    clearFlowCookie(response, this.options.secureCookies);
    if (step.session) setSessionCookies(response, step.session, this.options, this.now());
    response.redirect(302, step.redirectTo);
  }
}
