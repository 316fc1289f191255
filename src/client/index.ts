export {
  CloudflareClient,
  createClient,
  type ApiResponse,
  type ClientOptions,
  type DeadlineTimer,
  type RequestOptions,
  type RetryEvent,
} from './client.js';
export {
  credentialsFromEnv,
  baseUrlFromEnv,
  CredentialsError,
  DEFAULT_BASE_URL,
  type Credentials,
} from './credentials.js';
export { CloudflareApiError, type ApiErrorKind, type ApiMessage } from './errors.js';
export type { Envelope, ResultInfo } from './envelope.js';
export { listPaged, listSingle, getObject, type ListOutcome, type PageEvent, type Item } from './paginate.js';
export { verifyToken, type TokenVerification } from './verify-token.js';
export { readAccount, type AccountRead } from './read-account.js';
export { pathSegment } from './path-segment.js';
