/**
 * The close codes a subscription connection may end with besides graphql-ws's own. A client
 * reconnects (with a fresh token for 4401) and resumes each subscription with `after` set to
 * the id of the last event it received; nothing is lost.
 */
export const CloseCode = {
  /** No token, an invalid one, or it expired or was revoked: sign in again, then resume. */
  Unauthorized: 4401,
  /** The client read too slowly and its buffer filled: resume with `after`. */
  TooSlow: 4413,
  /** The gateway is shutting down: resume on another instance with `after`. */
  GoingAway: 1001,
} as const;

export const CloseReason = {
  noToken: 'Unauthorized: send connectionParams.authorization = "Bearer <token>"',
  invalidToken: 'Unauthorized: the token is invalid, expired or revoked; sign in again and resume with after',
  expired: 'Unauthorized: the token expired; reconnect with a fresh token and resume with after',
  tooSlow: 'Too slow: the client did not keep up with its events; resume with after',
  goingAway: 'The gateway is shutting down; reconnect and resume with after',
} as const;
