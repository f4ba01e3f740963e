import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import type { OidcFlow } from './oidc-flow-cookie';
import { OIDC_OPTIONS, type OidcOptions } from './oidc-options';
import { OidcSignInError } from './oidc-sign-in.error';

/** What the provider vouches for: its issuer identifier and the person's claims (ID token, then userinfo). */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

const DISCOVERY_TIMEOUT_S = 10;

/** The identity provider, through openid-client: discovery, the authorization request, the code exchange. */
@Injectable()
export class OidcIssuerClient {
  private readonly logger = new Logger(OidcIssuerClient.name);
  // Discovered at the first sign-on, not at boot: the api starts while the provider is away, and
  // a failed discovery is tried again at the next sign-on.
  private discovered: Promise<client.Configuration> | null = null;

  constructor(@Inject(OIDC_OPTIONS) private readonly options: OidcOptions | null) {}

  /** Where to send the browser (code flow, PKCE S256, state, nonce) and what the callback will check. */
  async authorizationRequest(next: string): Promise<{ url: URL; flow: OidcFlow }> {
    const { options, configuration } = await this.configured();
    const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: options.redirectUrl.href,
      scope: options.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url, flow };
  }

  /**
   * Checks the provider's answer (state, issuer, code for tokens with the PKCE verifier, the ID
   * token's signature, audience, expiry and nonce: openid-client does each) and reads the claims.
   */
  async verifiedIdentity(callbackQuery: URLSearchParams, flow: OidcFlow): Promise<VerifiedIdentity> {
    const { options, configuration } = await this.configured();
    // The URL the provider redirected to, as registered: the api itself sits behind the web server's proxy.
    const currentUrl = new URL(options.redirectUrl.href);
    for (const [name, value] of callbackQuery) currentUrl.searchParams.append(name, value);
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (idToken === undefined) throw new OidcSignInError('sso-failed', 'the provider answered no ID token');
      let claims: Record<string, unknown> = { ...idToken };
      // Many providers put profile and group claims only in userinfo when an access token is issued.
      if (configuration.serverMetadata().userinfo_endpoint !== undefined && tokens.access_token) {
        claims = { ...claims, ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), sub: idToken.sub };
      }
      return { issuer: configuration.serverMetadata().issuer, subject: idToken.sub, claims };
    } catch (error) {
      if (error instanceof OidcSignInError) throw error;
      if (error instanceof client.AuthorizationResponseError && error.error === 'access_denied') {
        throw new OidcSignInError('sso-denied', `the provider answered access_denied: ${error.error_description ?? ''}`.trim(), null, { cause: error });
      }
      throw new OidcSignInError('sso-failed', `the provider's answer did not check out: ${describe(error)}`, null, { cause: error });
    }
  }

  private async configured(): Promise<{ options: OidcOptions; configuration: client.Configuration }> {
    const options = this.options;
    if (options === null) throw new OidcSignInError('sso-off', 'single sign-on is not configured (OIDC_ISSUER_URL)');
    this.discovered ??= client
      .discovery(options.issuer, options.clientId, { redirect_uris: [options.redirectUrl.href] }, client.ClientSecretBasic(options.clientSecret), {
        timeout: DISCOVERY_TIMEOUT_S,
        // The config allows http only for a loopback issuer (a provider on this machine).
        execute: options.issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      });
    try {
      return { options, configuration: await this.discovered };
    } catch (error) {
      this.discovered = null;
      this.logger.warn(`discovery at ${options.issuer.href} failed: ${describe(error)}`);
      throw new OidcSignInError('sso-unavailable', `discovery at ${options.issuer.href} failed: ${describe(error)}`, null, { cause: error });
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}${cause}`.slice(0, 500);
}
