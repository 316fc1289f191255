export { collectAccount, type CollectAccountOptions, type CollectedAccount } from './collect-account.js';
export { collectType, type TypeCollection } from './collect-type.js';
export type { CollectProgressEvent, ProgressListener } from './progress.js';
export { SECRET_FIELDS, redactSecrets } from './secret-fields.js';
