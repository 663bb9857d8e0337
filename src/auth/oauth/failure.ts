/**
 * Why a social login did not happen, as the SPA's `/login?error=<code>` shows it:
 * - `access_denied`: the person cancelled at the provider;
 * - `provider_error`: the provider refused the code, failed or answered something unexpected;
 * - `email_unverified`: the provider vouches for no email address, so no account can be matched or made.
 */
export type OAuthFailureCode = "access_denied" | "provider_error" | "email_unverified";

/** Not an API error: the browser is in the middle of a redirect, so it is answered with one. */
export class OAuthFailure extends Error {
  override name = "OAuthFailure";
  constructor(
    readonly code: OAuthFailureCode,
    detail: string,
  ) {
    super(detail);
  }
}
