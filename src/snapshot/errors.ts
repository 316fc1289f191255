/** A snapshot folder that cannot be read or written; `file` names the offending path. */
export class SnapshotError extends Error {
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SnapshotError';
    this.file = file;
  }
}
